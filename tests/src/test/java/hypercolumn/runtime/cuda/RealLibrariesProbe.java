package hypercolumn.runtime.cuda;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import jcuda.Pointer;
import jcuda.jcublas.JCublas2;
import jcuda.jcublas.cublasHandle;
import jcuda.nvrtc.JNvrtc;
import jcuda.nvrtc.nvrtcProgram;
import jcuda.runtime.cudaStream_t;

/**
 * Runs in a child JVM started by the tests of {@code hypercolumn.tests.cuda13}: loads the CUDA
 * libraries exactly as the CUDA device does ({@link CudaLibraries#load()}, from {@code
 * -Dhypercolumn.cuda.path} and this process's environment), then exercises them. It sits in the
 * runtime's package to call the runtime's own loader and {@link KernelCompiler}. Prints {@code
 * key|value} lines; the tests assert them.
 *
 * <p>Usage: {@code RealLibrariesProbe status | compile OUT_DIR SOURCE... | cublas}
 */
public final class RealLibrariesProbe {
  private RealLibrariesProbe() {}

  public static void main(String[] args) throws Exception {
    CudaLibraries.Status status = CudaLibraries.load();
    System.out.println("usable|" + status.usable());
    System.out.println("summary|" + status.summary());
    System.out.println("details|" + status.details());
    switch (args[0]) {
      case "status" -> open();
      case "compile" -> compile(Path.of(args[1]), Arrays.copyOfRange(args, 2, args.length));
      case "cublas" -> cublas();
      default -> throw new IllegalArgumentException("expected status, compile or cublas, found " + args[0]);
    }
    System.out.flush();
  }

  /** What a user who asks for the GPU is told. */
  private static void open() {
    try {
      CudaDevice.open(0).close();
      System.out.println("open|ok");
    } catch (IllegalStateException e) {
      System.out.println("open|" + e.getMessage().replace('\n', ' '));
    }
  }

  /**
   * Each source to PTX for compute_80 and compute_90 through the runtime's compiler, as the
   * device does at first use; and to a cubin for sm_80 and sm_90 with NVRTC's log, which shows
   * that the PTX assembles too. Everything is written to {@code out} for the test to read.
   */
  private static void compile(Path out, String[] sources) throws Exception {
    Path cache = Files.createDirectories(out.resolve("cache"));
    int[] count = {0};
    JNvrtc.nvrtcGetNumSupportedArchs(count);
    int[] archs = new int[count[0]];
    JNvrtc.nvrtcGetSupportedArchs(archs);
    System.out.println("archs|" + Arrays.toString(archs));
    for (String sourceFile : sources) {
      Path file = Path.of(sourceFile);
      String name = file.getFileName().toString();
      String source = Files.readString(file, StandardCharsets.UTF_8);
      for (String arch : new String[] {"80", "90"}) {
        KernelCompiler compiler = new KernelCompiler("compute_" + arch, "real NVRTC test", cache);
        System.out.println("nvrtc|" + compiler.nvrtcVersion());
        Files.writeString(out.resolve(name + ".compute_" + arch + ".ptx"), compiler.ptx(source, name, true));
        cubin(source, name, arch, out);
      }
      System.out.println("compiled|" + name);
    }
  }

