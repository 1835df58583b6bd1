package hypercolumn.tests.emulator;

import static jcuda.driver.JCudaDriver.cuLaunchKernel;
import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemFree;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoD;
import static jcuda.driver.JCudaDriver.cuModuleGetFunction;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hypercolumn.runtime.FusedKernel;
import hypercolumn.runtime.Model;
import hypercolumn.runtime.Rng;
import hypercolumn.runtime.Tensor;
import hypercolumn.runtime.cpu.CpuDevice;
import hypercolumn.tests.KernelOutputs;
import hypercolumn.tests.LaunchRecorder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import jcuda.CudaException;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.nvrtc.JNvrtc;
import jcuda.nvrtc.nvrtcProgram;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The emulated NVRTC and module loader: compile errors, a hand-written kernel and a generated network's kernels. */
@Tag("emulator")
class NvrtcEmulatorTest {
  static final String SAXPY = String.join("\n",
      "extern \"C\" __global__ void saxpy(int n, float a, const float* __restrict__ x, float* y) {",
      "  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x) {",
      "    y[i] = a * x[i] + y[i];",
      "  }",
      "}");

  @BeforeEach
  void loadEmulator() {
    Emulator.load();
  }

  @Test
  void gridStrideSaxpyCompilesAndRunsOverEveryElement() {
    CUfunction saxpy = new CUfunction();
    cuModuleGetFunction(saxpy, Emulator.compile(SAXPY, "saxpy.cu"), "saxpy");
    int n = 1000;
    float[] x = Emulator.random(n, 1);
    float[] y = Emulator.random(n, 2);
    CUdeviceptr dx = Emulator.upload(x), dy = Emulator.upload(y);
    Pointer arguments = Pointer.to(Pointer.to(new int[] {n}), Pointer.to(new float[] {3f}), Pointer.to(dx), Pointer.to(dy));
    cuLaunchKernel(saxpy, 3, 1, 1, 64, 1, 1, 0, null, arguments, null);
    float[] expected = new float[n];
    for (int i = 0; i < n; i++) {
      expected[i] = 3f * x[i] + y[i];
    }
    assertArrayEquals(expected, Emulator.download(dy, n), "saxpy");
    DriverEmulatorTest.assertError("CUDA_ERROR_NOT_FOUND", () -> cuModuleGetFunction(new CUfunction(),
        Emulator.compile(SAXPY, "saxpy.cu"), "saxpy_kernel"));
  }

  @Test
  void syntaxErrorIsACompilationErrorWithALogNamingTheLine() {
    String log = compileError("extern \"C\" __global__ void broken(float* y) {\n  y[0] = 1.0f\n}\n", "broken.cu");
    assertTrue(log.contains("broken.cu:2") || log.contains("broken.cu:3"), "log should name broken.cu's line:\n" + log);
    String shared = compileError("extern \"C\" __global__ void k(float* y) {\n  __shared__ float s[32];\n}\n", "shared.cu");
    assertTrue(shared.contains("shared.cu:2") && shared.contains("__shared__ memory is not supported"), shared);
  }

  private static String compileError(String source, String name) {
    nvrtcProgram program = new nvrtcProgram();
    JNvrtc.nvrtcCreateProgram(program, source, name, 0, null, null);
    CudaException error = assertThrows(CudaException.class, () -> JNvrtc.nvrtcCompileProgram(program, 0, null));
    assertTrue(error.getMessage().contains("NVRTC_ERROR_COMPILATION"), error.getMessage());
    String[] log = new String[1];
    JNvrtc.nvrtcGetProgramLog(program, log);
    JNvrtc.nvrtcDestroyProgram(program);
    return log[0];
  }


