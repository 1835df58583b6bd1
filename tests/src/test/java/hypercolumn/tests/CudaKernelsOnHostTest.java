package hypercolumn.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import hypercolumn.runtime.Device;
import hypercolumn.runtime.FusedKernel;
import hypercolumn.runtime.Model;
import hypercolumn.runtime.Rng;
import hypercolumn.runtime.cpu.CpuDevice;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated CUDA kernels compute what their Java twins compute. A training step runs on the
 * CPU device with every kernel launch recorded (its arguments before and after the Java
 * kernel); the network's CUDA source, compiled by the host C++ compiler with the CUDA keywords
 * defined away and the grid emulated by calling each kernel once per (block, thread) of a small
 * odd grid, replays each launch under the ABI of {@code FusedKernel} (pointers advanced by the
 * offsets). The results must agree within {@link #TOLERANCE} of each buffer's largest magnitude
 * (at least 1), room for {@code expf} and {@code tanhf} against {@code (float) Math.exp} and
 * {@code Math.tanh}; a wrong index, column, mask or operator is off by far more, and a NaN or
 * infinity that the Java kernel does not have fails. Skipped without g++.
 */
class CudaKernelsOnHostTest {
  /** About 4 ulps of 1; the largest difference seen is 1 ulp (5.96e-8 of a value below 1). */
  private static final double TOLERANCE = 5e-7;
  private static final String SHIM = String.join("\n",
      "#include <math.h>",
      "#include <stdio.h>",
      "#include <string.h>",
      "#define __global__",
      "#define __device__",
      "struct Dim { unsigned int x; };",
      "static Dim blockIdx, threadIdx, blockDim = {7}, gridDim = {3};",
      "");

  @TempDir Path directory;

  /** One launch: each buffer's region before and after the Java kernel ran. */

  // Not DropoutMlpNet: AllocationTest relies on the JIT's view of its Device calls, which a
  // second Device class (the recording proxy) would change.
  @Test
  void cudaKernelsMatchJavaKernelsOnEveryNetwork() throws Exception {
    Path gxx = onPath("g++");
    assumeTrue(gxx != null, "g++ is not on the PATH: the CUDA kernels were not run on the host");
    check(gxx, "DropoutEverywhereNet", DropoutEverywhereNet.CUDA_SOURCE_RESOURCE, DropoutEverywhereNet::new);
    check(gxx, "DefaultAlphasNet", DefaultAlphasNet.CUDA_SOURCE_RESOURCE, DefaultAlphasNet::new);
    check(gxx, "EluSoftmaxMseNet", EluSoftmaxMseNet.CUDA_SOURCE_RESOURCE, EluSoftmaxMseNet::new);
    check(gxx, "NoBiasMseNet", NoBiasMseNet.CUDA_SOURCE_RESOURCE, NoBiasMseNet::new);
    check(gxx, "SigmoidLeakyBceNet", SigmoidLeakyBceNet.CUDA_SOURCE_RESOURCE, SigmoidLeakyBceNet::new);
    check(gxx, "TanhReluCeNet", TanhReluCeNet.CUDA_SOURCE_RESOURCE, TanhReluCeNet::new);
    check(gxx, "ThresholdUnitNet", ThresholdUnitNet.CUDA_SOURCE_RESOURCE, ThresholdUnitNet::new);
  }

  private void check(Path gxx, String name, String resource, Function<Device, Model> constructor) throws Exception {
    List<LaunchRecorder.Launch> launches = new ArrayList<>();
    int batch = 5;
    try (CpuDevice cpu = new CpuDevice(1)) {
      Model model = constructor.apply(LaunchRecorder.recording(cpu, launches));
      model.initialize(11L);
      RandomBatch.of(model, batch, 11L).feed(model);
      model.forward(batch, true, Rng.key(11L, 1, 0));
      model.lossAndGradient(batch);
      model.backward(batch);
    }
    assertFalse(launches.isEmpty(), name + " launched no kernel");
    String cuda;
    try (InputStream in = CudaKernelsOnHostTest.class.getResourceAsStream(resource)) {
      assertFalse(in == null, "no resource " + resource + " beside " + name);
      cuda = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Path source = directory.resolve(name + ".cpp");
    Files.writeString(source, SHIM + cuda + harness(launches));
    Path program = directory.resolve(name);
    String compiled = run(gxx.toString(), "-O1", "-o", program.toString(), source.toString());
    assertFalse(compiled.startsWith("exit "), "g++ failed on " + name + ":\n" + compiled);
    String output = run(program.toString());
    assertFalse(output.startsWith("exit "), output);
    compare(name, launches, output.lines().toList());
  }

  /** main(): each launch's buffers as arrays, the kernel over the emulated grid, the results printed. */
  private static String harness(List<LaunchRecorder.Launch> launches) {
    StringBuilder out = new StringBuilder("\nint main() {\n");
    for (int n = 0; n < launches.size(); n++) {
      LaunchRecorder.Launch launch = launches.get(n);
      List<String> arguments = new ArrayList<>(List.of(String.valueOf(launch.rows())));
      for (int k = 0; k < launch.before().length; k++) {
        String array = "l" + n + "b" + k;
        out.append("  static float ").append(array).append("[] = {");
        float[] values = launch.before()[k];
        for (int i = 0; i < values.length; i++) {
          out.append(i == 0 ? "" : ", ").append(hex(values[i]));
        }
        out.append("};\n");
        arguments.add(array);
      }
      for (float scalar : launch.scalars()) {
        arguments.add(hex(scalar));
      }
      // The key is read through a pointer (see FusedKernel's launch ABI).
      out.append("  static const unsigned long long l").append(n).append("key = ")
          .append(Long.toUnsignedString(launch.rngKey())).append("ULL;\n");
      arguments.add("&l" + n + "key");
      out.append("  for (blockIdx.x = 0; blockIdx.x < gridDim.x; blockIdx.x++)\n")
          .append("    for (threadIdx.x = 0; threadIdx.x < blockDim.x; threadIdx.x++)\n")
          .append("      ").append(launch.kernel().name()).append("(").append(String.join(", ", arguments)).append(");\n");
      for (int k = 0; k < launch.before().length; k++) {
        out.append("  for (int i = 0; i < ").append(launch.before()[k].length).append("; i++) {")
            .append(" unsigned int bits; memcpy(&bits, &l").append(n).append("b").append(k).append("[i], 4);")
            .append(" printf(\"%08x\\n\", bits); }\n");
      }
    }
    return out.append("  return 0;\n}\n").toString();
  }

  private static void compare(String name, List<LaunchRecorder.Launch> launches, List<String> lines) {
    int line = 0;
    for (LaunchRecorder.Launch launch : launches) {
      for (int k = 0; k < launch.after().length; k++) {
        float[] java = launch.after()[k];
        float[] cuda = new float[java.length];
        for (int i = 0; i < cuda.length; i++) {
          cuda[i] = Float.intBitsToFloat(Integer.parseUnsignedInt(lines.get(line++), 16));
        }
        KernelOutputs.assertMatchesJava(name + "." + launch.kernel().name() + " buffer " + k, java, cuda, TOLERANCE);
      }
    }
    assertEquals(line, lines.size(), name + ": lines printed by the host program");
  }

  private String run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException(command[0] + " ran for more than 120 s");
    }
    return process.exitValue() == 0 ? output : "exit " + process.exitValue() + ":\n" + output;
  }

  private static Path onPath(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  private static String hex(float value) {
    return Float.toHexString(value) + "f";
  }
}
