package hypercolumn.tests.cuda13;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import hypercolumn.runtime.ChildClassPath;
import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A main class run in a fresh JVM with this one's class path; what it printed and how it ended. */
final class ChildJvm {
  /** Its exit code and everything it printed, stdout and stderr together. */
  record Result(int exitCode, String output) {
    /** The text after {@code key|} on the first line that starts so. */
    String value(String key) {
      String prefix = key + "|";
      String line = output.lines().filter(l -> l.startsWith(prefix)).findFirst().orElse(null);
      assertNotNull(line, () -> "the child printed no line " + prefix + "; it printed:\n" + output);
      return line.substring(prefix.length());
    }

    List<String> values(String key) {
      String prefix = key + "|";
      return output.lines().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length())).toList();
    }
  }

  private ChildJvm() {}

  /**
   * Runs {@code main} with the system properties {@code -Dkey=value} of {@code properties} and
   * the environment changes of {@code environment} (a null value removes the variable).
   */
  static Result run(Class<?> main, Path directory, Map<String, String> properties,
      Map<String, String> environment, String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:ErrorFile=" + directory.resolve("hs_err_%p.log"), // a crash report stays here
        "-Djava.io.tmpdir=" + directory));
    properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
    command.add("-cp");
    command.add(classPath(main));
    command.add(main.getName());
    command.addAll(List.of(arguments));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).directory(directory.toFile());
    // Only what a test names is searched: no LD_LIBRARY_PATH of the build machine.
    builder.environment().remove("LD_LIBRARY_PATH");
    builder.environment().remove("VIRTUAL_ENV");
    builder.environment().remove("CONDA_PREFIX");
    environment.forEach((key, value) -> {
      if (value == null) {
        builder.environment().remove(key);
      } else {
        builder.environment().put(key, value);
      }
    });
    Process process = builder.start();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(300, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the child JVM " + main.getSimpleName() + " did not finish in 300 s");
    }
    return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
  }

  /**
   * This JVM's class path plus where {@code main}, the runtime, JCuda and JCuda's natives come
   * from: a launcher such as the GPU pack's JUnit console loads the tests with its own class
   * loader, so they are not on java.class.path.
   */
  private static String classPath(Class<?> main) {
    List<URL> locations = new ArrayList<>(List.of(ChildClassPath.locationOf(main),
        ChildClassPath.locationOf(hypercolumn.runtime.cuda.CudaDevice.class),
        ChildClassPath.locationOf(hypercolumn.runtime.Device.class),
        ChildClassPath.locationOf(jcuda.Pointer.class),
        ChildClassPath.locationOf(jcuda.jcublas.JCublas2.class),
        ChildClassPath.locationOf(jcuda.jcudnn.JCudnn.class)));
    for (String natives : List.of("JCudaDriver", "JNvrtc", "JCublas2")) {
      locations.add(ChildClassPath.nativesJar(natives, jcuda.JCudaVersion.get()));
    }
    return String.join(File.pathSeparator, ChildClassPath.entries(locations));
  }


  /** {@code directories} as one search path. */
  static String searchPath(Path... directories) {
    List<String> entries = new ArrayList<>();
    for (Path directory : directories) {
      entries.add(directory.toString());
    }
    return String.join(File.pathSeparator, entries);
  }
}
