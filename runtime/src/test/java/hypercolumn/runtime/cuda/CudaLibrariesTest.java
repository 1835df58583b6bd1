package hypercolumn.runtime.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the CUDA device says when its libraries are missing, and where it looks for them. */
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
}
