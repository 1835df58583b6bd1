package hypercolumn.tests;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The CUDA-against-Java comparison on outputs written out by hand, NaN and infinity included. */
class KernelOutputsTest {
  private static final float NAN = Float.NaN;
  private static final float INF = Float.POSITIVE_INFINITY;

  private static String failure(float[] java, float[] cuda) {
    return assertThrows(AssertionFailedError.class,
        () -> KernelOutputs.assertMatchesJava("k", java, cuda, 1e-6)).getMessage();
  }

  @Test
  void aNanOrInfinityThatJavaDoesNotHaveFails() {
    assertTrue(failure(new float[] {1, 2}, new float[] {1, NAN}).contains("found NaN at [1]"));
    assertTrue(failure(new float[] {1, 2}, new float[] {INF, 2}).contains("found Infinity at [0]"));
    assertTrue(failure(new float[] {1, 2}, new float[] {1, -INF}).contains("found -Infinity at [1]"));
  }

  @Test
  void javasNanAndInfinitiesMustBeMatchedExactly() {
    assertDoesNotThrow(() -> KernelOutputs.assertMatchesJava("k", new float[] {NAN, 1, -INF},
        new float[] {Float.intBitsToFloat(0xffc00000), 1, -INF}, 1e-6));
    assertTrue(failure(new float[] {NAN, 1}, new float[] {0, 1}).contains("at [0] the Java kernel holds NaN"));
    assertTrue(failure(new float[] {INF, 1}, new float[] {-INF, 1}).contains("the CUDA kernel -Infinity"));
  }

  @Test
  void finiteValuesGoThroughTheTolerance() {
    assertDoesNotThrow(() -> KernelOutputs.assertMatchesJava("k", new float[] {0.5f, 1}, new float[] {0.5f + 5e-7f, 1}, 1e-6));
    assertTrue(failure(new float[] {0.5f, 1}, new float[] {0.5f + 2e-6f, 1}).contains("1 of 2 values differ"));
    assertTrue(failure(new float[] {1, 2}, new float[] {1}).contains("expected 2 values, found 1"));
  }
}
