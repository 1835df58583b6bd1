package hypercolumn.tests.cuda13;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import hypercolumn.runtime.ConvolutionShape;
import hypercolumn.runtime.PoolingShape;
import hypercolumn.runtime.cuda.CudaDevice;
import hypercolumn.runtime.cuda.CudnnProbe;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * NVIDIA's real cuDNN 9 (the {@code nvidia-cudnn-cu13} wheel) through the runtime's {@code
 * libcudnn.so.8} forwarder, on a machine without a GPU. The oracles: the real library's export
 * table ({@code nm}), {@link ConvolutionShape} and {@link PoolingShape} (PyTorch's arithmetic)
 * for the output sizes cuDNN computes, and cuDNN 8's documented status numbers (BAD_PARAM 3,
 * NOT_INITIALIZED 1) for what cuDNN 9 answers as 2000 and 1001.
 */
class RealCudnnForwardingTest {
  /** The functions cudnn_forward.c passes on (the rest of JCudnn's imports are stubs). */
  private static final List<String> FORWARDED = List.of("cudnnAddTensor",
      "cudnnBatchNormalizationBackward", "cudnnBatchNormalizationForwardInference",
      "cudnnBatchNormalizationForwardTraining", "cudnnConvolutionBackwardBias", "cudnnConvolutionBackwardData", "cudnnConvolutionBackwardFilter",
      "cudnnConvolutionForward", "cudnnCreate", "cudnnCreateConvolutionDescriptor",
      "cudnnCreateFilterDescriptor", "cudnnCreatePoolingDescriptor", "cudnnCreateTensorDescriptor",
      "cudnnDeriveBNTensorDescriptor", "cudnnDestroy", "cudnnDestroyConvolutionDescriptor", "cudnnDestroyFilterDescriptor",
      "cudnnDestroyPoolingDescriptor", "cudnnDestroyTensorDescriptor",
      "cudnnFindConvolutionBackwardDataAlgorithmEx", "cudnnFindConvolutionBackwardFilterAlgorithmEx",
      "cudnnFindConvolutionForwardAlgorithmEx", "cudnnGetConvolution2dForwardOutputDim",
      "cudnnGetConvolutionBackwardDataWorkspaceSize", "cudnnGetConvolutionBackwardFilterWorkspaceSize",
      "cudnnGetConvolutionForwardWorkspaceSize", "cudnnGetCudartVersion", "cudnnGetErrorString",
      "cudnnGetPooling2dForwardOutputDim", "cudnnGetStream", "cudnnGetTensor4dDescriptor",
      "cudnnGetVersion", "cudnnPoolingBackward", "cudnnPoolingForward", "cudnnQueryRuntimeError",
      "cudnnSetConvolution2dDescriptor", "cudnnSetConvolutionMathType", "cudnnSetFilter4dDescriptor",
      "cudnnSetPooling2dDescriptor", "cudnnSetStream", "cudnnSetTensor", "cudnnSetTensor4dDescriptor",
      "cudnnSetTensor4dDescriptorEx", "cudnnTransformTensor");

  private static Path cudnnLibraries() {
    Path lib = RealCudaWheels.sitePackages().resolve("nvidia/cudnn/lib");
    assumeTrue(Files.isRegularFile(lib.resolve("libcudnn.so.9")), "no cuDNN 9 wheel unpacked in " + lib);
    return lib;
  }

  @Test
  void everyForwardedFunctionIsExportedByTheRealCudnn9AndByTheForwarder(@TempDir Path directory)
      throws Exception {
    Path real = cudnnLibraries().resolve("libcudnn.so.9");
    Set<String> realExports = exports(real, "@@libcudnn.so.9");
    Path forwarder = directory.resolve("libcudnn.so.8");
    try (InputStream in = CudaDevice.class.getResourceAsStream("/hypercolumn/runtime/cuda/linux-x86_64/libcudnn.so.8")) {
      assertTrue(in != null, "the runtime jar has no libcudnn.so.8 forwarder");
      Files.copy(in, forwarder);
    }
    Set<String> forwarderExports = exports(forwarder, "@@libcudnn.so.8");
    assertEquals(List.of(), FORWARDED.stream().filter(f -> !realExports.contains(f)).toList(),
        "forwarded but not in " + real);
    assertEquals(List.of(), FORWARDED.stream().filter(f -> !forwarderExports.contains(f)).toList(),
        "forwarded but not exported by the forwarder");
  }

