package hypercolumn.tests.cuda13;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hypercolumn.runtime.cuda.RealLibrariesProbe;
import hypercolumn.tests.WindowKernelPlans;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * NVIDIA's real NVRTC 13 compiles every generated network's kernels, the window kernels of
 * {@code WindowKernelPlans} and the runtime's own ({@code runtime_kernels.cu}) through JCuda and the runtime's {@code libnvrtc.so.12} forwarder,
 * exactly as on a GPU machine, for sm_80 and sm_90. The oracles are independent of our code: the
 * kernel names are read from each source with a pattern, and the PTX must declare every one as
 * an entry for the right target; the cubin must be a CUDA ELF (machine 190); NVRTC's log must be
 * empty, so a warning fails the test as an error would.
 */
class RealNvrtcCompileTest {
  private static final Pattern KERNEL = Pattern.compile("extern \"C\" __global__ void (\\w+)\\(");
  private static final int EM_CUDA = 190;

  @Test
  void realNvrtc13CompilesEveryKernelForAmpereAndHopper(@TempDir Path directory) throws Exception {
    Path libraries = RealCudaWheels.cuda13Libraries();
    List<Path> sources = sources(directory);
    assertTrue(sources.size() >= 12, "expected runtime_kernels.cu and at least 11 networks, found " + sources);
    Path out = Files.createDirectories(directory.resolve("out"));
    List<String> arguments = new ArrayList<>(List.of("compile", out.toString()));
    sources.forEach(s -> arguments.add(s.toString()));

    ChildJvm.Result run = ChildJvm.run(RealLibrariesProbe.class, directory,
        Map.of("hypercolumn.cuda.path", ChildJvm.searchPath(libraries, RealCudaWheels.driver(directory))),
        Map.of(), arguments.toArray(String[]::new));

    assertEquals(0, run.exitCode(), run.output());
    assertTrue(run.value("details").contains("libnvrtc.so.13 " + libraries.resolve("libnvrtc.so.13")
        + " through the bundled libnvrtc.so.12 forwarder"), run.value("details"));
    assertEquals("13.0", run.value("nvrtc"));
    assertTrue(run.value("archs").contains("80") && run.value("archs").contains("90"), run.value("archs"));
    assertTrue(run.values("failed").isEmpty(), () -> String.join("\n", run.values("failed")));
    for (String line : run.values("lowered")) {
      String[] names = line.split(" ");
      assertEquals(names[0], names[1], "an extern \"C\" kernel keeps its name");
    }
    int kernels = 0;
    for (Path source : sources) {
      kernels += checkOutputs(source, out);
    }
    System.out.println("Real NVRTC " + run.value("nvrtc") + " (" + libraries.resolve("libnvrtc.so.13")
        + ", through the runtime's libnvrtc.so.12 forwarder) compiled " + sources.size() + " sources, "
        + kernels + " kernels, for sm_80 and sm_90: every kernel an entry of the PTX, every cubin a"
        + " CUDA ELF, every log empty");
  }

  /** The kernels of {@code source} in its PTX and cubin for both architectures; returns how many. */
  private static int checkOutputs(Path source, Path out) throws Exception {
    String name = source.getFileName().toString();
    List<String> kernels = new ArrayList<>();
    Matcher matcher = KERNEL.matcher(Files.readString(source));
    while (matcher.find()) {
      kernels.add(matcher.group(1));
    }
    assertFalse(kernels.isEmpty(), name + " declares no kernel");
    for (String arch : new String[] {"80", "90"}) {
      String ptx = Files.readString(out.resolve(name + ".compute_" + arch + ".ptx"));
      assertTrue(ptx.contains(".target sm_" + arch), name + ": PTX for another target:\n" + head(ptx));
      for (String kernel : kernels) {
        assertTrue(Pattern.compile("\\.visible \\.entry " + kernel + "\\(").matcher(ptx).find(),
            name + " compute_" + arch + ": no entry " + kernel + " in the PTX");
      }
      String log = Files.readString(out.resolve(name + ".sm_" + arch + ".log"));
      assertTrue(log.isBlank(), name + " sm_" + arch + ": NVRTC's log is not empty:\n" + log);
      byte[] cubin = Files.readAllBytes(out.resolve(name + ".sm_" + arch + ".cubin"));
      ByteBuffer header = ByteBuffer.wrap(cubin).order(ByteOrder.LITTLE_ENDIAN);
      assertTrue(cubin.length > 64 && header.getInt(0) == 0x464c457f, name + " sm_" + arch + ": not an ELF file");
      assertEquals(EM_CUDA, header.getShort(18), name + " sm_" + arch + ": ELF machine");
    }
    return kernels.size();
  }

  /** runtime_kernels.cu from the runtime jar and every network's .cu beside its generated class. */
  private static List<Path> sources(Path directory) throws Exception {
    List<Path> sources = new ArrayList<>();
    Path runtime = directory.resolve("runtime_kernels.cu");
    try (InputStream in = RealLibrariesProbe.class.getResourceAsStream("runtime_kernels.cu")) {
      assertTrue(in != null, "runtime_kernels.cu is missing from the runtime jar");
      Files.copy(in, runtime);
    }
    sources.add(runtime);
    Path classes = Path.of(RealNvrtcCompileTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    try (Stream<Path> files = Files.walk(classes)) {
      files.filter(f -> f.toString().endsWith(".cu")).sorted().forEach(sources::add);
    }
    // The window kernels no network launches yet, as WindowKernelsOracleTest runs them.
    Path windows = directory.resolve("WindowKernels.cu");
    Files.writeString(windows, WindowKernelPlans.cudaSource());
    sources.add(windows);
    return sources;
  }

  private static String head(String text) {
    return text.lines().limit(20).reduce("", (a, b) -> a + b + "\n");
  }

  static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
