package hypercolumn.runtime.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class VectorOptimizerKernelsTest {
  @Test
  void vectorAdamIsBitForBitTheScalarAdam() {
    int count = 3 * VectorOptimizerKernels.MIN_LENGTH + 5; // a scalar tail too
    Random random = new Random(5);
    float[] p = new float[count];
    float[] g = new float[count];
    float[] state = new float[2 * count];
    for (int i = 0; i < count; i++) {
      p[i] = random.nextFloat() * 2 - 1;
      state[count + i] = random.nextFloat() * 1e-3f;
      state[i] = random.nextFloat() * 1e-2f - 5e-3f;
    }
    float[] p2 = p.clone();
    float[] state2 = state.clone();
    for (int step = 1; step <= 3; step++) {
      for (int i = 0; i < count; i++) {
        g[i] = random.nextFloat() * 2 - 1;
      }
      float stepSize = (float) (1e-3 / (1 - Math.pow(0.9, step)));
      float bc2Sqrt = (float) Math.sqrt(1 - Math.pow(0.999, step));
      // an odd start, so vectors do not line up with the array
      VectorOptimizerKernels.adam(p, g, state, count, 3, count, 0.9f, 0.999f, 1e-8f, stepSize, bc2Sqrt);
      OptimizerKernels.adam(p2, g, state2, count, 3, count, 0.9f, 0.999f, 1e-8f, stepSize, bc2Sqrt);
    }
    for (int i = 0; i < count; i++) {
      assertEquals(Float.floatToIntBits(p2[i]), Float.floatToIntBits(p[i]),
          "parameter " + i + ": scalar " + p2[i] + ", vector " + p[i]);
    }
    for (int i = 0; i < 2 * count; i++) {
      assertEquals(Float.floatToIntBits(state2[i]), Float.floatToIntBits(state[i]),
          "state " + i + ": scalar " + state2[i] + ", vector " + state[i]);
    }
  }
}
