package hypercolumn.runtime.cuda;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import jcuda.CudaException;
import jcuda.nvrtc.JNvrtc;
import jcuda.nvrtc.nvrtcProgram;

/**
 * Compiles CUDA C to PTX with NVRTC at first use and keeps the PTX on disk, keyed by a hash of
 * the source, the GPU (name and architecture) and NVRTC's version, so a second start compiles nothing.
 * Cache files are written to a temporary name and renamed, so a crash leaves no half-written
 * entry; an entry damaged some other way is caught when the driver refuses to load it, and
 * compiled again ({@code fresh}).
 */
final class KernelCompiler {
  static final String CACHE_PROPERTY = "hypercolumn.cuda.cache";

  private final String architecture;
  private final String gpuName;
  private final Path cacheDirectory;
  private final String nvrtcVersion;
  private int compilations;

  /**
   * @param architecture a virtual architecture such as {@code compute_90}
   * @param gpuName part of the cache key, so that what a stand-in (the CPU emulator of the CUDA
   *     libraries) "compiles" never reaches a real GPU sharing the cache
   */
  KernelCompiler(String architecture, String gpuName, Path cacheDirectory) {
    this.architecture = architecture;
    this.gpuName = gpuName;
    this.cacheDirectory = cacheDirectory;
    int[] major = {0};
    int[] minor = {0};
    JNvrtc.nvrtcVersion(major, minor);
    this.nvrtcVersion = major[0] + "." + minor[0];
  }

  /** The cache directory named by {@value #CACHE_PROPERTY}, else the user's cache directory. */
  static Path defaultCacheDirectory() {
    String property = System.getProperty(CACHE_PROPERTY);
    if (property != null && !property.isBlank()) {
      return Path.of(property);
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("hypercolumn").resolve("cuda");
  }

  /** NVRTC's version, for example {@code 12.6}. */
  String nvrtcVersion() {
    return nvrtcVersion;
  }

  /** How many sources this compiler has run NVRTC on (cache misses). */
  int compilations() {
    return compilations;
  }

  /**
   * The PTX of {@code source}, from the cache unless {@code fresh}, in which case NVRTC compiles
   * it and the cache entry is replaced; {@code name} names it in error messages.
   */
  String ptx(String source, String name, boolean fresh) {
    String[] options = {"--gpu-architecture=" + architecture};
    Path cached = cacheDirectory.resolve(key(source, options) + ".ptx");
    if (!fresh && Files.isRegularFile(cached)) {
      try {
        return Files.readString(cached, StandardCharsets.UTF_8);
      } catch (IOException e) {
        // unreadable: compile again and overwrite
      }
    }
    String ptx = compile(source, name, options);
    store(cached, ptx);
    return ptx;
  }

  private String compile(String source, String name, String[] options) {
    compilations++;
    nvrtcProgram program = new nvrtcProgram();
    JNvrtc.nvrtcCreateProgram(program, source, name, 0, null, null);
    try {
      try {
        JNvrtc.nvrtcCompileProgram(program, options.length, options);
      } catch (CudaException e) {
        String[] log = {""};
        JNvrtc.nvrtcGetProgramLog(program, log);
        throw new IllegalStateException("NVRTC " + nvrtcVersion + " could not compile " + name
            + " for " + architecture + ": " + e.getMessage() + "\n" + log[0], e);
      }
      String[] ptx = {null};
      JNvrtc.nvrtcGetPTX(program, ptx);
      return ptx[0];
    } finally {
      JNvrtc.nvrtcDestroyProgram(program);
    }
  }

  /** Best effort: a cache that cannot be written costs a compile next time, nothing more. */
  private static void store(Path target, String ptx) {
    try {
      Files.createDirectories(target.getParent());
      Path temporary = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
      Files.writeString(temporary, ptx, StandardCharsets.UTF_8);
      try {
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      System.err.println("hypercolumn: could not cache compiled CUDA kernels in "
          + target.getParent() + ": " + e.getMessage());
    }
  }

  private String key(String source, String[] options) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(("nvrtc " + nvrtcVersion + "\n" + gpuName + "\n" + String.join(" ", options) + "\n")
          .getBytes(StandardCharsets.UTF_8));
      digest.update(source.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
