package hypercolumn.runtime.cuda;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Finds shared libraries by soname the way the dynamic loader would, but without loading them,
 * so the CUDA device can say what it looked for and where: first the directories of the system
 * property {@code hypercolumn.cuda.path}, then {@code LD_LIBRARY_PATH}, then the loader's cache
 * ({@code ldconfig -p}), then the usual CUDA install directories, then where NVIDIA's pip wheels
 * put the libraries in this process's Python environments ({@link PythonEnvironments}).
 *
 * <p>A search for several sonames (CUDA 12's and 13's) takes the first place that holds any
 * of them, so a directory the user names wins whatever version it holds.
 */
final class LibrarySearch {
  static final String PATH_PROPERTY = "hypercolumn.cuda.path";

  private static final List<String> USUAL_DIRECTORIES = List.of(
      "/usr/local/cuda/lib64",
      "/usr/local/cuda/targets/x86_64-linux/lib",
      "/usr/lib/x86_64-linux-gnu",
      "/usr/lib64",
      "/usr/lib/wsl/lib");

  /** Site-packages of a search that does not look at Python environments. */
  private static final Supplier<List<Path>> NO_PYTHON = List::of;

  private final List<Path> explicitDirectories;
  private final Map<String, Path> loaderCache;
  private final List<Path> usualDirectories;
  private final Supplier<List<Path>> sitePackages;
  private List<Path> pythonDirectories;

  private LibrarySearch(List<Path> explicitDirectories, Map<String, Path> loaderCache,
      List<Path> usualDirectories, Supplier<List<Path>> sitePackages) {
    this.explicitDirectories = explicitDirectories;
    this.loaderCache = loaderCache;
    this.usualDirectories = usualDirectories;
    this.sitePackages = sitePackages;
  }

  /** A search over this process's property, environment, loader cache and Python. */
  static LibrarySearch ofThisProcess() {
    Set<Path> explicit = new LinkedHashSet<>();
    addAll(explicit, System.getProperty(PATH_PROPERTY));
    addAll(explicit, System.getenv("LD_LIBRARY_PATH"));
    List<Path> usual = new ArrayList<>();
    for (String directory : USUAL_DIRECTORIES) {
      usual.add(Path.of(directory));
    }
    return new LibrarySearch(new ArrayList<>(explicit), readLoaderCache(), usual,
        PythonEnvironments::sitePackagesOfThisProcess);
  }

  /** A search of the given directories only. */
  static LibrarySearch of(List<Path> directories) {
    return new LibrarySearch(List.copyOf(directories), Map.of(), List.of(), NO_PYTHON);
  }

  /** A search of the given directories, then of the wheels in the given site-packages. */
  static LibrarySearch of(List<Path> directories, List<Path> sitePackages) {
    List<Path> sites = List.copyOf(sitePackages);
    return new LibrarySearch(List.copyOf(directories), Map.of(), List.of(), () -> sites);
  }

  /**
   * Where the first of {@code sonames} lies in the first place that holds any of them, or
   * null: in one directory the earlier soname wins, but an earlier directory wins over both.
   */
  Path find(String... sonames) {
    Path found = findIn(explicitDirectories, sonames);
    if (found != null) {
      return found;
    }
    for (String soname : sonames) {
      Path cached = loaderCache.get(soname);
      if (cached != null && Files.isRegularFile(cached)) {
        return cached;
      }
    }
    found = findIn(usualDirectories, sonames);
    return found != null ? found : findIn(pythonDirectories(), sonames);
  }

  private static Path findIn(List<Path> directories, String... sonames) {
    for (Path directory : directories) {
      for (String soname : sonames) {
        Path candidate = directory.resolve(soname);
        if (Files.isRegularFile(candidate)) {
          return candidate;
        }
      }
    }
    return null;
  }

  /** The wheels' library directories, asked for once: finding them may start a python3. */
  private List<Path> pythonDirectories() {
    if (pythonDirectories == null) {
      pythonDirectories = PythonEnvironments.libraryDirectories(sitePackages.get());
    }
    return pythonDirectories;
  }

  /**
   * Every library whose file name starts with {@code prefix} (for example {@code
   * libcublas.so.}), wherever the search looks: what is there when the wanted version is not.
   */
  List<Path> findAll(String prefix) {
    Set<Path> found = new LinkedHashSet<>();
    List<Path> directories = new ArrayList<>(explicitDirectories);
    directories.addAll(usualDirectories);
    directories.addAll(pythonDirectories());
    for (Path directory : directories) {
      try (java.util.stream.Stream<Path> files = Files.list(directory)) {
        files.filter(f -> f.getFileName().toString().startsWith(prefix)).sorted().forEach(found::add);
      } catch (IOException | RuntimeException e) {
        // not a readable directory: nothing there
      }
    }
    loaderCache.forEach((name, path) -> {
      if (name.startsWith(prefix)) {
        found.add(path);
      }
    });
    return new ArrayList<>(found);
  }

  /** What a search looks at, for error messages. */
  String describe() {
    List<String> places = new ArrayList<>();
    explicitDirectories.forEach(d -> places.add(d.toString()));
    if (!loaderCache.isEmpty()) {
      places.add("the loader cache (ldconfig -p)");
    }
    usualDirectories.forEach(d -> places.add(d.toString()));
    if (sitePackages != NO_PYTHON) {
      List<Path> python = pythonDirectories();
      places.add(python.isEmpty() ? "the Python environments (none holds NVIDIA's wheels)"
          : "the Python environments' " + python.stream().map(Path::toString)
              .collect(java.util.stream.Collectors.joining(", ")));
    }
    return places.isEmpty() ? "nowhere" : String.join(", ", places);
  }

  private static void addAll(Set<Path> directories, String pathList) {
    if (pathList == null) {
      return;
    }
    for (String entry : pathList.split(":")) {
      if (!entry.isBlank()) {
        directories.add(Path.of(entry.trim()));
      }
    }
  }

  /** soname to path from {@code ldconfig -p}; empty where ldconfig is missing or fails. */
  private static Map<String, Path> readLoaderCache() {
    Map<String, Path> cache = new LinkedHashMap<>();
    for (String ldconfig : List.of("/sbin/ldconfig", "/usr/sbin/ldconfig")) {
      if (!Files.isExecutable(Path.of(ldconfig))) {
        continue;
      }
      try {
        Process process = new ProcessBuilder(ldconfig, "-p").redirectErrorStream(true).start();
        try (BufferedReader reader = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
          String line;
          while ((line = reader.readLine()) != null) {
            // "\tlibcuda.so.1 (libc6,x86-64) => /lib/x86_64-linux-gnu/libcuda.so.1"
            int arrow = line.indexOf(" => ");
            if (arrow < 0 || !line.contains("x86-64")) {
              continue;
            }
            String name = line.trim().split("\\s+")[0];
            cache.putIfAbsent(name, Path.of(line.substring(arrow + 4).trim()));
          }
        }
        process.waitFor(5, TimeUnit.SECONDS);
        return cache;
      } catch (IOException e) {
        return cache;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return cache;
      }
    }
    return cache;
  }
}
