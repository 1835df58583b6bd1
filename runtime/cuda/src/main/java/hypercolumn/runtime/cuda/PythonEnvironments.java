package hypercolumn.runtime.cuda;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The directories where NVIDIA's pip wheels put CUDA libraries in the Python environments of
 * this process, so that a user who installed PyTorch with CUDA needs no CUDA toolkit: the CUDA
 * 13 wheels put every library in {@code site-packages/nvidia/cu13/lib}, the CUDA 12 wheels each
 * in {@code site-packages/nvidia/<library>/lib} (as cuDNN's wheel for CUDA 13 still does).
 *
 * <p>The environments are the active virtual or conda environment ({@code VIRTUAL_ENV}, {@code
 * CONDA_PREFIX}) and the site-packages of the {@code python3} on the {@code PATH} (which an
 * activated environment puts first), including the user's own.
 */
final class PythonEnvironments {
  private static final String ASK_PYTHON = "import site\n"
      + "for p in site.getsitepackages() + [site.getusersitepackages()]: print(p)\n";

  private PythonEnvironments() {}

  /** The site-packages directories of this process's Python environments, in that order. */
  static List<Path> sitePackagesOfThisProcess() {
    Set<Path> found = new LinkedHashSet<>();
    for (String variable : List.of("VIRTUAL_ENV", "CONDA_PREFIX")) {
      String prefix = System.getenv(variable);
      if (prefix != null && !prefix.isBlank()) {
        found.addAll(sitePackagesUnder(Path.of(prefix)));
      }
    }
    found.addAll(askPython());
    return new ArrayList<>(found);
  }

  /** The wheels' library directories inside {@code sitePackages} that exist, CUDA 13's first. */
  static List<Path> libraryDirectories(List<Path> sitePackages) {
    List<Path> directories = new ArrayList<>();
    for (Path site : sitePackages) {
      Path nvidia = site.resolve("nvidia");
      if (!Files.isDirectory(nvidia)) {
        continue;
      }
      Path cuda13 = nvidia.resolve("cu13").resolve("lib");
      if (Files.isDirectory(cuda13)) {
        directories.add(cuda13);
      }
      try (Stream<Path> libraries = Files.list(nvidia)) {
        libraries.map(p -> p.resolve("lib"))
            .filter(p -> Files.isDirectory(p) && !p.equals(cuda13))
            .sorted()
            .forEach(directories::add);
      } catch (IOException e) {
        // unreadable: nothing there
      }
    }
    return directories;
  }

  /** {@code prefix/lib/python3.*}{@code /site-packages}, as venv and conda lay them out. */
  private static List<Path> sitePackagesUnder(Path prefix) {
    try (Stream<Path> versions = Files.list(prefix.resolve("lib"))) {
      return versions.filter(p -> p.getFileName().toString().startsWith("python3"))
          .map(p -> p.resolve("site-packages"))
          .filter(Files::isDirectory)
          .sorted()
          .toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  /** What {@code python3 -c ...} says its site-packages are; empty without a python3. */
  private static List<Path> askPython() {
    Path python = onPath("python3");
    if (python == null) {
      return List.of();
    }
    try {
      Process process = new ProcessBuilder(python.toString(), "-c", ASK_PYTHON)
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
        process.destroyForcibly();
        return List.of();
      }
      return output.lines().filter(line -> !line.isBlank()).map(Path::of)
          .filter(Files::isDirectory).toList();
    } catch (IOException e) {
      return List.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of();
    }
  }

  private static Path onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String directory : path.split(":")) {
      if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, program))) {
        return Path.of(directory, program);
      }
    }
    return null;
  }
}
