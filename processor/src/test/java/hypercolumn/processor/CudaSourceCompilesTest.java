package hypercolumn.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * nvcc compiles the CUDA source of networks using every kind of fused kernel, for Ampere and
 * Hopper. {@code -cubin} needs no GPU, only the CUDA toolkit; without nvcc the test is skipped.
 */
class CudaSourceCompilesTest {
  @TempDir Path directory;

  @Test
  void nvccCompilesEveryGeneratedSource() throws Exception {
    Optional<Path> nvcc = ExternalTool.onPath("nvcc");
    assumeTrue(nvcc.isPresent(), "nvcc is not on the PATH: the CUDA sources were not compiled");
    for (CudaNetworks.Generated generated : CudaNetworks.all()) {
      Path source = directory.resolve(generated.name() + ".cu");
      Files.writeString(source, generated.cuda());
      for (String arch : new String[] {"sm_80", "sm_90"}) {
        Path cubin = directory.resolve(generated.name() + "." + arch + ".cubin");
        ExternalTool.Result result = ExternalTool.run(directory, nvcc.get().toString(), "-cubin", "-arch=" + arch,
            "-Werror", "all-warnings", "-o", cubin.toString(), source.toString());
        assertEquals(0, result.exitCode(), "nvcc -arch=" + arch + " failed on " + generated.name() + ":\n"
            + result.output() + "\n--- source:\n" + generated.cuda());
        assertTrue(Files.size(cubin) > 0, "nvcc wrote an empty " + cubin);
      }
    }
  }
}
