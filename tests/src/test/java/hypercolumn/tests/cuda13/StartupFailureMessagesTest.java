package hypercolumn.tests.cuda13;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hypercolumn.runtime.cuda.RealLibrariesProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each way the CUDA device can fail to start with the real CUDA 13 libraries says, in its first
 * line, what was loaded and from where, and then what to do; asking for the GPU anyway throws
 * the same text. The oracle is the message a user should read, written out here in full, with
 * NVIDIA's rules: PTX from NVRTC M.m needs a driver for CUDA M.m, cuBLAS M.x one for CUDA M.0.
 * The emulator's driver reports CUDA 12.6. (A handle cuBLAS cannot create: RealCublasLoadTest.)
 */
class StartupFailureMessagesTest {
  @TempDir
  Path directory;

  @Test
  void nvrtcNewerThanTheDriverNamesTheDriverItNeeds() throws Exception {
    Path nvrtc = RealCudaWheels.cuda13Libraries().resolve("libnvrtc.so.13");
    RealCudaWheels.emulator();
    ChildJvm.Result run = status(RealCudaWheels.cuda13Libraries(), RealCudaWheels.emulatedDriverOnly(directory));

    assertEquals("CUDA device: NVRTC 13.0 (" + nvrtc + ") is newer than the driver (CUDA 12.6),"
        + " which cannot load its PTX", run.value("summary"));
    assertTrue(run.value("details").contains("libnvrtc.so.13 " + nvrtc + " through the bundled"
        + " libnvrtc.so.12 forwarder"), run.value("details"));
    assertTrue(run.value("details").endsWith("Update the NVIDIA driver to one for CUDA 13.0 or newer,"
        + " or point -Dhypercolumn.cuda.path at an NVRTC no newer than the driver (pip install"
        + " nvidia-cuda-nvrtc-cu12)."), run.value("details"));
    assertEquals(run.value("summary") + ". " + run.value("details"), run.value("open"));
  }

  @Test
  void cublasNewerThanTheDriverNamesTheDriverItNeeds() throws Exception {
    // Only cuBLAS 13 here; NVRTC is the emulator's 12.6, which the driver can serve.
    Path cublasOnly = Files.createDirectories(directory.resolve("cublas"));
    for (String library : List.of("libcublas.so.13", "libcublasLt.so.13")) {
      Files.createSymbolicLink(cublasOnly.resolve(library), RealCudaWheels.cuda13Libraries().resolve(library));
    }
    ChildJvm.Result run = status(cublasOnly, RealCudaWheels.emulator());
    for (String library : List.of("libcublas.so.13", "libcublasLt.so.13")) {
      Files.delete(cublasOnly.resolve(library)); // before JUnit warns about links out of its directory
    }

    assertEquals("CUDA device: cuBLAS 13.1 (" + cublasOnly.resolve("libcublas.so.13") + ") needs a"
        + " driver for CUDA 13.0 or newer; this driver is for CUDA 12.6", run.value("summary"));
    assertTrue(run.value("details").contains("libnvrtc.so.12 " + RealCudaWheels.emulator().resolve("libnvrtc.so.12")),
        run.value("details"));
    assertTrue(run.value("details").endsWith("Update the NVIDIA driver to one for CUDA 13.0 or newer,"
        + " or point -Dhypercolumn.cuda.path at a cuBLAS no newer than the driver (pip install"
        + " nvidia-cublas-cu12)."), run.value("details"));
    assertEquals(run.value("summary") + ". " + run.value("details"), run.value("open"));
  }

  @Test
  void aForwarderThatCannotResolveAFunctionNamesItAndTheFile() throws Exception {
    Path impostor = Files.createDirectories(directory.resolve("impostor"));
    Path library = impostor.resolve("libcublas.so.13");
    Path source = impostor.resolve("empty.c");
    Files.writeString(source, "int not_cublas(void) { return 0; }\n");
    Process gcc = new ProcessBuilder("gcc", "-shared", "-fPIC", "-Wl,-soname,libcublas.so.13",
        "-o", library.toString(), source.toString()).inheritIO().start();
    assertTrue(gcc.waitFor(60, TimeUnit.SECONDS) && gcc.exitValue() == 0, "gcc could not build " + library);
    ChildJvm.Result run = status(impostor, RealCudaWheels.emulator());

    assertEquals("CUDA device: cuBLAS (" + library + ") failed its first call, cublasGetProperty:"
        + " the libcublas.so.12 forwarder found no function cublasGetProperty in libcublas.so.13 ("
        + library + ")", run.value("summary"));
    assertTrue(run.value("details").endsWith("Point -Dhypercolumn.cuda.path at NVIDIA's cuBLAS 12"
        + " or 13 (pip install nvidia-cublas)."), run.value("details"));
    assertEquals(run.value("summary") + ". " + run.value("details"), run.value("open"));
  }

  private ChildJvm.Result status(Path... searchPath) throws Exception {
    ChildJvm.Result run = ChildJvm.run(RealLibrariesProbe.class, directory,
        Map.of("hypercolumn.cuda.path", ChildJvm.searchPath(searchPath)), Map.of(), "status");
    assertEquals(0, run.exitCode(), run.output());
    assertEquals("false", run.value("usable"));
    System.out.println("The CUDA device says: " + run.value("summary"));
    return run;
  }
}
