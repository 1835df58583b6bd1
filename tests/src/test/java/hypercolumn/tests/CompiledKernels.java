package hypercolumn.tests;

import hypercolumn.processor.emit.cuda.CudaSource;
import hypercolumn.processor.emit.java.KernelSet;
import hypercolumn.processor.plan.pointwise.KernelPlan;
import hypercolumn.runtime.FusedKernel;
import java.io.File;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Kernel descriptions that no layer launches yet, emitted by the processor's own emitters as a
 * generated network's kernels are (Java by {@code KernelSet}, CUDA by {@code CudaSource}),
 * compiled with javac at test time and loaded with their CUDA source beside them, so that every
 * device runs them exactly as it would run a network's.
 */
final class CompiledKernels {
  private static final String PACKAGE = "hypercolumn.tests.kernels";

  private final Map<String, FusedKernel> byName = new HashMap<>();

  private CompiledKernels() {}

  static CompiledKernels of(String className, List<KernelPlan> plans, Path directory) throws Exception {
    Path sources = Files.createDirectories(directory.resolve("src"));
    Path classes = Files.createDirectories(directory.resolve("classes"));
    Path java = sources.resolve(className + ".java");
    Files.writeString(java, KernelSet.javaSource(PACKAGE, className, plans), StandardCharsets.UTF_8);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    String runtime = Path.of(FusedKernel.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    int status = javac.run(null, null, null, "-d", classes.toString(), "-classpath", runtime, java.toString());
    if (status != 0) {
      throw new IllegalStateException("javac failed on the generated " + java + " (status " + status + ")");
    }
    Path packageDirectory = classes.resolve(PACKAGE.replace('.', File.separatorChar));
    Files.writeString(packageDirectory.resolve(className + ".cu"),
        CudaSource.write(CompiledKernels.class.getName(), className, plans), StandardCharsets.UTF_8);
    CompiledKernels compiled = new CompiledKernels();
    URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, CompiledKernels.class.getClassLoader());
    Method kernels = loader.loadClass(PACKAGE + "." + className).getMethod("kernels");
    @SuppressWarnings("unchecked")
    List<FusedKernel> instances = (List<FusedKernel>) kernels.invoke(null);
    for (FusedKernel kernel : instances) {
      compiled.byName.put(kernel.name(), kernel);
    }
    return compiled;
  }

  /** The kernel of {@code plan}. */
  FusedKernel kernel(KernelPlan plan) {
    FusedKernel kernel = byName.get(plan.name());
    if (kernel == null) {
      throw new IllegalArgumentException("Expected a compiled kernel " + plan.name() + ", found " + byName.keySet());
    }
    return kernel;
  }
}
