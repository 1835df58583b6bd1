package hypercolumn.runtime.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the CUDA device says when its libraries are missing, and where it looks for them; the
 * oracle is the files each test lays out itself, as a toolkit or pip would.
 */
class CudaLibrariesTest {
  @Test
  void withoutADriverItSaysWhatItLookedForAndWhere(@TempDir Path empty) {
    CudaLibraries.Status status = CudaLibraries.tryLoad(LibrarySearch.of(List.of(empty)));
    assertFalse(status.usable());
    assertEquals("CUDA device: no NVIDIA driver (libcuda.so.1 not found)", status.summary());
    assertTrue(status.details().contains("Looked for libcuda.so.1 in " + empty), status.details());
    assertTrue(status.details().contains("-Dhypercolumn.cuda.path"), status.details());
  }

  @Test
  void explicitDirectoriesComeFirst(@TempDir Path first, @TempDir Path second) throws Exception {
    Files.createFile(second.resolve("libcublas.so.13"));
    Files.createFile(first.resolve("libcublas.so.13"));
    LibrarySearch search = LibrarySearch.of(List.of(first, second));
    assertEquals(first.resolve("libcublas.so.13"), search.find("libcublas.so.13"));
    assertEquals(null, search.find("libcublas.so.12"));
    assertEquals(first + ", " + second, search.describe());
  }

  @Test
  void otherVersionsAreListedWhenTheWantedOnesAreMissing(@TempDir Path directory) throws Exception {
    Files.createFile(directory.resolve("libcublas.so.11"));
    Files.createFile(directory.resolve("libcublasLt.so.11"));
    LibrarySearch search = LibrarySearch.of(List.of(directory));
    assertEquals(List.of(directory.resolve("libcublas.so.11")), search.findAll("libcublas.so."));
  }

  @Test
  void aDirectoryTheUserNamesFirstWinsWhateverItsVersion(@TempDir Path named, @TempDir Path later)
      throws Exception {
    Files.createFile(named.resolve("libnvrtc.so.13"));
    Files.createFile(later.resolve("libnvrtc.so.12"));
    LibrarySearch search = LibrarySearch.of(List.of(named, later));
    assertEquals(named.resolve("libnvrtc.so.13"), search.find("libnvrtc.so.12", "libnvrtc.so.13"));
  }

  @Test
  void withinOneDirectoryTheFirstSonameAskedForWins(@TempDir Path directory) throws Exception {
    Files.createFile(directory.resolve("libnvrtc.so.13"));
    Files.createFile(directory.resolve("libnvrtc.so.12"));
    LibrarySearch search = LibrarySearch.of(List.of(directory));
    assertEquals(directory.resolve("libnvrtc.so.12"), search.find("libnvrtc.so.12", "libnvrtc.so.13"));
  }

  @Test
  void bothWheelLayoutsAreFoundInSitePackagesAfterTheNamedDirectories(
      @TempDir Path named, @TempDir Path site) throws Exception {
    // CUDA 13 wheels: nvidia/cu13/lib; CUDA 12 wheels and cuDNN's: nvidia/<library>/lib.
    Path cuda13 = Files.createDirectories(site.resolve("nvidia/cu13/lib"));
    Path cudnn = Files.createDirectories(site.resolve("nvidia/cudnn/lib"));
    Path nvrtc12 = Files.createDirectories(site.resolve("nvidia/cuda_nvrtc/lib"));
    Files.createFile(cuda13.resolve("libcublas.so.13"));
    Files.createFile(cudnn.resolve("libcudnn.so.9"));
    Files.createFile(nvrtc12.resolve("libnvrtc.so.12"));
    Files.createFile(named.resolve("libcuda.so.1"));
    Files.createFile(named.resolve("libnvrtc.so.13"));
    LibrarySearch search = LibrarySearch.of(List.of(named), List.of(site));

    assertEquals(cuda13.resolve("libcublas.so.13"), search.find("libcublas.so.12", "libcublas.so.13"));
    assertEquals(cudnn.resolve("libcudnn.so.9"), search.find("libcudnn.so.9"));
    assertEquals(named.resolve("libnvrtc.so.13"), search.find("libnvrtc.so.12", "libnvrtc.so.13"));
    assertEquals(named + ", the Python environments' " + cuda13 + ", " + nvrtc12 + ", " + cudnn,
        search.describe());
  }

  @Test
  void theHintNamesNvidiasRealWheels() {
    assertEquals("nvidia-cuda-nvrtc", CudaLibraries.wheel("libnvrtc", 13));
    assertEquals("nvidia-cuda-nvrtc-cu12", CudaLibraries.wheel("libnvrtc", 12));
    assertEquals("nvidia-cublas", CudaLibraries.wheel("libcublas", 13));
    assertEquals("nvidia-cublas-cu12", CudaLibraries.wheel("libcublas", 12));
  }
}
