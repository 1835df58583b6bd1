package hypercolumn.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hypercolumn.runtime.Model;
import hypercolumn.runtime.Rng;
import hypercolumn.runtime.Tensor;
import hypercolumn.runtime.cpu.CpuDevice;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * {@code Model.useInput}: a model reads its input from the caller's tensor, in place where only
 * dense layers read it, and gives the same bits as after {@code setInput}: outputs, loss and
 * every gradient, with dropout drawing the same masks.
 */
class UseInputTest {
  private static final int BATCH = 5;

  @Test
  void readingTheCallersArrayInPlaceGivesWhatSetInputGives() {
    check(TanhReluCeNet::new, 1, 3);
  }

  @Test
  void withDropoutOnTheInputTheSamplesAreCopiedAndGiveWhatSetInputGives() {
    check(DropoutEverywhereNet::new, 2, 2);
  }

  private static void check(Function<CpuDevice, Model> network, long seed, int labelClasses) {
    try (CpuDevice device = new CpuDevice(2)) {
      Model viaSet = network.apply(device);
      Model viaView = network.apply(device);
      int inputSize = viaSet.inputSize();
      int offset = 3 * inputSize; // samples from the fourth row of the caller's array
      float[] samples = new float[offset + BATCH * inputSize + 7];
      for (int i = 0; i < samples.length; i++) {
        samples[i] = 2 * Rng.uniform(seed, i) - 1;
      }
      float[] labels = new float[BATCH * viaSet.labelSize()];
      for (int i = 0; i < labels.length; i++) {
        labels[i] = i % labelClasses;
      }
      float[] before = samples.clone();
      Tensor view = device.hostView(samples);
      assertSame(samples, view.hostArray(), "a host view is the array itself, not a copy");
      NullPointerException noArray = assertThrows(NullPointerException.class, () -> device.hostView(null));
      assertTrue(noArray.getMessage().contains("values is null"), noArray.getMessage());

      float[][] results = new float[2][];
      Model[] models = {viaSet, viaView};
      for (int m = 0; m < 2; m++) {
        Model model = models[m];
        model.initialize(seed);
        model.reserve(BATCH);
        if (m == 0) {
          model.setInput(samples, offset, BATCH);
        } else {
          model.useInput(view, offset, BATCH);
        }
        model.setLabels(labels, 0, BATCH);
        model.forward(BATCH, true, Rng.key(seed, 9, 0));
        float loss = model.lossAndGradient(BATCH);
        model.backward(BATCH);
        float[] output = new float[BATCH * model.outputSize()];
        model.readOutput(output, 0, BATCH);
        float[] gradients = new float[model.parameterCount()];
        device.download(model.gradientBuffer(), 0, gradients, 0, gradients.length);
        float[] all = new float[1 + output.length + gradients.length];
        all[0] = loss;
        System.arraycopy(output, 0, all, 1, output.length);
        System.arraycopy(gradients, 0, all, 1 + output.length, gradients.length);
        results[m] = all;
      }
      assertArrayEquals(results[0], results[1], "loss, outputs and gradients after useInput against setInput");
      assertArrayEquals(before, samples, "the caller's samples were changed");

      IllegalArgumentException shortTensor = assertThrows(IllegalArgumentException.class,
          () -> viaView.useInput(view, samples.length - inputSize, 2));
      assertTrue(shortTensor.getMessage().contains("Expected " + inputSize + " floats for each of 2 samples"),
          shortTensor.getMessage());
      try (CpuDevice other = new CpuDevice(1)) {
        Tensor foreign = other.allocate(BATCH * inputSize);
        IllegalArgumentException wrongDevice =
            assertThrows(IllegalArgumentException.class, () -> viaView.useInput(foreign, 0, BATCH));
        assertTrue(wrongDevice.getMessage().startsWith("Expected samples on "), wrongDevice.getMessage());
      }
    }
  }
}
