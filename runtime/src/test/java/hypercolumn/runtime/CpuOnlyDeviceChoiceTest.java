package hypercolumn.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hypercolumn.runtime.cpu.CpuDevice;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A project that trains on CPUs only depends on this artifact alone, and this module's test
 * class path is exactly that: the runtime and what Maven resolves for it, without
 * hypercolumn-runtime-cuda or JCuda. The oracle is the wording the choice must have, written
 * here: the reason names the missing artifact and what to add.
 */
class CpuOnlyDeviceChoiceTest {
  private final String previous = System.getProperty(Devices.DEVICE_PROPERTY);

  @AfterEach
  void restore() {
    if (previous == null) {
      System.clearProperty(Devices.DEVICE_PROPERTY);
    } else {
      System.setProperty(Devices.DEVICE_PROPERTY, previous);
    }
  }

  @Test
  void theRuntimesClassPathHasNeitherTheCudaDeviceNorJCuda() {
    ClassLoader loader = Devices.class.getClassLoader();
    assertNull(loader.getResource("hypercolumn/runtime/cuda/CudaDevice.class"));
    assertNull(loader.getResource("META-INF/services/hypercolumn.runtime.DeviceProvider"));
    assertNull(loader.getResource("jcuda/Pointer.class"));
    assertNull(loader.getResource("jcuda/jcublas/JCublas2.class"));
  }

  @Test
  void withoutTheCudaArtifactTheCpuIsChosenAndTheReasonSaysWhatToAdd() {
    System.clearProperty(Devices.DEVICE_PROPERTY);
    Devices.Choice choice = Devices.choose();
    try (Device device = choice.device()) {
      assertTrue(device instanceof CpuDevice, device.describe());
      assertEquals("CPU: dev.hypercolumn:hypercolumn-runtime-cuda is not on the class path; add the"
          + " dependency dev.hypercolumn:hypercolumn-runtime-cuda (same version as"
          + " hypercolumn-runtime) to train on an NVIDIA GPU", choice.reason());
    }
  }

  @Test
  void forcingCudaWithoutTheArtifactThrowsNamingIt() {
    System.setProperty(Devices.DEVICE_PROPERTY, "cuda");
    IllegalStateException e = assertThrows(IllegalStateException.class, Devices::choose);
    assertEquals("The CUDA device is in dev.hypercolumn:hypercolumn-runtime-cuda, which is not on"
        + " the class path: add the dependency dev.hypercolumn:hypercolumn-runtime-cuda (same"
        + " version as hypercolumn-runtime) to train on an NVIDIA GPU", e.getMessage());
    assertThrows(IllegalStateException.class, Devices::cuda);
  }
}
