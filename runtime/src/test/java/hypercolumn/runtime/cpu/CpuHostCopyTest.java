package hypercolumn.runtime.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import hypercolumn.runtime.HostCopy;
import hypercolumn.runtime.Tensor;
import org.junit.jupiter.api.Test;

class CpuHostCopyTest {

  @Test
  void copiesWhenStartedAndRejectsWhatDoesNotFit() {
    try (CpuDevice device = new CpuDevice(1); HostCopy copy = device.hostCopy(2)) {
      Tensor t = device.allocate(3);
      device.upload(new float[] {1f, 2f, 3f}, 0, t, 0, 3);
      IllegalStateException early = assertThrows(IllegalStateException.class, copy::await);
      assertEquals("await() before any start()", early.getMessage());
      copy.start(t, 1, 2);
      device.fill(t, 0, 3, 0f); // the CPU copied at start
      assertArrayEquals(new float[] {2f, 3f}, copy.await());
      IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class, () -> copy.start(t, 0, 3));
      assertEquals("a host copy of capacity 2 cannot take 3 floats", tooMany.getMessage());
      assertThrows(IndexOutOfBoundsException.class, () -> copy.start(t, 2, 2), "a range past the tensor");
      IllegalArgumentException negative = assertThrows(IllegalArgumentException.class, () -> device.hostCopy(-1));
      assertEquals("capacity must be >= 0, found -1", negative.getMessage());
    }
  }
}
