package hypercolumn.testing;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

class ToleranceTest {
  @Test
  void nanOrInfinityInTheResultFails() {
    assertFalse(Tolerance.within(new double[] {1, 2}, new double[] {1, Double.NaN}, 1e9));
    assertFalse(Tolerance.within(new double[] {1, 2}, new double[] {Double.POSITIVE_INFINITY, 2}, 1e9));
    assertFalse(Tolerance.within(new double[] {1}, new double[] {Double.NEGATIVE_INFINITY}, 1e9));
  }

  @Test
  void aReferenceThatIsNotFiniteFails() {
    assertFalse(Tolerance.within(new double[] {Double.NaN}, new double[] {Double.NaN}, 1));
    assertFalse(Tolerance.within(new double[] {Double.POSITIVE_INFINITY}, new double[] {Double.POSITIVE_INFINITY}, 1));
  }

  @Test
  void theBoundScalesWithTheLargestReferenceButNeverBelowOne() {
    // max|reference| = 1000: a difference of 0.009 is within 1e-5 * 1000 = 0.01, 0.011 is not.
    assertTrue(Tolerance.within(new double[] {1000, 0.5}, new double[] {1000, 0.509}, 1e-5));
    assertFalse(Tolerance.within(new double[] {1000, 0.5}, new double[] {1000, 0.511}, 1e-5));
    // max|reference| = 0.001 < 1: the bound is tol itself.
    assertTrue(Tolerance.within(new double[] {0.001}, new double[] {0.001 + 0.9e-5}, 1e-5));
    assertFalse(Tolerance.within(new double[] {0.001}, new double[] {0.001 + 1.1e-5}, 1e-5));
  }

  @Test
  void lengthsMustAgree() {
    assertFalse(Tolerance.within(new double[] {1, 2}, new double[] {1}, 1));
  }

  @Test
  void theMessageNamesTheWorstElement() {
    AssertionFailedError error = assertThrows(AssertionFailedError.class,
        () -> Tolerance.assertWithin("logits", new float[] {1, 2, 3}, new float[] {1, 2.5f, 3.1f}, 1e-3));
    assertTrue(error.getMessage().startsWith("logits: 2 of 3 values"), error.getMessage());
    assertTrue(error.getMessage().contains("worst at [1]"), error.getMessage());
    assertDoesNotThrow(() -> Tolerance.assertWithin("same", new float[] {1, 2}, new float[] {1, 2}, 0));
  }

  @Test
  void aNegativeOrNanToleranceIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> Tolerance.within(new double[] {1}, new double[] {1}, -1));
    assertThrows(IllegalArgumentException.class, () -> Tolerance.within(new double[] {1}, new double[] {1}, Double.NaN));
  }
}