  private static void cubin(String source, String name, String arch, Path out) throws Exception {
    nvrtcProgram program = new nvrtcProgram();
    JNvrtc.nvrtcCreateProgram(program, source, name, 0, null, null);
    try {
      String[] log = {""};
      JNvrtc.setExceptionsEnabled(false);
      int result = JNvrtc.nvrtcCompileProgram(program, 1, new String[] {"--gpu-architecture=sm_" + arch});
      JNvrtc.setExceptionsEnabled(true);
      JNvrtc.nvrtcGetProgramLog(program, log);
      Files.writeString(out.resolve(name + ".sm_" + arch + ".log"), log[0] == null ? "" : log[0]);
      if (result != 0) {
        System.out.println("failed|" + name + " sm_" + arch + " " + JNvrtc.nvrtcGetErrorString(result));
        return;
      }
      long[] size = {0};
      JNvrtc.nvrtcGetCUBINSize(program, size);
      byte[] cubin = new byte[(int) size[0]];
      JNvrtc.nvrtcGetCUBIN(program, cubin);
      Files.write(out.resolve(name + ".sm_" + arch + ".cubin"), cubin);
      // Every kernel is extern "C", so its lowered name is its own.
      String kernel = firstKernel(source);
      if (kernel != null) {
        nvrtcProgram named = new nvrtcProgram();
        JNvrtc.nvrtcCreateProgram(named, source, name, 0, null, null);
        JNvrtc.nvrtcAddNameExpression(named, kernel);
        JNvrtc.nvrtcCompileProgram(named, 1, new String[] {"--gpu-architecture=compute_" + arch});
        String[] lowered = {null};
        JNvrtc.nvrtcGetLoweredName(named, kernel, lowered);
        JNvrtc.nvrtcDestroyProgram(named);
        System.out.println("lowered|" + kernel + " " + lowered[0]);
      }
    } finally {
      JNvrtc.setExceptionsEnabled(true);
      JNvrtc.nvrtcDestroyProgram(program);
    }
  }

  private static String firstKernel(String source) {
    java.util.regex.Matcher matcher = java.util.regex.Pattern
        .compile("extern \"C\" __global__ void (\\w+)\\(").matcher(source);
    return matcher.find() ? matcher.group(1) : null;
  }

  /**
   * Every function the libcublas.so.12 forwarder passes on, called with a null handle: each must
   * reach cuBLAS 13 (which answers for itself) rather than the forwarder's unresolved status, -1.
   */
  private static void cublas() {
    JCublas2.setExceptionsEnabled(false);
    cublasHandle none = new cublasHandle();
    Pointer nothing = new Pointer();
    Pointer one = Pointer.to(new float[] {1});
    int[] value = {0};
    int[] major = {0};
    int[] minor = {0};
    print("cublasGetProperty", JCublas2.cublasGetProperty(0, major));
    JCublas2.cublasGetProperty(1, minor);
    System.out.println("version|" + major[0] + "." + minor[0]);
    print("cublasCreate_v2", JCublas2.cublasCreate(new cublasHandle()));
    print("cublasGetVersion_v2", JCublas2.cublasGetVersion(none, value));
    System.out.println("cublasVersion|" + value[0]);
    print("cublasSetStream_v2", JCublas2.cublasSetStream(none, new cudaStream_t()));
    print("cublasGetStream_v2", JCublas2.cublasGetStream(none, new cudaStream_t()));
    print("cublasSetPointerMode_v2", JCublas2.cublasSetPointerMode(none, 0));
    print("cublasGetPointerMode_v2", JCublas2.cublasGetPointerMode(none, value));
    print("cublasSetMathMode", JCublas2.cublasSetMathMode(none, 0));
    print("cublasGetMathMode", JCublas2.cublasGetMathMode(none, value));
    print("cublasSetWorkspace_v2", JCublas2.cublasSetWorkspace(none, nothing, 0));
    print("cublasSgemm_v2", JCublas2.cublasSgemm(none, 0, 0, 1, 1, 1, one, nothing, 1, nothing, 1, one, nothing, 1));
    print("cublasSgemmStridedBatched", JCublas2.cublasSgemmStridedBatched(none, 0, 0, 1, 1, 1, one,
        nothing, 1, 1, nothing, 1, 1, one, nothing, 1, 1, 1));
    print("cublasSgemv_v2", JCublas2.cublasSgemv(none, 0, 1, 1, one, nothing, 1, nothing, 1, one, nothing, 1));
    print("cublasDestroy_v2", JCublas2.cublasDestroy(none));
    System.out.println("text|cublasGetStatusName " + JCublas2.cublasGetStatusName(1));
    System.out.println("text|cublasGetStatusString " + JCublas2.cublasGetStatusString(1));
  }

  private static void print(String function, int status) {
    System.out.println("status|" + function + " " + status);
  }
}
