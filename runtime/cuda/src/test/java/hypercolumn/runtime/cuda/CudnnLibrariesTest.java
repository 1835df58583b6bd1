package hypercolumn.runtime.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the CUDA device says when cuDNN is missing: one line with what was looked for, where,
 * what was found and what to install. The oracle is the directory each test lays out.
 */
class CudnnLibrariesTest {
  @Test
  void withNoCudnnItSaysInOneLineWhatItLookedForWhereAndWhatToInstall(@TempDir Path empty) {
    CudnnLibraries.Status status = CudnnLibraries.tryLoad(LibrarySearch.of(List.of(empty)));
    assertFalse(status.usable());
    assertEquals("cuDNN: looked for libcudnn.so.8 or libcudnn.so.9 in " + empty + "; found no libcudnn at all;"
        + " install cuDNN 9 (pip install nvidia-cudnn-cu13, or nvidia-cudnn-cu12 for CUDA 12) or cuDNN 8, or point"
        + " -Dhypercolumn.cuda.path at the directory that holds libcudnn.so.*; convolution and pooling need it, dense"
        + " layers do not", status.line());
  }

  @Test
  void anOlderCudnnIsNamedAsWhatWasFound(@TempDir Path directory) throws Exception {
    Path old = Files.createFile(directory.resolve("libcudnn.so.7"));
    CudnnLibraries.Status status = CudnnLibraries.tryLoad(LibrarySearch.of(List.of(directory)));
    assertFalse(status.usable());
    assertEquals(1, status.line().lines().count());
    assertEquals(true, status.line().contains("; found only [" + old + "]; install cuDNN 9"), status.line());
  }
}
