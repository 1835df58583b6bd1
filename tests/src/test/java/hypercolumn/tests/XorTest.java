package hypercolumn.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import hypercolumn.runtime.Model;
import hypercolumn.runtime.cpu.CpuDevice;
import hypercolumn.runtime.train.Adam;
import hypercolumn.runtime.train.Optimizer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** XOR is not linearly separable: a hidden tanh layer has to learn it. */
class XorTest {
  private static final float[] X = {0, 0, 0, 1, 1, 0, 1, 1};
  private static final float[] Y = {0, 1, 1, 0};

  private static int correctOutputs(float[] logits) {
    int correct = 0;
    for (int i = 0; i < Y.length; i++) {
      correct += (logits[i] > 0) == (Y[i] == 1) ? 1 : 0;
    }
    return correct;
  }

  @Test
  void smallMlpLearnsXor() {
    try (CpuDevice device = new CpuDevice(1)) {
      Model model = new XorMlpNet(device);
      model.initialize(2024L);
      model.reserve(4);
      model.setInput(X, 0, 4);
      model.setLabels(Y, 0, 4);
      Optimizer adam = Adam.lr(0.05f);
      adam.attach(device, model.parameterCount());
      List<String> curve = new ArrayList<>();
      for (int step = 0; step < 500; step++) {
        model.forward(4, true, step);
        float loss = model.lossAndGradient(4);
        model.backward(4);
        adam.step(model.parameterBuffer(), model.gradientBuffer());
        if (step % 25 == 0) {
          curve.add(String.format("%d: %.4f", step, loss));
        }
      }
      model.forward(4, false, 0L);
      float[] logits = Models.output(model, 4);
      int correct = correctOutputs(logits);
      curve.add("final: " + model.loss(4));
      assertEquals(4, correct, () -> "XOR accuracy " + correct + "/4; loss curve " + curve);
    }
  }
}
