package hypercolumn.runtime;

import java.io.File;
import java.net.MalformedURLException;
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

  /**
   * The jar that holds JCuda's JNI library {@code baseName}, for example {@code JCublas2}, of
   * JCuda {@code jcudaVersion} (the caller's {@code jcuda.JCudaVersion.get()}: the runtime itself
   * has no JCuda).
   */
  public static URL nativesJar(String baseName, String jcudaVersion) {
    String resource = "/lib/lib" + baseName + "-" + jcudaVersion + "-linux-x86_64.so";
    URL url = ChildClassPath.class.getResource(resource);
    if (url == null) {
      throw new IllegalStateException("expected " + resource + " on the class path");
    }
    String text = url.toString();
    try {
      return new URL(text.substring("jar:".length(), text.indexOf("!/")));
    } catch (MalformedURLException | StringIndexOutOfBoundsException e) {
      throw new IllegalStateException("expected " + resource + " inside a jar, found " + url, e);
    }
  }
}