  @Test
  void descriptorsOutputSizesAndStatusesArriveAsCudnn8Numbers(@TempDir Path directory) throws Exception {
    Path lib = cudnnLibraries();
    ChildJvm.Result run = ChildJvm.run(CudnnProbe.class, directory,
        Map.of("hypercolumn.cuda.path", lib.toString()), Map.of());
    assertEquals(0, run.exitCode(), run.output());
    assertEquals("true", run.value("usable"), run.output());
    assertEquals("cuDNN 92400, libcudnn " + lib.resolve("libcudnn.so.9")
        + " through the bundled libcudnn.so.8 forwarder", run.value("line"));
    assertEquals("92400", run.value("version"));
    List<String> convolutions = run.values("convolution");
    assertEquals(CudnnProbe.CONVOLUTIONS.size(), convolutions.size(), run.output());
    for (int i = 0; i < convolutions.size(); i++) {
      ConvolutionShape s = CudnnProbe.CONVOLUTIONS.get(i);
      assertEquals(s + "|0 0 " + s.batch() + " " + s.outChannels() + " " + s.outHeight() + " " + s.outWidth(),
          convolutions.get(i));
    }
    List<String> poolings = run.values("pooling");
    assertEquals(CudnnProbe.POOLINGS.size(), poolings.size(), run.output());
    for (int i = 0; i < poolings.size(); i++) {
      PoolingShape s = CudnnProbe.POOLINGS.get(i);
      assertEquals(s + "|0 0 " + s.batch() + " " + s.channels() + " " + s.outHeight() + " " + s.outWidth(),
          poolings.get(i));
    }
    // The batch-norm parameters' descriptor: 1xCx1x1 spatially (mode 1), 1xCxHxW per activation (0).
    List<String> batchNorms = run.values("batchNorm");
    assertEquals(2 * CudnnProbe.BATCH_NORM_INPUTS.size(), batchNorms.size(), run.output());
    for (int i = 0; i < batchNorms.size(); i++) {
      int[] x = CudnnProbe.BATCH_NORM_INPUTS.get(i / 2);
      int mode = i % 2;
      String input = mode + " " + x[0] + " " + x[1] + " " + x[2] + " " + x[3];
      String derived = mode == 1 ? "1 " + x[1] + " 1 1" : "1 " + x[1] + " " + x[2] + " " + x[3];
      assertEquals(input + "|0 0 " + derived, batchNorms.get(i));
    }
    // cuDNN 9 returns 2000 and 1001; JCudnn must see cuDNN 8's 3 and 1, with their names.
    assertEquals("3 CUDNN_STATUS_BAD_PARAM", run.value("badDescriptor"));
    if (!RealCudaWheels.realDriver()) {
      assertEquals("1 CUDNN_STATUS_NOT_INITIALIZED", run.value("create"));
    }
  }

  private static Set<String> exports(Path library, String version) throws Exception {
    Process nm = new ProcessBuilder("nm", "-D", "--defined-only", library.toString()).redirectErrorStream(true).start();
    String out = new String(nm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(nm.waitFor(60, TimeUnit.SECONDS) && nm.exitValue() == 0, out);
    return out.lines().map(l -> l.substring(l.lastIndexOf(' ') + 1)).filter(s -> s.endsWith(version))
        .map(s -> s.substring(0, s.indexOf('@'))).collect(Collectors.toSet());
  }
}
