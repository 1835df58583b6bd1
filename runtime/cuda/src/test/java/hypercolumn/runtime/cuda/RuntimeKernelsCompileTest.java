package hypercolumn.runtime.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * nvcc compiles the CUDA device's own kernels (runtime_kernels.cu) for Ampere and Hopper with
 * every warning an error, so CUDA C that the emulator's g++ would accept but a GPU compiler
 * rejects is caught without a GPU. Skipped without nvcc on the PATH.
 */
class RuntimeKernelsCompileTest {
  @Test
  void nvccCompilesTheRuntimeKernels(@TempDir Path directory) throws Exception {
    Path nvcc = ExternalTools.onPath("nvcc");
    assumeTrue(nvcc != null, "nvcc is not on the PATH: runtime_kernels.cu was not compiled");
    Path source = directory.resolve("runtime_kernels.cu");
    try (InputStream in = Kernels.class.getResourceAsStream("runtime_kernels.cu")) {
      assertTrue(in != null, "runtime_kernels.cu is missing beside " + Kernels.class.getName());
      Files.copy(in, source);
    }
    for (String arch : new String[] {"sm_80", "sm_90"}) {
      Path cubin = directory.resolve(arch + ".cubin");
      Process process = new ProcessBuilder(nvcc.toString(), "-cubin", "-arch=" + arch,
          "-Werror", "all-warnings", source.toString(), "-o", cubin.toString())
          .directory(directory.toFile()).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(process.waitFor(120, TimeUnit.SECONDS), "nvcc did not finish");
      assertEquals(0, process.exitValue(), "nvcc -arch=" + arch + " failed:\n" + output);
      assertTrue(Files.size(cubin) > 0, "nvcc wrote an empty " + cubin);
    }
  }
}
