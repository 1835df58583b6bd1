package hypercolumn.tests;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import hypercolumn.runtime.cpu.CpuDevice;
import hypercolumn.runtime.cuda.CudaDevice;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

/**
 * A test class that compares the CUDA device with the CPU: both devices opened once for the
 * class, and the class skipped where no CUDA device or emulator is configured.
 */
@Tag("cuda")
abstract class CpuAgainstCudaTest {
  static CpuDevice cpu;
  static CudaDevice cuda;

  @BeforeAll
  static void openDevices() {
    assumeTrue(TestDevices.cudaExpected(), "no CUDA device or emulator configured: " + CudaDevice.status());
    cpu = new CpuDevice(2);
    cuda = CudaDevice.open(0);
  }

  @AfterAll
  static void closeDevices() {
    if (cuda != null) {
      cuda.close();
      cpu.close();
      cuda = null;
      cpu = null;
    }
  }
}
