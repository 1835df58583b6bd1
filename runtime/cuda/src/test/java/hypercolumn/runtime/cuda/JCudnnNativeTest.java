package hypercolumn.runtime.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jcuda.JCudaVersion;
import jcuda.LibUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JCudnn 11.7.0's native is offered beside JCuda 12.6.0 under the name {@code
 * JCudnn.initialize()} asks for. The oracles are JCuda's own naming rule ({@code
 * System.mapLibraryName(LibUtils.createPlatformLibraryName(...))} of {@code "JCudnn-" + JCudaVersion.get()}, as
 * JCudnn.initialize builds it) and the native's import table as {@code nm} reads it.
 */
class JCudnnNativeTest {
  @Test
  void theNativeLiesOnTheClassPathUnderTheNameJCudnnAsksForBesideJCuda12(@TempDir Path directory)
      throws Exception {
    assertEquals("12.6.0", JCudaVersion.get());
    String name = System.mapLibraryName(LibUtils.createPlatformLibraryName("JCudnn-" + JCudaVersion.get()));
    assertEquals("libJCudnn-12.6.0-linux-x86_64.so", name);
    Path copy = directory.resolve(name);
    try (InputStream in = JCudnnNativeTest.class.getResourceAsStream("/lib/" + name)) {
      assertNotNull(in, "no class-path resource /lib/" + name + " (runtime/cuda's pom offers it)");
      Files.copy(in, copy);
    }
    assumeTrue(ExternalTools.onPath("nm") != null, "nm is not installed");
    Process nm = new ProcessBuilder("nm", "-D", "--undefined-only", copy.toString())
        .redirectErrorStream(true).start();
    String out = new String(nm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(nm.waitFor(30, TimeUnit.SECONDS) && nm.exitValue() == 0, out);
    List<String> cudnn = out.lines().map(l -> l.trim().replaceFirst("^U\\s+", ""))
        .filter(s -> s.startsWith("cudnn")).toList();
    // The 11.7.0 native, as CUDNN.md measured it: 260 cuDNN imports, every one of cuDNN 8.
    assertEquals(260, cudnn.size(), out);
    assertEquals(List.of(), cudnn.stream().filter(s -> !s.endsWith("@libcudnn.so.8")).toList());
  }
}
