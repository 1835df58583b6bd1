package hypercolumn.tests.cuda13;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CUDA device does not need cuDNN to start: on the emulator's driver, NVRTC and cuBLAS
 * without its libcudnn.so.9, a dense product runs (oracle: 1*3 + 2*4 = 11) and the first
 * convolution fails with one line saying what was looked for, what was found and what to install.
 */
class MissingCudnnTest {
  @Test
  void denseWorkRunsWithoutCudnnAndTheFirstConvolutionSaysWhatToInstall(@TempDir Path directory) throws Exception {
    Path emulator = RealCudaWheels.emulator();
    Path libraries = Files.createDirectories(directory.resolve("no-cudnn"));
    for (String library : new String[] {"libcuda.so.1", "libnvrtc.so.12", "libcublas.so.12"}) {
      Files.copy(emulator.resolve(library), libraries.resolve(library));
    }
    ChildJvm.Result run = ChildJvm.run(MissingCudnnProbe.class, directory,
        Map.of("hypercolumn.cuda.path", libraries.toString(),
            "hypercolumn.cuda.cache", directory.resolve("cache").toString()),
        Map.of());
    assertEquals(0, run.exitCode(), run.output());
    assertEquals("11.0", run.value("dense"));
    String line = run.value("convolution");
    assertTrue(line.startsWith("cuDNN: looked for libcudnn.so.8 or libcudnn.so.9 in " + libraries), line);
    assertTrue(line.contains("found no libcudnn at all") || line.contains("found only"), line);
    assertTrue(line.contains("install cuDNN 9 (pip install nvidia-cudnn-cu13"), line);
  }
}
