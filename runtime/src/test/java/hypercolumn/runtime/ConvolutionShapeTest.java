package hypercolumn.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Output sizes against figures worked out by hand from PyTorch's documented formula for
 * {@code nn.Conv2d} and {@code nn.MaxPool2d}, {@code floor((H + pads - dilation * (k - 1) - 1)
 * / stride) + 1}, and the messages of sizes that cannot work.
 */
class ConvolutionShapeTest {

  private static ConvolutionShape conv(int h, int w, int k, int stride, int pad, int dilation) {
    return new ConvolutionShape(2, 3, h, w, 4, k, k, stride, stride, pad, pad, pad, pad, dilation, dilation);
  }

  @Test
  void samePaddingKeepsTheSizeAtStrideOne() {
    ConvolutionShape s = conv(28, 28, 5, 1, 2, 1);
    assertEquals(28, s.outHeight());
    assertEquals(28, s.outWidth());
    assertEquals(2 * 3 * 28 * 28, s.inputSize());
    assertEquals(2 * 4 * 28 * 28, s.outputSize());
    assertEquals(4 * 3 * 5 * 5, s.weightSize());
    assertTrue(s.symmetricPadding());
  }

  @Test
  void strideAndDilationFollowTheFloorFormula() {
    assertEquals(3, conv(7, 7, 3, 1, 0, 2).outHeight());   // (7 - 4 - 1) / 1 + 1
    assertEquals(4, conv(8, 8, 3, 2, 1, 1).outHeight());   // (8 + 2 - 2 - 1) / 2 + 1 = 4
    assertEquals(3, conv(7, 7, 3, 3, 1, 1).outWidth());    // (7 + 2 - 3) / 3 + 1 = 3
  }

  @Test
  void asymmetricPaddingCountsEachSide() {
    ConvolutionShape s = new ConvolutionShape(1, 1, 5, 6, 1, 2, 2, 2, 2, 0, 1, 0, 1, 1, 1);
    assertEquals(3, s.outHeight()); // (5 + 1 - 2) / 2 + 1
    assertEquals(3, s.outWidth());  // (6 + 1 - 2) / 2 + 1
    assertFalse(s.symmetricPadding());
  }

  @Test
  void aWindowLargerThanThePaddedInputShowsTheArithmetic() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> conv(4, 4, 7, 1, 1, 1));
    assertEquals("Expected a window of at most the padded height, found 7 > 4 + 1 + 1 = 6, so the output"
        + " height (6 - 7) / 1 + 1 is below 1", e.getMessage());
  }

  @Test
  void aStrideBelowOneIsRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> conv(8, 8, 3, 0, 0, 1));
    assertEquals("Expected strideHeight of at least 1, found 0", e.getMessage());
  }

  @Test
  void poolingOfTwoHalvesAndCountsPadding() {
    PoolingShape s = new PoolingShape(PoolingShape.Mode.MAX, 2, 32, 28, 28, 2, 2, 2, 2, 0, 0, 0, 0);
    assertEquals(14, s.outHeight());
    assertEquals(14, s.outWidth());
    assertEquals(2 * 32 * 14 * 14, s.outputSize());
    PoolingShape padded = new PoolingShape(PoolingShape.Mode.AVERAGE, 1, 1, 5, 5, 3, 3, 2, 2, 1, 1, 1, 1);
    assertEquals(3, padded.outHeight()); // (5 + 2 - 3) / 2 + 1
    assertThrows(IllegalArgumentException.class,
        () -> new PoolingShape(PoolingShape.Mode.MAX, 1, 1, 2, 2, 3, 3, 1, 1, 0, 0, 0, 0));
  }
}
