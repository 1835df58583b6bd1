package hypercolumn.tests.cuda13;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hypercolumn.runtime.cuda.RealLibrariesProbe;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * NVIDIA's real cuBLAS 13 loads through the runtime's {@code libcublas.so.12} forwarder, and
 * every function the forwarder passes on reaches it: called with a null handle, each answers
 * with cuBLAS's own CUBLAS_STATUS_NOT_INITIALIZED (1), never the forwarder's -1 for a function
 * it could not find; the two that need no handle succeed (cublasGetProperty, and
 * cublasGetVersion_v2, which reports 13.1 as 1301xx). Without a GPU (the emulator's driver)
 * cuBLAS cannot start, and the user is told so in one line that names the file; on a GPU
 * machine (the GPU pack) the device is usable. The oracles are NVIDIA's documented status
 * values and names.
 */
class RealCublasLoadTest {
  private static final List<String> FORWARDED = List.of("cublasGetProperty", "cublasCreate_v2",
      "cublasGetVersion_v2", "cublasSetStream_v2", "cublasGetStream_v2", "cublasSetPointerMode_v2",
      "cublasGetPointerMode_v2", "cublasSetMathMode", "cublasGetMathMode", "cublasSetWorkspace_v2",
      "cublasSgemm_v2", "cublasSgemmStridedBatched", "cublasSgemv_v2", "cublasDestroy_v2");

  @Test
  void realCublas13LoadsThroughTheForwarderAndSaysInOneLineThatItFoundNoGpu(@TempDir Path directory)
      throws Exception {
    Path libraries = RealCudaWheels.cuda13Libraries();
    Path cublas = libraries.resolve("libcublas.so.13");
    // A driver for CUDA 13.0, so the version checks pass and cuBLAS itself is asked for a handle.
    ChildJvm.Result run = ChildJvm.run(RealLibrariesProbe.class, directory,
        Map.of("hypercolumn.cuda.path", ChildJvm.searchPath(libraries, RealCudaWheels.driver(directory))),
        Map.of("HC_EMULATOR_DRIVER_VERSION", "13000"), "cublas");

    assertEquals(0, run.exitCode(), run.output());
    assertTrue(run.value("details").contains("libcublas.so.13 " + cublas
        + " through the bundled libcublas.so.12 forwarder"), run.value("details"));
    assertEquals("13.1", run.value("version"));
    for (String function : FORWARDED) {
      String status = run.values("status").stream().filter(s -> s.startsWith(function + " "))
          .findFirst().orElseThrow(() -> new AssertionError("no status of " + function + ":\n" + run.output()));
      boolean needsNoHandle = function.equals("cublasGetProperty") || function.equals("cublasGetVersion_v2");
      assertEquals(needsNoHandle ? "0" : "1", status.substring(function.length() + 1),
          function + " returned " + status + " (-1: the forwarder did not find it)");
    }
    assertEquals(1301, Integer.parseInt(run.value("cublasVersion")) / 100, "cublasGetVersion_v2");
    assertTrue(run.values("text").contains("cublasGetStatusName CUBLAS_STATUS_NOT_INITIALIZED"), run.output());
    assertTrue(run.values("text").contains("cublasGetStatusString the library was not initialized"), run.output());
    assertFalse(run.output().contains("forwarder found no function"), run.output());

    String summary = run.value("summary");
    if (RealCudaWheels.realDriver()) {
      assertEquals("true", run.value("usable"), "on a GPU machine: " + summary + " " + run.value("details"));
    } else {
      assertEquals("false", run.value("usable"));
      assertEquals("CUDA device: cuBLAS (" + cublas + ") could not create a handle:"
          + " CUBLAS_STATUS_NOT_INITIALIZED; its CUDA runtime found no GPU it can use", summary);
    }
    System.out.println("Real cuBLAS " + run.value("version") + " (" + cublas + ", through the runtime's"
        + " libcublas.so.12 forwarder): " + FORWARDED.size() + " forwarded functions and the two status texts reach it; the"
        + " device says: " + summary);
  }
}
