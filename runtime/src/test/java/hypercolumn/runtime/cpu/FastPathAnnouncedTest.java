package hypercolumn.runtime.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hypercolumn.runtime.ChildClassPath;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The CPU device's one-line description says which GEMM runs and, when it is the plain one, why
 * and what to do. The expected lines are written here; the JVM cases run in child JVMs started
 * with and without the Vector API module.
 */
class FastPathAnnouncedTest {
  /** Run in the child JVM: prints the description of a two-thread device. */
  public static void main(String[] args) {
    System.out.println("describe: " + new CpuDevice(2).describe());
  }

  private static String describeInChild(String... jvmOptions) throws Exception {
    String classPath = String.join(File.pathSeparator, ChildClassPath.entries(List.of(
        ChildClassPath.locationOf(FastPathAnnouncedTest.class),
        ChildClassPath.locationOf(CpuDevice.class))));
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(jvmOptions));
    command.addAll(List.of("-cp", classPath, FastPathAnnouncedTest.class.getName()));
    Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child JVM did not finish: " + output);
    assertEquals(0, child.exitValue(), output);
    int at = output.indexOf("describe: ");
    assertTrue(at >= 0, output);
    return output.substring(at + "describe: ".length()).strip();
  }

  @Test
  void withoutTheModuleTheDescriptionNamesTheFlagForJavaExecAndSurefire() throws Exception {
    String line = describeInChild();
    assertEquals("CPU, 2 threads, plain GEMM: module jdk.incubator.vector is absent, so about"
        + " half the speed; enable it with java --add-modules jdk.incubator.vector (mvn exec:java:"
        + " MAVEN_OPTS=\"--add-modules jdk.incubator.vector\"; mvn exec:exec: add it to the"
        + " arguments; surefire: <argLine>--add-modules jdk.incubator.vector</argLine>)", line);
  }

  @Test
  void withTheModuleTheVectorGemmRunsAndNothingIsSuggested() throws Exception {
    // This suite's CI machines have 256-bit vectors (AVX2); a narrower CPU is the case below.
    assertEquals("CPU, 2 threads, vector GEMM",
        describeInChild("--add-modules", "jdk.incubator.vector"));
  }

  @Test
  void withTheModuleButThePlainPropertyTheDescriptionSaysPresentButNotUsed() throws Exception {
    String line = describeInChild("--add-modules", "jdk.incubator.vector", "-Dhypercolumn.gemm=plain");
    assertEquals("CPU, 2 threads, plain GEMM: module jdk.incubator.vector is present but not"
        + " used: -Dhypercolumn.gemm=plain asks for the plain GEMM", line);
    assertFalse(line.contains("absent"), line);
  }

  @Test
  void aCpuWithNarrowVectorsKeepsThePlainGemmAndSaysWhy() {
    VectorApiStatus narrow = VectorApiStatus.of("", true, 128);
    assertFalse(narrow.vector());
    assertEquals("plain GEMM: module jdk.incubator.vector is present but not used: this CPU's"
        + " vectors are 128 bits, the vector GEMM needs 256 (-Dhypercolumn.gemm=vector forces it)",
        narrow.describe());
    assertTrue(VectorApiStatus.of("vector", true, 128).vector(), "the property forces it");
    assertTrue(VectorApiStatus.of("", true, 512).vector(), "AVX-512 is wide enough");
  }

  @Test
  void askingForTheVectorGemmWithoutTheModuleIsAnErrorNamingTheFlag() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> VectorApiStatus.of("vector", false, 0));
    assertEquals("hypercolumn.gemm=vector needs the JVM started with --add-modules"
        + " jdk.incubator.vector", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> VectorApiStatus.of("fast", true, 256));
  }
}
