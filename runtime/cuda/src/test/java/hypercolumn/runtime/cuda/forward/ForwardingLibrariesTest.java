package hypercolumn.runtime.cuda.forward;

import static hypercolumn.runtime.cuda.forward.ForwardingFixture.assumeToolchain;
import static hypercolumn.runtime.cuda.forward.ForwardingFixture.fakeCuda13;
import static hypercolumn.runtime.cuda.forward.ForwardingFixture.forwarder;
import static hypercolumn.runtime.cuda.forward.ForwardingFixture.jcudaNative;
import static hypercolumn.runtime.cuda.forward.ForwardingFixture.probe;
import static hypercolumn.runtime.cuda.forward.ForwardingFixture.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import hypercolumn.runtime.cuda.forward.ForwardingFixture.ProbeRun;
import hypercolumn.testing.Tolerance;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The forwarding libcublas.so.12 / libnvrtc.so.12 built into the runtime jar, checked without
 * a GPU: JCuda's own JNI libraries call through them into fake CUDA 13 libraries that log
 * their arguments and compute on host memory.
 */
class ForwardingLibrariesTest {

    private static final List<String> FORWARDED_CUBLAS = List.of("cublasCreate_v2",
            "cublasDestroy_v2", "cublasGetVersion_v2", "cublasGetProperty", "cublasSetStream_v2", "cublasGetStream_v2",
            "cublasSetPointerMode_v2", "cublasGetPointerMode_v2", "cublasSetMathMode",
            "cublasGetMathMode", "cublasSetWorkspace_v2", "cublasSgemm_v2",
            "cublasSgemmStridedBatched", "cublasSgemv_v2", "cublasGetStatusName",
            "cublasGetStatusString");
    private static final List<String> FORWARDED_NVRTC = List.of("nvrtcVersion",
            "nvrtcGetErrorString", "nvrtcCreateProgram", "nvrtcDestroyProgram",
            "nvrtcCompileProgram", "nvrtcGetProgramLogSize", "nvrtcGetProgramLog",
            "nvrtcGetPTXSize", "nvrtcGetPTX", "nvrtcGetCUBINSize", "nvrtcGetCUBIN",
            "nvrtcAddNameExpression", "nvrtcGetLoweredName", "nvrtcGetNumSupportedArchs",
            "nvrtcGetSupportedArchs");

    @TempDir
    Path dir;

    @BeforeEach
    void needsGcc() {
        assumeToolchain();
    }

    @Test
    void forwardersExportEveryJcudaImportUnderTheCuda12VersionNode() throws Exception {
        checkExports("libcublas.so.12", jcudaNative("JCublas2", dir), FORWARDED_CUBLAS);
        checkExports("libnvrtc.so.12", jcudaNative("JNvrtc", dir), FORWARDED_NVRTC);
    }

    private void checkExports(String soname, Path jni, List<String> forwarded) throws Exception {
        Path library = forwarder(soname, dir);
        String dynamic = run(List.of("readelf", "-d", library.toString()));
        assertTrue(dynamic.contains("Library soname: [" + soname + "]"), dynamic);

        Set<String> imports = symbols(run(List.of("nm", "-D", "--undefined-only", jni.toString())),
                "@" + soname);
        Set<String> exports = symbols(run(List.of("nm", "-D", "--defined-only", library.toString())),
                "@@" + soname);
        assertTrue(imports.containsAll(forwarded), () -> jni + " no longer imports all of "
                + forwarded + "; it imports " + imports);
        Set<String> missing = new TreeSet<>(imports);
        missing.removeAll(exports);
        assertTrue(missing.isEmpty(), () -> soname + " does not export " + missing);
    }

    /** The names in nm output whose version suffix is {@code version}. */
    private static Set<String> symbols(String nm, String version) {
        Set<String> names = new TreeSet<>();
        for (String line : nm.split("\n")) {
            String[] fields = line.trim().split("\\s+");
            String symbol = fields[fields.length - 1];
            if (symbol.endsWith(version) && !symbol.endsWith("@" + version)) {
                names.add(symbol.substring(0, symbol.length() - version.length()));
            }
        }
        return names;
    }

    @Test
    void cublasCallsThroughJcudaReachCuda13WithTheirArgumentsIntact() throws Exception {
        ProbeRun run = probe(dir, "cublas", fakeCuda13("cublas", dir),
                forwarder("libcublas.so.12", dir));

        assertEquals("130100", run.result("version"));
        assertEquals("13.1.7", run.result("property"));
        assertEquals("3", run.result("mathMode"));
        assertEquals("1", run.result("pointerMode"));
        assertClose(GemmCase.SGEMM.expected(), run.result("SGEMM"));
        assertClose(GemmCase.BATCHED.expected(), run.result("BATCHED"));
        assertClose(GemvCase.SGEMV.expected(), run.result("SGEMV"));
        assertEquals("FAKE13_STATUS_NAME", run.result("statusName"));
        assertEquals("fake 13 status string", run.result("statusString"));
        assertEquals("15", run.result("dgemmStub"), "a stub returns CUBLAS_STATUS_NOT_SUPPORTED");

        String handle = "handle=0x13c0ffee";
        assertCalled(run, "cublasGetProperty type=2");
        assertCalled(run, "cublasSetMathMode " + handle + " mode=3");
        assertCalled(run, "cublasSetPointerMode_v2 " + handle + " mode=1");
        assertCalled(run, "cublasSetWorkspace_v2 " + handle + " workspace=set bytes="
                + ForwardingProbe.WIDE_WORKSPACE_BYTES);
        assertCalled(run, "cublasSgemm_v2 " + handle
                + " transa=1 transb=0 m=2 n=3 k=4 alpha=1.5 lda=5 ldb=6 beta=0.25 ldc=3");
        assertCalled(run, "cublasSgemmStridedBatched " + handle + " transa=0 transb=1 m=2 n=2 k=3"
                + " alpha=-0.5 lda=2 strideA=7 ldb=2 strideB=6 beta=2 ldc=2 strideC=5 batchCount=3");
        assertCalled(run, "cublasSgemmStridedBatched " + handle + " transa=0 transb=0 m=1 n=1 k=1"
                + " alpha=1 lda=1 strideA=" + ForwardingProbe.WIDE_STRIDE_A + " ldb=1 strideB="
                + ForwardingProbe.WIDE_STRIDE_B + " beta=0 ldc=1 strideC="
                + ForwardingProbe.WIDE_STRIDE_C + " batchCount=0");
        assertCalled(run, "cublasSgemv_v2 " + handle
                + " trans=1 m=3 n=2 alpha=0.75 lda=4 incx=2 beta=-1.25 incy=3");
        assertCalled(run, "cublasGetStatusName status=7");
        assertCalled(run, "cublasDestroy_v2 " + handle);
    }

