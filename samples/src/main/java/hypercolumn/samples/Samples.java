package hypercolumn.samples;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/** Runs one sample by name: {@code ./demo.sh NAME [ARGS...]}. */
public final class Samples {
  private interface Sample {
    void run(String[] args) throws Exception;
  }

  private static final Map<String, Sample> SAMPLES = new TreeMap<>();

  static {
    SAMPLES.put("perceptron", PerceptronSample::main);
    SAMPLES.put("xor", XorSample::main);
    SAMPLES.put("body-shape", BodyShapeSample::main);
    SAMPLES.put("straight-line", StraightLineSample::main);
    SAMPLES.put("fashion-mnist", FashionMnistSample::main);
    SAMPLES.put("fashion-cnn", FashionCnnSample::main);
    SAMPLES.put("fashion-cnn-bn", FashionCnnSample::withBatchNorm);
    SAMPLES.put("iris", IrisSample::main);
  }

  private Samples() {}

  public static void main(String[] args) throws Exception {
    String name = args.length == 0 ? "fashion-mnist" : args[0];
    Sample sample = SAMPLES.get(name);
    if (sample == null) {
      if (!name.equals("list")) {
        System.err.println("No sample named '" + name + "'.");
      }
      System.err.println("Samples: " + String.join(", ", SAMPLES.keySet()));
      System.exit(name.equals("list") ? 0 : 2);
    }
    try {
      sample.run(Arrays.copyOfRange(args, Math.min(1, args.length), args.length));
    } catch (IOException | IllegalArgumentException e) {
      // Bad arguments or data: the message says what was expected and what was found.
      System.err.println(name + ": " + e.getMessage());
      System.exit(2);
    }
  }
}
