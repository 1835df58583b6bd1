package hypercolumn.runtime.cuda;

import hypercolumn.runtime.FusedKernel;
import hypercolumn.runtime.KernelSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import jcuda.CudaException;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.CUstream;
import jcuda.driver.JCudaDriver;

/**
 * The device's CUDA modules: its own kernels ({@code runtime_kernels.cu}) and each network's
 * generated ones, compiled once and looked up by name; and the launch geometry of a grid-stride
 * kernel.
 */
final class Kernels {
  /** Threads of the first stage of a reduction; {@code PARTIALS} in runtime_kernels.cu. */
  static final int PARTIAL_SUM_THREADS = 1024;

  private static final int THREADS_PER_BLOCK = 256;
  private static final String RUNTIME_SOURCE = "runtime_kernels.cu";

  private final KernelCompiler compiler;
  private final CUstream stream;
  private final StepRecorder recorder;
  private final int maxBlocks;
  private final CUmodule runtimeModule;
  private final Map<String, CUfunction> runtimeFunctions = new HashMap<>();
  private final Map<KernelSource, CUmodule> generatedModules = new IdentityHashMap<>();
  private final Map<FusedKernel, CUfunction> generatedFunctions = new IdentityHashMap<>();
  private final Map<CUfunction, String> names = new IdentityHashMap<>();

  Kernels(KernelCompiler compiler, CUstream stream, StepRecorder recorder, int multiprocessors) {
    this.compiler = compiler;
    this.stream = stream;
    this.recorder = recorder;
    // Enough blocks to fill every multiprocessor several times over; the loops stride past it.
    this.maxBlocks = Math.max(1, multiprocessors) * 16;
    this.runtimeModule = load(readRuntimeSource(), RUNTIME_SOURCE);
  }

  /** A kernel of runtime_kernels.cu. */
  CUfunction runtime(String name) {
    CUfunction function = runtimeFunctions.get(name);
    if (function == null) {
      function = new CUfunction();
      JCudaDriver.cuModuleGetFunction(function, runtimeModule, name);
      runtimeFunctions.put(name, function);
      names.put(function, name);
    }
    return function;
  }

  /** A generated network kernel, compiling its network's source on first use. */
  CUfunction generated(FusedKernel kernel) {
    CUfunction function = generatedFunctions.get(kernel);
    if (function != null) {
      return function;
    }
    KernelSource source = kernel.source();
    if (source == null) {
      throw new IllegalArgumentException("kernel " + kernel.name()
          + " has no CUDA source: it was written for the host only and cannot run on a GPU");
    }
    CUmodule module = generatedModules.get(source);
    if (module == null) {
      module = load(source.read(), source.resource());
      generatedModules.put(source, module);
    }
    function = new CUfunction();
    JCudaDriver.cuModuleGetFunction(function, module, kernel.name());
    generatedFunctions.put(kernel, function);
    names.put(function, kernel.name());
    return function;
  }

  /** Launches a grid-stride kernel sized for {@code elements} work items. */
  void launch(CUfunction function, long elements, KernelArguments arguments) {
    long blocks = Math.min(maxBlocks, Math.max(1, (elements + THREADS_PER_BLOCK - 1) / THREADS_PER_BLOCK));
    submit(function, (int) blocks, THREADS_PER_BLOCK, arguments);
  }

  /** Launches exactly {@code threads} threads (a multiple of the block size, or fewer than one block). */
  void launchExactly(CUfunction function, int threads, KernelArguments arguments) {
    int block = Math.min(threads, THREADS_PER_BLOCK);
    submit(function, threads / block, block, arguments);
  }

  /** Runs, captures or checks the launch, as the recorder says. */
  private void submit(CUfunction function, int blocks, int threads, KernelArguments arguments) {
    recorder.call(names.get(function));
    recorder.value(blocks);
    recorder.value(threads);
    recorder.values(arguments);
    if (recorder.queues()) {
      JCudaDriver.cuLaunchKernel(function, blocks, 1, 1, threads, 1, 1, 0, stream,
          arguments.pointer(), null);
    }
  }

  void close() {
    for (CUmodule module : generatedModules.values()) {
      JCudaDriver.cuModuleUnload(module);
    }
    JCudaDriver.cuModuleUnload(runtimeModule);
  }

  private CUmodule load(String source, String name) {
    CUmodule module = new CUmodule();
    int compilationsBefore = compiler.compilations();
    try {
      JCudaDriver.cuModuleLoadData(module, compiler.ptx(source, name, false));
    } catch (CudaException e) {
      if (compiler.compilations() != compilationsBefore) {
        throw e; // freshly compiled: the driver's refusal is the answer
      }
      // A cached entry the driver refuses (damaged, or written by another setup): compile again.
      JCudaDriver.cuModuleLoadData(module, compiler.ptx(source, name, true));
    }
    return module;
  }

  private static String readRuntimeSource() {
    try (InputStream in = Kernels.class.getResourceAsStream(RUNTIME_SOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the runtime jar lacks hypercolumn/runtime/cuda/" + RUNTIME_SOURCE);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
