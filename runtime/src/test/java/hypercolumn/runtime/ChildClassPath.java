package hypercolumn.runtime;

import java.io.File;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The class path for a child JVM a test starts: this JVM's, plus where the given classes come
 * from. A launcher such as the JUnit console loads the tests with its own class loader, so they
 * are not on {@code java.class.path}.
 */
public final class ChildClassPath {
  private ChildClassPath() {}

  /** The entries, in order and without repeats. */
  public static List<String> entries(List<URL> locations) {
    List<String> entries = new ArrayList<>(
        List.of(System.getProperty("java.class.path").split(File.pathSeparator)));
    for (URL url : locations) {
      try {
        String entry = Path.of(url.toURI()).toString();
        if (!entries.contains(entry)) {
          entries.add(entry);
        }
      } catch (URISyntaxException e) {
        throw new IllegalStateException("cannot use " + url + " as a class path entry", e);
      }
    }
    return entries;
  }

  /** Where {@code type} was loaded from. */
  public static URL locationOf(Class<?> type) {
    return type.getProtectionDomain().getCodeSource().getLocation();
  }
}
