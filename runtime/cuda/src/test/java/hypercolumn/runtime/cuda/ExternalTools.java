package hypercolumn.runtime.cuda;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the native tools (gcc, nm, nvcc) some tests need, so they can skip without them. */
public final class ExternalTools {
  private ExternalTools() {}

  /** The executable {@code tool} on the PATH, or null. */
  public static Path onPath(String tool) {
    for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (directory.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(directory, tool);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }
}
