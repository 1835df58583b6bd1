package hypercolumn.tests;

import hypercolumn.runtime.Device;
import hypercolumn.runtime.cpu.CpuDevice;
import hypercolumn.runtime.cuda.CudaDevice;
import java.util.stream.Stream;

/**
 * The devices the numerics suites run on: always the CPU, and the CUDA device where one is
 * expected. In the build that is the CPU emulator of the CUDA libraries (the tests module's
 * surefire sets {@code hypercolumn.cuda.path}); on a GPU machine, the GPU. Where CUDA is
 * expected, an unusable CUDA device fails the tests instead of skipping them.
 */
enum TestDevices {
  CPU {
    @Override
    Device open() {
      return new CpuDevice(2);
    }
  },
  CUDA {
    @Override
    Device open() {
      return CudaDevice.open(0);
    }
  };

  abstract Device open();

  /** Whether this run must cover the CUDA device: an emulator or GPU was named, or a GPU is here. */
  static boolean cudaExpected() {
    return System.getProperty("hypercolumn.cuda.path") != null
        || "cuda".equals(System.getProperty("hypercolumn.device"))
        || CudaDevice.usable();
  }

  /**
   * The devices to run on, for {@code @MethodSource("hypercolumn.tests.TestDevices#all")}. With
   * {@code CI=true} the CUDA cases may not vanish: a run that expects no CUDA device (neither
   * {@code hypercolumn.cuda.path} nor a GPU) fails instead of quietly running the CPU alone.
   */
  static Stream<TestDevices> all() {
    if (cudaExpected()) {
      return Stream.of(CPU, CUDA);
    }
    if ("true".equals(System.getenv("CI"))) {
      throw new IllegalStateException("CI=true, but the CUDA cases would not run: set hypercolumn.cuda.path to "
          + "the CUDA emulator (the tests module's surefire does) or run on a GPU. " + CudaDevice.status());
    }
    return Stream.of(CPU);
  }
}
