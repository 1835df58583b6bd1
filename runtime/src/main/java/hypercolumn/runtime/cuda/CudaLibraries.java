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
import jcuda.CudaException;
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
    try {
      System.load(driver.toString());
      found.add("driver " + driver);
      // NVRTC opens its builtins library itself, by a name the loader may not find.
      found.add(loadVersioned(search, "libnvrtc", List.of("libnvrtc-builtins")));
      found.add(loadVersioned(search, "libcublas", List.of("libcublasLt")));
      loadJCudaNatives();
    } catch (MissingLibraryException e) {
      return unusable("CUDA device: " + e.getMessage(), e.details + " Found so far: " + found + ".");
    } catch (UnsatisfiedLinkError e) {
      return unusable("CUDA device: a library failed to load: " + e.getMessage(),
          "Loaded so far: " + found + ". JCuda " + jcuda.JCudaVersion.get()
              + " needs CUDA 12 or 13 libraries for Linux x86-64.");
    }
    return probeDevice(String.join("; ", found));
  }

  /**
   * Loads {@code base.so.12}, or else {@code base.so.13} and the bundled {@code base.so.12}
   * forwarder; first the libraries it depends on from the same directory, where they are.
   */
  private static String loadVersioned(LibrarySearch search, String base, List<String> dependencies)
      throws MissingLibraryException {
    for (String version : List.of("12", "13")) {
      Path library = search.find(base + ".so." + version);
      if (library == null) {
        continue;
      }
      for (String dependency : dependencies) {
        Path beside = beside(library, dependency + ".so." + version);
        if (beside != null) {
          System.load(beside.toString());
        }
      }
      System.load(library.toString());
      if (version.equals("12")) {
        return base + ".so.12 " + library;
      }
      System.load(extractForwarder(base + ".so.12").toString());
      return base + ".so.13 " + library + " through the bundled " + base + ".so.12 forwarder";
    }
    List<Path> others = search.findAll(base + ".so.");
    throw new MissingLibraryException(
        "no " + base + ".so.12 or " + base + ".so.13 found"
            + (others.isEmpty() ? "" : " (found only " + others + ")"),
        "Looked in " + search.describe() + ". Install the CUDA toolkit 12 or 13 (or the "
            + "nvidia-" + base.substring(3) + " Python wheel), or point -D"
            + LibrarySearch.PATH_PROPERTY + " at the directory that holds " + base + ".so.*.");
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

  private static Path extractForwarder(String soname) throws MissingLibraryException {
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

  /** Makes JCuda extract its natives into this run's directory, then loads them. */
  private static void loadJCudaNatives() {
    String shared = System.getProperty("java.io.tmpdir");
    System.setProperty("java.io.tmpdir", RunDirectory.get().toString());
    try {
      JCudaDriver.setExceptionsEnabled(true);
      JNvrtc.setExceptionsEnabled(true);
      JCublas2.setExceptionsEnabled(true);
    } finally {
      System.setProperty("java.io.tmpdir", shared);
    }
  }

  private static Status probeDevice(String libraries) {
    try {
      JCudaDriver.cuInit(0);
      int[] count = {0};
      JCudaDriver.cuDeviceGetCount(count);
      if (count[0] == 0) {
        return unusable("CUDA device: the driver sees no GPU", "Loaded " + libraries + ".");
      }
      int[] version = {0};
      JCudaDriver.cuDriverGetVersion(version);
      int[] major = {0};
      int[] minor = {0};
      JNvrtc.nvrtcVersion(major, minor);
      // The driver JIT-compiles NVRTC's PTX; it cannot load PTX newer than itself.
      if (major[0] * 1000 + minor[0] * 10 > version[0]) {
        return unusable("CUDA device: NVRTC " + major[0] + "." + minor[0] + " is newer than the driver (CUDA "
                + version[0] / 1000 + "." + version[0] % 1000 / 10 + "), which cannot load its PTX",
            "Loaded " + libraries + ". Update the NVIDIA driver to one for CUDA " + major[0] + "."
                + minor[0] + " or newer, or point -D" + LibrarySearch.PATH_PROPERTY
                + " at an NVRTC no newer than the driver.");
      }
      return new Status(true, "CUDA device: " + count[0] + " GPU(s), driver API "
          + version[0] / 1000 + "." + version[0] % 1000 / 10, "Loaded " + libraries + ".");
    } catch (CudaException e) {
      return unusable("CUDA device: the driver failed to start: " + e.getMessage(),
          "Loaded " + libraries + ". Check nvidia-smi; a driver older than the CUDA libraries"
              + " reports CUDA_ERROR_INSUFFICIENT_DRIVER.");
    }
  }

  private static Status unusable(String summary, String details) {
    return new Status(false, summary, details);
  }

  /** A library the device needs is not installed; {@code details} says where we looked. */
  private static final class MissingLibraryException extends Exception {
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
