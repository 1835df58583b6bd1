package hypercolumn.tests;

import static org.junit.jupiter.api.Assertions.fail;

import hypercolumn.testing.Tolerance;

/**
 * A CUDA kernel's output against its Java twin's. Where the Java kernel left NaN or an infinity
 * (a buffer it does not write may hold one), the CUDA kernel must hold the same value (any NaN
 * for a NaN); everywhere else the values go to {@link Tolerance#assertWithin}, which fails on a
 * NaN or an infinity that Java does not have.
 */
public final class KernelOutputs {
  private KernelOutputs() {}

  public static void assertMatchesJava(String what, float[] java, float[] cuda, double tol) {
    if (java.length != cuda.length) {
      fail(what + ": expected " + java.length + " values, found " + cuda.length);
    }
    int finite = 0;
    for (int i = 0; i < java.length; i++) {
      if (Float.isFinite(java[i])) {
        finite++;
      } else if (Float.floatToIntBits(java[i]) != Float.floatToIntBits(cuda[i])) {
        fail(what + ": at [" + i + "] the Java kernel holds " + java[i] + ", the CUDA kernel " + cuda[i]);
      }
    }
    float[] javaFinite = new float[finite];
    float[] cudaThere = new float[finite];
    for (int i = 0, n = 0; i < java.length; i++) {
      if (Float.isFinite(java[i])) {
        javaFinite[n] = java[i];
        cudaThere[n++] = cuda[i];
      }
    }
    Tolerance.assertWithin(what + " (where Java's values are finite)", javaFinite, cudaThere, tol);
  }
}