  /**
   * A training step of a generated network with dropout runs on the CPU device, every launch
   * recorded; each is replayed on the emulator under the ABI of FusedKernel (buffers advanced by
   * their offsets, then the scalars, then the key) and must give the Java kernel's numbers
   * within 5e-7 of each buffer's largest magnitude, at least 1 (expf and tanhf against Math.exp
   * and Math.tanh), and no NaN or infinity that Java does not have.
   */
  @Test
  void generatedNetworkKernelsMatchTheirJavaTwins() throws IOException {
    List<LaunchRecorder.Launch> launches = new ArrayList<>();
    int batch = 7;
    try (CpuDevice cpu = new CpuDevice(1)) {
      Model model = new EmulatedMlpNet(LaunchRecorder.recording(cpu, launches));
      model.initialize(5L);
      float[] labels = new float[batch * model.labelSize()];
      for (int i = 0; i < labels.length; i++) {
        labels[i] = i % 2;
      }
      model.reserve(batch);
      model.setInput(Emulator.random(batch * model.inputSize(), 12), 0, batch);
      model.setLabels(labels, 0, batch);
      model.forward(batch, true, Rng.key(5L, 1, 0));
      model.lossAndGradient(batch);
      model.backward(batch);
    }
    assertFalse(launches.isEmpty(), "EmulatedMlpNet launched no kernel");
    CUmodule module = Emulator.compile(resource(EmulatedMlpNet.CUDA_SOURCE_RESOURCE), "EmulatedMlpNet.cu");
    for (LaunchRecorder.Launch launch : launches) {
      replay(module, launch);
    }
  }

  private static void replay(CUmodule module, LaunchRecorder.Launch launch) {
    CUfunction function = new CUfunction();
    cuModuleGetFunction(function, module, launch.kernel().name());
    // The same tensor at the same offset is one buffer, as on a real device.
    Map<Tensor, Map<Integer, CUdeviceptr>> buffers = new IdentityHashMap<>();
    List<Pointer> arguments = new ArrayList<>(List.of(Pointer.to(new int[] {launch.rows()})));
    CUdeviceptr[] pointers = new CUdeviceptr[launch.tensors().length];
    for (int k = 0; k < pointers.length; k++) {
      float[] before = launch.before()[k];
      pointers[k] = buffers.computeIfAbsent(launch.tensors()[k], t -> new java.util.HashMap<>())
          .computeIfAbsent(launch.offsets()[k], offset -> Emulator.upload(before));
      arguments.add(Pointer.to(pointers[k]));
    }
    for (float scalar : launch.scalars()) {
      arguments.add(Pointer.to(new float[] {scalar}));
    }
    // The key is read from device memory (see FusedKernel's launch ABI).
    CUdeviceptr key = new CUdeviceptr();
    cuMemAlloc(key, 8);
    cuMemcpyHtoD(key, Pointer.to(new long[] {launch.rngKey()}), 8);
    arguments.add(Pointer.to(key));
    cuLaunchKernel(function, 3, 1, 1, 32, 1, 1, 0, null, Pointer.to(arguments.toArray(new Pointer[0])), null);
    for (int k = 0; k < pointers.length; k++) {
      float[] expected = launch.after()[k];
      float[] actual = Emulator.download(pointers[k], expected.length);
      KernelOutputs.assertMatchesJava(launch.kernel().name() + " buffer " + k + " on the emulator", expected, actual,
          5e-7);
    }
    cuMemFree(key);
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = EmulatedMlpNet.class.getResourceAsStream(name)) {
      assertFalse(in == null, "no resource " + name + " beside EmulatedMlpNet");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void kernelArgumentsAreCheckedAgainstTheLaunchLimits() {
    CUfunction saxpy = new CUfunction();
    cuModuleGetFunction(saxpy, Emulator.compile(SAXPY, "saxpy.cu"), "saxpy");
    CUdeviceptr buffer = Emulator.upload(new float[4]);
    Pointer arguments = Pointer.to(Pointer.to(new int[] {4}), Pointer.to(new float[] {1f}), Pointer.to(buffer), Pointer.to(buffer));
    DriverEmulatorTest.assertError("CUDA_ERROR_INVALID_VALUE",
        () -> cuLaunchKernel(saxpy, 1, 1, 1, 2048, 1, 1, 0, null, arguments, null));
    assertEquals(4, Emulator.download(buffer, 4).length);
  }
}
