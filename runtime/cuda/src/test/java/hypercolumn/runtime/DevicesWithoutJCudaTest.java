package hypercolumn.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A CPU-only deployment may leave JCuda's jars out: {@link Devices#choose()} then picks the CPU
 * and says why, instead of failing. Checked in a child JVM whose class path lacks JCuda.
 */
class DevicesWithoutJCudaTest {
  /** Run in the child JVM: prints the choice. */
  public static void main(String[] args) {
    Devices.Choice choice = Devices.choose();
    System.out.println(choice.device().describe().split(",")[0] + "|" + choice.reason());
    choice.device().close();
  }

  @Test
  void theCpuIsChosenAndTheReasonNamesTheMissingJars() throws Exception {
    String classPath = ChildClassPath.entries(List.of(
            ChildClassPath.locationOf(DevicesWithoutJCudaTest.class),
            ChildClassPath.locationOf(Devices.class))).stream()
        .filter(entry -> !entry.contains("jcuda") && !entry.contains("jcublas"))
        .collect(Collectors.joining(File.pathSeparator));
    Process child = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", classPath, DevicesWithoutJCudaTest.class.getName())
        .redirectErrorStream(true).start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child JVM did not finish");
    assertEquals(0, child.exitValue(), output);
    assertTrue(output.startsWith("CPU|CPU: CUDA device: JCuda is not on the class path"), output);
  }
}
