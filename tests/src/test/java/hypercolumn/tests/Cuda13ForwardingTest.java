package hypercolumn.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import hypercolumn.runtime.Device;
import hypercolumn.runtime.Model;
import hypercolumn.runtime.cpu.CpuDevice;
import hypercolumn.runtime.cuda.CudaDevice;
import hypercolumn.runtime.train.Adam;
import hypercolumn.runtime.train.Optimizer;
import hypercolumn.testing.Tolerance;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A machine with only CUDA 13: the emulator built as {@code libcublas.so.13} and {@code
 * libnvrtc.so.13} (with those symbol versions) stands in for it. The runtime must load them
 * through its bundled {@code .12} forwarders, by itself, and train as the CPU does. Runs in a
 * child JVM, since a JVM loads its CUDA libraries once.
 */
@Tag("emulator")
class Cuda13ForwardingTest {
  /** In the child JVM: the device's status, then the parameters after training on each device. */
  public static void main(String[] args) {
    System.out.println("status|" + CudaDevice.status());
    float[][] parameters = new float[2][];
    Device[] devices = {new CpuDevice(1), CudaDevice.open(0)};
    for (int d = 0; d < 2; d++) {
      Model model = new DropoutMlpNet(devices[d]);
      model.initialize(5L);
      RandomBatch data = RandomBatch.of(model, 16, 5L);
      data.feed(model);
      Optimizer adam = Adam.lr(1e-2f);
      adam.attach(devices[d], model.parameterCount());
      for (int step = 0; step < 3; step++) {
        model.forward(data.batch(), true, 100L + step);
        model.lossAndGradient(data.batch());
        model.backward(data.batch());
        adam.step(model.parameterBuffer(), model.gradientBuffer());
      }
      parameters[d] = Models.all(model, model.parameterBuffer());
      devices[d].close();
    }
    System.out.println("cpu|" + Arrays.toString(parameters[0]));
    System.out.println("cuda|" + Arrays.toString(parameters[1]));
  }

  @Test
  void onlyCuda13IsPresentAndTheForwardersCarryTheDevice(@TempDir Path cache) throws Exception {
    Path cuda13 = Path.of(System.getProperty("hypercolumn.cuda.path", "none"), "cuda13");
    assumeTrue(Files.isDirectory(cuda13), "no CUDA 13 emulator at " + cuda13);
    Process child = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Dhypercolumn.cuda.path=" + cuda13, "-Dhypercolumn.cuda.cache=" + cache,
        "-cp", System.getProperty("java.class.path"), Cuda13ForwardingTest.class.getName())
        .redirectErrorStream(true).start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the child JVM did not finish");
    assertEquals(0, child.exitValue(), output);
    String status = line(output, "status|");
    assertTrue(status.contains("libnvrtc.so.13 " + cuda13 + File.separator + "libnvrtc.so.13 through the bundled libnvrtc.so.12 forwarder"), status);
    assertTrue(status.contains("libcublas.so.13 " + cuda13 + File.separator + "libcublas.so.13 through the bundled libcublas.so.12 forwarder"), status);
    Tolerance.assertWithin("parameters after 3 Adam steps against the CPU's",
        floats(line(output, "cpu|")), floats(line(output, "cuda|")), 1e-6);
  }

  /** The values of {@code Arrays.toString(float[])}, which prints each float exactly. */
  private static float[] floats(String printed) {
    String[] parts = printed.substring(1, printed.length() - 1).split(", ");
    float[] values = new float[parts.length];
    for (int i = 0; i < parts.length; i++) {
      values[i] = Float.parseFloat(parts[i]);
    }
    return values;
  }

  private static String line(String output, String prefix) {
    return output.lines().filter(l -> l.startsWith(prefix)).findFirst()
        .map(l -> l.substring(prefix.length()))
        .orElseThrow(() -> new AssertionError("no line starting with " + prefix + " in:\n" + output));
  }
}
