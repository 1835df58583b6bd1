package hypercolumn.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hypercolumn.runtime.cpu.CpuDevice;
import org.junit.jupiter.api.Test;

/**
 * The plumbing generated networks delegate to: the arena's layout per sample (a buffer at
 * per-sample offset {@code o} starts at {@code o * capacity}), reserve growing only, where the
 * input is read from, and the argument checks' messages. Expected positions are worked out by
 * hand from that layout.
 */
class ModelSupportTest {
  /** Input 2 floats a sample at 0, labels 1 at 2, output 3 at 3: 6 floats a sample. */
  private static ModelSupport support(Device device) {
    return ModelSupport.of(device, 6).input(0, 2).labels(2, 1).output(3, 3);
  }

  @Test
  void reserveGrowsTheArenaOnlyAndLaysBuffersOutPerSample() {
    try (Device device = new CpuDevice(1)) {
      ModelSupport support = support(device);
      assertTrue(support.reserve(4));
      assertFalse(support.reserve(3), "a smaller batch must keep the arena");
      assertEquals(4, support.capacity());
      Slice output = support.slice(3);
      assertEquals(12, output.offset());
      assertEquals(24, output.tensor().size());
      assertSame(output.tensor(), support.input().tensor());
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> support.reserve(0));
      assertEquals("Expected a batch size of at least 1, found 0", e.getMessage());
    }
  }

  @Test
  void samplesLabelsAndOutputsGoWhereTheLayoutSays() {
    try (Device device = new CpuDevice(1)) {
      ModelSupport support = support(device);
      support.reserve(2);
      support.setInput(new float[] {9, 1, 2, 3, 4}, 1, 2);
      support.setLabels(new float[] {5, 6}, 0, 2);
      Tensor arena = support.input().tensor();
      device.upload(new float[] {7, 8, 9, 10, 11, 12}, 0, arena, 6, 6);
      float[] all = new float[12];
      device.download(arena, 0, all, 0, 12);
      assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, all);
      float[] output = new float[7];
      support.readOutput(output, 1, 2);
      assertArrayEquals(new float[] {0, 7, 8, 9, 10, 11, 12}, output);
    }
  }

  @Test
  void useInputReadsInPlaceUnlessAKernelReadsTheInput() {
    try (Device device = new CpuDevice(1)) {
      Tensor samples = device.allocate(10);
      device.upload(new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, 0, samples, 0, 10);
      ModelSupport inPlace = support(device);
      inPlace.reserve(2);
      inPlace.useInput(samples, 3, 2);
      assertSame(samples, inPlace.input().tensor());
      assertEquals(3, inPlace.input().offset());

      ModelSupport copied = support(device).inputCopiedForKernels();
      copied.reserve(2);
      copied.useInput(samples, 3, 2);
      assertEquals(0, copied.input().offset());
      float[] arena = new float[4];
      device.download(copied.input().tensor(), 0, arena, 0, 4);
      assertArrayEquals(new float[] {3, 4, 5, 6}, arena);

      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> inPlace.useInput(samples, 7, 2));
      assertEquals("Expected 2 floats for each of 2 samples from offset 7 in a tensor of 10 floats", e.getMessage());
    }
  }

  @Test
  void batchesAndArraysAreCheckedWithMessagesThatSayWhatToDo() {
    try (Device device = new CpuDevice(1)) {
      ModelSupport support = support(device);
      support.reserve(2);
      IllegalArgumentException batch = assertThrows(IllegalArgumentException.class, () -> support.checkBatch(3));
      assertEquals("Expected a batch of 1 to 2 samples, found 3; call reserve(3) first", batch.getMessage());
      IllegalArgumentException length = assertThrows(IllegalArgumentException.class,
          () -> support.setLabels(new float[3], 2, 2));
      assertEquals("Expected 2 floats from offset 2, found an array of length 3", length.getMessage());
      NullPointerException none = assertThrows(NullPointerException.class, () -> ModelSupport.of(null, 6));
      assertEquals("Expected a Device, found null", none.getMessage());
    }
  }
}
