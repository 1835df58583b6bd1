package hypercolumn.runtime.cuda;

import java.nio.file.Path;
import java.util.List;
import jcuda.jcudnn.JCudnn;

/**
 * Loads cuDNN and JCudnn's native on the first use of the convolution seam, never at the CUDA
 * device's start-up: a dense network runs on a GPU without cuDNN.
 *
 * <p>JCudnn 11.7.0's native imports cuDNN 8's versioned symbols. Where only cuDNN 9 is
 * installed, this class loads {@code libcudnn.so.9} and then the bundled {@code libcudnn.so.8}
 * forwarder ({@code src/main/c/forward/cudnn_forward.c}), which translates cuDNN 9's status
 * codes into the ones JCudnn knows; the forwarder's soname then satisfies the native's
 * dependency, as {@link CudaLibraries} does for cuBLAS and NVRTC.
 */
final class CudnnLibraries {
  /** What was found, as one line, and whether cuDNN can be called. */
  record Status(boolean usable, String line, int version) {}

  private static Status status;

  private CudnnLibraries() {}

  /** Loads cuDNN on the first call; later calls return the first call's answer. */
  static synchronized Status load() {
    if (status == null) {
      status = tryLoad(LibrarySearch.ofThisProcess());
    }
    return status;
  }

  static Status tryLoad(LibrarySearch search) {
    Path library = search.find("libcudnn.so.8", "libcudnn.so.9");
    if (library == null) {
      List<Path> others = search.findAll("libcudnn.so.");
      return new Status(false, "cuDNN: looked for libcudnn.so.8 or libcudnn.so.9 in " + search.describe()
          + "; found " + (others.isEmpty() ? "no libcudnn at all" : "only " + others)
          + "; install cuDNN 9 (pip install nvidia-cudnn-cu13, or nvidia-cudnn-cu12 for CUDA 12) or"
          + " cuDNN 8, or point -D" + LibrarySearch.PATH_PROPERTY + " at the directory that holds"
          + " libcudnn.so.*; convolution and pooling need it, dense layers do not", 0);
    }
    String loaded;
    try {
      System.load(library.toString());
      loaded = "libcudnn " + library;
      if (library.getFileName().toString().endsWith(".so.9")) {
        System.load(CudaLibraries.extractForwarder("libcudnn.so.8").toString());
        loaded += " through the bundled libcudnn.so.8 forwarder";
      }
      initializeJCudnn();
    } catch (CudaLibraries.MissingLibraryException e) {
      return new Status(false, "cuDNN: " + e.getMessage() + ". " + e.details, 0);
    } catch (UnsatisfiedLinkError e) {
      return new Status(false, "cuDNN: " + library + " was found but failed to load: " + e.getMessage()
          + "; install cuDNN 8 or 9 for CUDA 12 or 13 on Linux x86-64", 0);
    }
    int version = (int) JCudnn.cudnnGetVersion();
    if (version / 10000 != 9 && version / 1000 != 8) {
      return new Status(false, "cuDNN: " + loaded + " reports version " + version
          + ", but JCudnn needs cuDNN 8 or 9", version);
    }
    return new Status(true, "cuDNN " + version + ", " + loaded, version);
  }

  /**
   * JCuda's loader extracts JCudnn's native (offered in this jar under JCuda's version, see the
   * pom) into {@code java.io.tmpdir}, reusing any same-named file there: point it at this run's
   * directory. Its exceptions stay off: the callers check every status themselves and name the
   * call with cuDNN's error string.
   */
  private static void initializeJCudnn() {
    String shared = System.getProperty("java.io.tmpdir");
    System.setProperty("java.io.tmpdir", CudaLibraries.RunDirectory.get().toString());
    try {
      JCudnn.initialize();
    } finally {
      System.setProperty("java.io.tmpdir", shared);
    }
    JCudnn.setExceptionsEnabled(false);
  }
}
