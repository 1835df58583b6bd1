package hypercolumn.runtime.cuda;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import jcuda.driver.JCudaDriver;
import jcuda.jcublas.JCublas2;
import jcuda.nvrtc.JNvrtc;

/**
 * Loads what the CUDA device needs, once per JVM, and says what is missing and how to fix it:
 * the driver ({@code libcuda.so.1}), cuBLAS and NVRTC, then JCuda's native bindings.
 *
 * <p>JCuda 12.6's natives import versioned symbols of {@code libcublas.so.12} and {@code
 * libnvrtc.so.12}. Where only CUDA 13 is installed, this class loads the {@code .13} library
 * and then a small forwarding library built with the runtime, whose soname and symbol versions
 * are the {@code .12} ones: a library already loaded under a soname satisfies the later
 * dependency of JCuda's natives on it, so a user sets no environment variable.
 *
 * <p>Where the libraries are is {@link LibrarySearch}'s job (a directory the user names first,
 * whatever version it holds; Python environments with NVIDIA's wheels last); whether they can
 * run is {@link StartupChecks}'s.
 *
 * <p>JCuda extracts its natives into {@code java.io.tmpdir} and reuses any same-named file it
 * finds there without checking it; this class points it at a fresh directory of this run.
 */
final class CudaLibraries {
  /** What was found, as one line, and whether the device can run. */
  record Status(boolean usable, String summary, String details) {}

  private static final String FORWARDER_RESOURCES = "/hypercolumn/runtime/cuda/linux-x86_64/";
  private static Status status;

  private CudaLibraries() {}

  /** Loads the libraries on the first call; later calls return the first call's answer. */
  static synchronized Status load() {
    if (status == null) {
      status = tryLoad(LibrarySearch.ofThisProcess());
    }
    return status;
  }

  static Status tryLoad(LibrarySearch search) {
    String os = System.getProperty("os.name", "?");
    String arch = System.getProperty("os.arch", "?");
    if (!os.toLowerCase(Locale.ROOT).contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
      return unusable("CUDA device: needs Linux on x86-64, found " + os + " on " + arch, "");
    }
    Path driver = search.find("libcuda.so.1");
    if (driver == null) {
      return unusable("CUDA device: no NVIDIA driver (libcuda.so.1 not found)",
          "Looked for libcuda.so.1 in " + search.describe() + ". Install the NVIDIA driver, or"
              + " point -D" + LibrarySearch.PATH_PROPERTY + " at the directory that holds it.");
    }
    List<String> found = new ArrayList<>();
    LoadedLibrary nvrtc;
    LoadedLibrary cublas;
    try {
      System.load(driver.toString());
      found.add("driver " + driver);
      // NVRTC opens its builtins library itself, by a name the loader may not find.
      nvrtc = loadVersioned(search, "libnvrtc", List.of("libnvrtc-builtins"));
      found.add(nvrtc.toString());
      cublas = loadVersioned(search, "libcublas", List.of("libcublasLt"));
      found.add(cublas.toString());
      loadJCudaNatives();
    } catch (MissingLibraryException e) {
      return unusable("CUDA device: " + e.getMessage(), e.details + " Found so far: " + found + ".");
    } catch (UnsatisfiedLinkError e) {
      return unusable("CUDA device: a library failed to load: " + e.getMessage(),
          "Loaded so far: " + found + ". JCuda " + jcuda.JCudaVersion.get()
              + " needs CUDA 12 or 13 libraries for Linux x86-64.");
    }
    try {
      return new StartupChecks(nvrtc, cublas, "Loaded " + String.join("; ", found) + ".").run();
    } finally {
      enableExceptions();
    }
  }

