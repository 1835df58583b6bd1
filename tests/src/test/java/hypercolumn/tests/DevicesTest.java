package hypercolumn.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import hypercolumn.runtime.Devices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** How {@link Devices#choose()} picks a device and says why. */
@Tag("cuda")
class DevicesTest {
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
  void aUsableGpuIsChosen() {
    assumeTrue(TestDevices.cudaExpected(), "no CUDA device or emulator configured");
    System.clearProperty(Devices.DEVICE_PROPERTY);
    Devices.Choice choice = Devices.choose();
    try (var device = choice.device()) {
      assertTrue(device.describe().startsWith("CUDA, "), device.describe());
      assertEquals("CUDA: a GPU is usable", choice.reason());
    }
  }

  @Test
  void thePropertyForcesTheCpu() {
    System.setProperty(Devices.DEVICE_PROPERTY, "cpu");
    Devices.Choice choice = Devices.choose();
    try (var device = choice.device()) {
      assertTrue(device.describe().startsWith("CPU, "), device.describe());
      assertEquals("CPU: forced by -Dhypercolumn.device=cpu", choice.reason());
    }
  }

  @Test
  void anUnknownDeviceIsRejected() {
    System.setProperty(Devices.DEVICE_PROPERTY, "tpu");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, Devices::choose);
    assertEquals("-Dhypercolumn.device must be cpu or cuda, found 'tpu'", e.getMessage());
  }
}