    @Test
    void nvrtcCallsThroughJcudaReachCuda13WithTheirArgumentsIntact() throws Exception {
        ProbeRun run = probe(dir, "nvrtc", fakeCuda13("nvrtc", dir),
                forwarder("libnvrtc.so.12", dir));

        assertEquals("13.1", run.result("version"));
        assertEquals("[75, 90]", run.result("archs"));
        assertEquals("fake log of probe.cu", run.result("log"));
        assertEquals("// fake ptx of probe.cu: --gpu-architecture=compute_90 -default-device"
                + "|extern \"C\" __global__ void probe() {}", run.result("ptx"));
        assertEquals("_Z6loweredv", run.result("lowered"));
        assertEquals("ELF", run.result("cubin"));
        assertEquals("FAKE13_NVRTC_ERROR", run.result("errorString"));
        assertEquals("11", run.result("ltoirStub"), "a stub returns NVRTC_ERROR_INTERNAL_ERROR");

        assertCalled(run, "nvrtcCreateProgram name=probe.cu numHeaders=0");
        assertCalled(run, "nvrtcAddNameExpression name=probe.cu expression=probe");
        assertCalled(run, "nvrtcCompileProgram name=probe.cu numOptions=2");
        assertCalled(run, "nvrtcGetErrorString result=6");
        assertCalled(run, "nvrtcDestroyProgram name=probe.cu");
    }

    @Test
    void withoutCuda13CallsFailWithTheForwardersOwnStatusAndSayWhy() throws Exception {
        String cache = run(List.of("sh", "-c", "ldconfig -p 2>/dev/null || true"));
        assumeFalse(cache.contains("libcublas.so.13") || cache.contains("libnvrtc.so.13"),
                "a real CUDA 13 is installed here, so the forwarders would find it");

        ProbeRun run = probe(dir, "unopened", forwarder("libcublas.so.12", dir),
                forwarder("libnvrtc.so.12", dir));

        // -1 is no status of cuBLAS or NVRTC: the caller can tell "not found" from their answers.
        assertEquals("-1", run.result("create"), "the forwarder's HC_UNRESOLVED");
        assertEquals("the libcublas.so.12 forwarder cannot open libcublas.so.13: libcublas.so.13:"
                + " cannot open shared object file: No such file or directory",
                run.result("unresolvedString"));
        assertTrue(run.result("statusName").contains("libcublas.so.13 could not be loaded"),
                run.result("statusName"));
        assertEquals("-1", run.result("nvrtcVersion"), "the forwarder's HC_UNRESOLVED");
        assertEquals("the libnvrtc.so.12 forwarder cannot open libnvrtc.so.13: libnvrtc.so.13:"
                + " cannot open shared object file: No such file or directory",
                run.result("unresolvedError"));
        assertTrue(run.result("errorString").contains("libnvrtc.so.13 could not be loaded"),
                run.result("errorString"));
        assertTrue(run.stderr().contains("cannot open libcublas.so.13"), run.stderr());
        assertTrue(run.stderr().contains("cannot open libnvrtc.so.13"), run.stderr());
    }

    @Test
    void aFunctionMissingFromCuda13IsNamedWithTheLibrarysPath() throws Exception {
        Path bare = ForwardingFixture.emptyCuda13("cublas", dir);

        ProbeRun run = probe(dir, "unresolved", bare, forwarder("libcublas.so.12", dir));

        assertEquals("-1", run.result("property"), "the forwarder's HC_UNRESOLVED");
        assertEquals("the libcublas.so.12 forwarder found no function cublasGetProperty in"
                + " libcublas.so.13 (" + bare + ")", run.result("unresolvedString"));
        assertTrue(run.stderr().contains("found no function cublasGetProperty"), run.stderr());
    }

    private static void assertCalled(ProbeRun run, String call) {
        assertTrue(run.calls().contains(call),
                () -> "expected the call\n  " + call + "\nthe fake CUDA 13 library saw\n  "
                        + String.join("\n  ", run.calls()));
    }

    private static void assertClose(float[] expected, String printed) {
        String[] parts = printed.substring(1, printed.length() - 1).split(", ");
        float[] actual = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            actual[i] = Float.parseFloat(parts[i]);
        }
        Tolerance.assertWithin("expected " + Arrays.toString(expected) + ", found " + printed,
                expected, actual, 1e-6);
    }
}