  /**
   * Loads {@code base.so.12} or {@code base.so.13}, whichever the search finds first, with the
   * libraries it depends on from the same directory, where they are; for {@code .13}, the
   * bundled {@code base.so.12} forwarder after it.
   */
  private static LoadedLibrary loadVersioned(LibrarySearch search, String base, List<String> dependencies)
      throws MissingLibraryException {
    Path library = search.find(base + ".so.12", base + ".so.13");
    if (library == null) {
      List<Path> others = search.findAll(base + ".so.");
      throw new MissingLibraryException(
          "no " + base + ".so.12 or " + base + ".so.13 found"
              + (others.isEmpty() ? "" : " (found only " + others + ")"),
          "Looked in " + search.describe() + ". Install the CUDA toolkit 12 or 13, or NVIDIA's"
              + " Python wheel (pip install " + wheel(base, 13) + ", or " + wheel(base, 12)
              + " for CUDA 12; PyTorch's CUDA builds install it), or point -D"
              + LibrarySearch.PATH_PROPERTY + " at the directory that holds " + base + ".so.*.");
    }
    String version = library.getFileName().toString().endsWith(".so.12") ? "12" : "13";
    for (String dependency : dependencies) {
      Path beside = beside(library, dependency + ".so." + version);
      if (beside != null) {
        System.load(beside.toString());
      }
    }
    System.load(library.toString());
    if (version.equals("12")) {
      return new LoadedLibrary(base + ".so.12", library, false);
    }
    System.load(extractForwarder(base + ".so.12").toString());
    return new LoadedLibrary(base + ".so.13", library, true);
  }

  /** The pip wheel of NVIDIA's that holds {@code base} for CUDA {@code major}. */
  static String wheel(String base, int major) {
    String name = base.equals("libnvrtc") ? "nvidia-cuda-nvrtc" : "nvidia-" + base.substring(3);
    return major == 13 ? name : name + "-cu" + major;
  }

  /** A CUDA library as loaded: its soname, its file, and whether the forwarder carries it. */
  record LoadedLibrary(String soname, Path path, boolean forwarded) {
    @Override
    public String toString() {
      String base = soname.substring(0, soname.indexOf(".so."));
      return soname + " " + path + (forwarded ? " through the bundled " + base + ".so.12 forwarder" : "");
    }
  }

  /** The file beside {@code library} named {@code prefix} or {@code prefix.*}, or null. */
  private static Path beside(Path library, String prefix) {
    Path exact = library.resolveSibling(prefix);
    if (Files.isRegularFile(exact)) {
      return exact;
    }
    try (Stream<Path> siblings = Files.list(library.getParent())) {
      return siblings.filter(p -> p.getFileName().toString().startsWith(prefix + "."))
          .sorted().findFirst().orElse(null);
    } catch (IOException e) {
      return null;
    }
  }

  static Path extractForwarder(String soname) throws MissingLibraryException {
    try (InputStream in = CudaLibraries.class.getResourceAsStream(FORWARDER_RESOURCES + soname)) {
      if (in == null) {
        throw new MissingLibraryException("only CUDA 13 found, and this runtime jar has no "
            + soname + " forwarder", "The forwarders are built with gcc when the runtime is built;"
            + " rebuild the runtime on a machine with gcc, or install CUDA 12's " + soname + ".");
      }
      Path target = RunDirectory.get().resolve(soname);
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("could not extract the " + soname + " forwarder", e);
    }
  }

  /**
   * Makes JCuda extract its natives into this run's directory, then loads them. Their
   * exceptions stay off until the start-up checks have read every status code themselves.
   */
  private static void loadJCudaNatives() {
    String shared = System.getProperty("java.io.tmpdir");
    System.setProperty("java.io.tmpdir", RunDirectory.get().toString());
    try {
      JCudaDriver.setExceptionsEnabled(false);
      JNvrtc.setExceptionsEnabled(false);
      JCublas2.setExceptionsEnabled(false);
    } finally {
      System.setProperty("java.io.tmpdir", shared);
    }
  }

  /** Every JCuda call of the device is checked from here on; an error names the call. */
  private static void enableExceptions() {
    JCudaDriver.setExceptionsEnabled(true);
    JNvrtc.setExceptionsEnabled(true);
    JCublas2.setExceptionsEnabled(true);
  }

  static Status unusable(String summary, String details) {
    return new Status(false, summary, details);
  }

  /** A library the device needs is not installed; {@code details} says where we looked. */
  static final class MissingLibraryException extends Exception {
    final String details;

    MissingLibraryException(String message, String details) {
      super(message);
      this.details = details;
    }
  }

  /** One directory of this run for extracted natives, deleted when the JVM exits. */
  static final class RunDirectory {
    private static Path directory;

    static synchronized Path get() {
      if (directory == null) {
        try {
          directory = Files.createTempDirectory("hypercolumn-cuda-");
        } catch (IOException e) {
          throw new UncheckedIOException("could not create a directory for CUDA natives", e);
        }
        Path created = directory;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(created)));
      }
      return directory;
    }

    private static void deleteTree(Path root) {
      try (Stream<Path> paths = Files.walk(root)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        // best effort at exit
      }
    }
  }
}
