package hypercolumn.tests.cuda13;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the build unpacked NVIDIA's CUDA 13 wheels, and the emulator's driver to run them beside.
 * Without the wheels the tests are skipped with the reason fetch.sh wrote, except with {@code
 * CI=true}, where they fail: CI must test the real libraries.
 */
final class RealCudaWheels {
  private RealCudaWheels() {}

  /** The site-packages directory the wheels were unpacked into, as pip lays it out. */
  static Path sitePackages() {
    String root = System.getProperty("hypercolumn.test.cudaWheels");
    assertTrue(root != null, "the system property hypercolumn.test.cudaWheels is not set (Maven's surefire sets it)");
    Path site = Path.of(root, "site-packages");
    Path unavailable = Path.of(root, "unavailable.txt");
    if (!Files.isRegularFile(site.resolve("nvidia/cu13/lib/libnvrtc.so.13"))
        || !Files.isRegularFile(site.resolve("nvidia/cu13/lib/libcublas.so.13"))) {
      String why = readOr(unavailable, "the wheels are not unpacked in " + site + " (run the tests with Maven)");
      if ("true".equals(System.getenv("CI"))) {
        fail("CI=true and the real CUDA 13 libraries are missing: " + why);
      }
      assumeTrue(false, "the real CUDA 13 libraries are not here, so they were not tested: " + why);
    }
    return site;
  }

  /** The CUDA 13 wheels' library directory: libnvrtc.so.13, libcublas.so.13 and their kin. */
  static Path cuda13Libraries() {
    return sitePackages().resolve("nvidia/cu13/lib");
  }

  /**
   * The directory of the real driver's {@code libcuda.so.1} where a GPU machine names it
   * ({@code -Dhypercolumn.test.realDriver}, set by the GPU pack's run.sh), else a directory of
   * {@code under} holding only the emulator's, so that a search finds the driver there and
   * nothing else of the emulator.
   */
  static Path driver(Path under) throws IOException {
    String real = System.getProperty("hypercolumn.test.realDriver");
    return real != null ? Path.of(real) : emulatedDriverOnly(under);
  }

  /** Whether the driver is a real one (a GPU machine), not the emulator's. */
  static boolean realDriver() {
    return System.getProperty("hypercolumn.test.realDriver") != null;
  }

  /** A directory of {@code under} holding only the emulator's {@code libcuda.so.1}. */
  static Path emulatedDriverOnly(Path under) throws IOException {
    Path driver = emulator().resolve("libcuda.so.1");
    assertTrue(Files.isRegularFile(driver), "no CUDA emulator driver at " + driver);
    Path directory = Files.createDirectories(under.resolve("driver"));
    // A copy, not a link: JUnit warns about links out of its temporary directories.
    Files.copy(driver, directory.resolve("libcuda.so.1"));
    return directory;
  }

  /**
   * The emulator's own directory: its libcuda.so.1, libnvrtc.so.12 and libcublas.so.12. The
   * tests that need its driver (one older than CUDA 13, or none that can start cuBLAS) are
   * skipped with a message where it is absent, as in the GPU pack.
   */
  static Path emulator() {
    Path emulator = Path.of(System.getProperty("hypercolumn.cuda.path", "none").split(":")[0]).toAbsolutePath();
    assumeTrue(!realDriver() && Files.isRegularFile(emulator.resolve("libcuda.so.1")),
        "this test needs the CUDA emulator's driver (built by the tests module), not found at " + emulator);
    return emulator;
  }

  private static String readOr(Path file, String otherwise) {
    try {
      return Files.isRegularFile(file) ? Files.readString(file).trim() : otherwise;
    } catch (IOException e) {
      return otherwise;
    }
  }
}
