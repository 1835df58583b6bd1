package hypercolumn.runtime.cuda.forward;

import jcuda.Pointer;
import jcuda.jcublas.JCublas2;
import jcuda.jcublas.cublasHandle;
import jcuda.nvrtc.JNvrtc;
import jcuda.nvrtc.nvrtcProgram;
import jcuda.runtime.cudaStream_t;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Runs in a child JVM started by {@link ForwardingLibrariesTest}: loads the libraries named on
 * the command line in that order with {@code System.load}, then calls cuBLAS or NVRTC through
 * JCuda, whose JNI libraries bind to the CUDA 12 sonames and so to the forwarders. Prints one
 * {@code key=value} line per result; the test asserts them and the fake library's call log.
 *
 * <p>Usage: {@code ForwardingProbe cublas|nvrtc|unopened|unresolved LIBRARY...}
 */
public final class ForwardingProbe {

    /** The strides of the batch-count-0 call: above 2^32, so a truncation to int shows. */
    static final long WIDE_STRIDE_A = (1L << 33) + 3;
    static final long WIDE_STRIDE_B = (1L << 34) + 5;
    static final long WIDE_STRIDE_C = (1L << 35) + 7;
    /** A workspace size above 2^32, checked the same way. */
    static final long WIDE_WORKSPACE_BYTES = 5_000_000_000L;

    private ForwardingProbe() {
    }

    public static void main(String[] args) {
        for (int i = 1; i < args.length; i++) {
            System.load(args[i]);
        }
        switch (args[0]) {
            case "cublas" -> cublas();
            case "nvrtc" -> nvrtc();
            case "unopened" -> unopened();
            case "unresolved" -> unresolved();
            default -> throw new IllegalArgumentException(
                    "expected cublas, nvrtc, unopened or unresolved, found " + args[0]);
        }
        System.out.flush();
    }

    private static void cublas() {
        JCublas2.setExceptionsEnabled(true);
        cublasHandle handle = new cublasHandle();
        JCublas2.cublasCreate(handle);
        int[] value = new int[1];
        JCublas2.cublasGetVersion(handle, value);
        print("version", value[0]);
        int[] major = new int[1];
        int[] minor = new int[1];
        JCublas2.cublasGetProperty(0, major);
        JCublas2.cublasGetProperty(1, minor);
        JCublas2.cublasGetProperty(2, value);
        print("property", major[0] + "." + minor[0] + "." + value[0]);

        JCublas2.cublasSetMathMode(handle, 3);
        JCublas2.cublasGetMathMode(handle, value);
        print("mathMode", value[0]);
        JCublas2.cublasSetPointerMode(handle, 1);
        JCublas2.cublasGetPointerMode(handle, value);
        print("pointerMode", value[0]);
        JCublas2.cublasSetPointerMode(handle, 0);
        JCublas2.cublasSetStream(handle, new cudaStream_t());
        JCublas2.cublasGetStream(handle, new cudaStream_t());

        try (HostMemory workspace = HostMemory.of(new float[4])) {
            JCublas2.cublasSetWorkspace(handle, workspace, WIDE_WORKSPACE_BYTES);
        }
        for (GemmCase gemm : GemmCase.values()) {
            try (HostMemory a = HostMemory.of(gemm.a()); HostMemory b = HostMemory.of(gemm.b());
                    HostMemory c = HostMemory.of(gemm.c())) {
                Pointer alpha = Pointer.to(new float[] {gemm.alpha});
                Pointer beta = Pointer.to(new float[] {gemm.beta});
                if (gemm.batchCount == 1) {
                    JCublas2.cublasSgemm(handle, gemm.transa, gemm.transb, gemm.m, gemm.n, gemm.k,
                            alpha, a, gemm.lda, b, gemm.ldb, beta, c, gemm.ldc);
                } else {
                    JCublas2.cublasSgemmStridedBatched(handle, gemm.transa, gemm.transb, gemm.m,
                            gemm.n, gemm.k, alpha, a, gemm.lda, gemm.strideA, b, gemm.ldb,
                            gemm.strideB, beta, c, gemm.ldc, gemm.strideC, gemm.batchCount);
                }
                print(gemm.name(), Arrays.toString(c.read()));
            }
        }
        // No batches, so the fake touches no memory: only the 64-bit strides are checked.
        JCublas2.cublasSgemmStridedBatched(handle, 0, 0, 1, 1, 1, Pointer.to(new float[] {1}),
                new Pointer(), 1, WIDE_STRIDE_A, new Pointer(), 1, WIDE_STRIDE_B,
                Pointer.to(new float[] {0}), new Pointer(), 1, WIDE_STRIDE_C, 0);

        GemvCase gemv = GemvCase.SGEMV;
        try (HostMemory a = HostMemory.of(gemv.a()); HostMemory x = HostMemory.of(gemv.x());
                HostMemory y = HostMemory.of(gemv.y())) {
            JCublas2.cublasSgemv(handle, gemv.trans, gemv.m, gemv.n,
                    Pointer.to(new float[] {gemv.alpha}), a, gemv.lda, x, gemv.incx,
                    Pointer.to(new float[] {gemv.beta}), y, gemv.incy);
            print("SGEMV", Arrays.toString(y.read()));
        }

        print("statusName", JCublas2.cublasGetStatusName(7));
        print("statusString", JCublas2.cublasGetStatusString(13));
        JCublas2.setExceptionsEnabled(false);
        // A function that is only a stub in the forwarder.
        print("dgemmStub", JCublas2.cublasDgemm(handle, 0, 0, 1, 1, 1,
                Pointer.to(new double[] {1}), new Pointer(), 1, new Pointer(), 1,
                Pointer.to(new double[] {0}), new Pointer(), 1));
        JCublas2.setExceptionsEnabled(true);
        JCublas2.cublasDestroy(handle);
    }

