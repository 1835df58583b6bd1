package hypercolumn.runtime.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link OptimizerKernels#adam} on the Java Vector API, with the same operations in the same
 * order (no fused multiply-adds), so its results are bit for bit the scalar ones. C2 does not
 * vectorize the scalar loop (it reads and writes two regions of one state array). Only loaded
 * when the JVM has jdk.incubator.vector.
 */
final class VectorOptimizerKernels {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_256;

  /**
   * Ranges shorter than this stay scalar: until C2 compiles this method every vector operation
   * allocates, and small models take many steps to get there.
   */
  static final int MIN_LENGTH = 16 * 1024;

  private VectorOptimizerKernels() {}

  static void adam(
      float[] p, float[] g, float[] state, int count, int from, int to, float beta1,
      float beta2, float eps, float stepSize, float bc2Sqrt) {
    if (to - from < MIN_LENGTH) {
      OptimizerKernels.adam(p, g, state, count, from, to, beta1, beta2, eps, stepSize, bc2Sqrt);
      return;
    }
    float oneMinusBeta1 = 1 - beta1;
    float oneMinusBeta2 = 1 - beta2;
    int i = from;
    for (int end = from + SPECIES.loopBound(to - from); i < end; i += SPECIES.length()) {
      FloatVector gradient = FloatVector.fromArray(SPECIES, g, i);
      FloatVector m = FloatVector.fromArray(SPECIES, state, i);
      m = m.add(gradient.sub(m).mul(oneMinusBeta1));
      FloatVector v = FloatVector.fromArray(SPECIES, state, count + i).mul(beta2)
          .add(gradient.mul(oneMinusBeta2).mul(gradient));
      m.intoArray(state, i);
      v.intoArray(state, count + i);
      FloatVector denominator = v.lanewise(VectorOperators.SQRT).div(bc2Sqrt).add(eps);
      FloatVector.fromArray(SPECIES, p, i).sub(m.div(denominator).mul(stepSize)).intoArray(p, i);
    }
    OptimizerKernels.adam(p, g, state, count, i, to, beta1, beta2, eps, stepSize, bc2Sqrt);
  }
}