    private static void nvrtc() {
        JNvrtc.setExceptionsEnabled(true);
        int[] major = new int[1];
        int[] minor = new int[1];
        JNvrtc.nvrtcVersion(major, minor);
        print("version", major[0] + "." + minor[0]);
        int[] count = new int[1];
        JNvrtc.nvrtcGetNumSupportedArchs(count);
        int[] archs = new int[count[0]];
        JNvrtc.nvrtcGetSupportedArchs(archs);
        print("archs", Arrays.toString(archs));

        nvrtcProgram program = new nvrtcProgram();
        JNvrtc.nvrtcCreateProgram(program, "extern \"C\" __global__ void probe() {}",
                "probe.cu", 0, null, null);
        JNvrtc.nvrtcAddNameExpression(program, "probe");
        JNvrtc.nvrtcCompileProgram(program, 2,
                new String[] {"--gpu-architecture=compute_90", "-default-device"});
        String[] text = new String[1];
        JNvrtc.nvrtcGetProgramLog(program, text);
        print("log", text[0]);
        JNvrtc.nvrtcGetPTX(program, text);
        print("ptx", text[0].replace('\n', '|'));
        JNvrtc.nvrtcGetLoweredName(program, "probe", text);
        print("lowered", text[0]);
        long[] size = new long[1];
        JNvrtc.nvrtcGetCUBINSize(program, size);
        byte[] cubin = new byte[(int) size[0]];
        JNvrtc.nvrtcGetCUBIN(program, cubin);
        print("cubin", new String(cubin, 1, cubin.length - 1, StandardCharsets.US_ASCII));
        print("errorString", JNvrtc.nvrtcGetErrorString(6));
        JNvrtc.setExceptionsEnabled(false);
        // A function that is only a stub in the forwarder.
        print("ltoirStub", JNvrtc.nvrtcGetLTOIRSize(program, size));
        JNvrtc.setExceptionsEnabled(true);
        JNvrtc.nvrtcDestroyProgram(program);
    }

    /** Only the forwarders are loaded and no CUDA 13 library can be found. */
    private static void unopened() {
        print("create", JCublas2.cublasCreate(new cublasHandle()));
        print("statusName", JCublas2.cublasGetStatusName(1));
        print("nvrtcVersion", JNvrtc.nvrtcVersion(new int[1], new int[1]));
        print("errorString", JNvrtc.nvrtcGetErrorString(0));
        print("unresolvedString", JCublas2.cublasGetStatusString(-1));
        print("unresolvedError", JNvrtc.nvrtcGetErrorString(-1));
    }

    /** A libcublas.so.13 without the functions is loaded before the forwarder. */
    private static void unresolved() {
        print("property", JCublas2.cublasGetProperty(2, new int[1]));
        print("unresolvedString", JCublas2.cublasGetStatusString(-1));
    }

    private static void print(String key, Object value) {
        System.out.println(key + "=" + value);
    }
}
