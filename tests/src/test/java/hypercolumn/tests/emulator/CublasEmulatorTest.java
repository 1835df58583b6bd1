package hypercolumn.tests.emulator;

import static jcuda.jcublas.cublasOperation.CUBLAS_OP_N;
import static jcuda.jcublas.cublasOperation.CUBLAS_OP_T;
import static jcuda.jcublas.cublasPointerMode.CUBLAS_POINTER_MODE_DEVICE;
import static jcuda.jcublas.cublasPointerMode.CUBLAS_POINTER_MODE_HOST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import hypercolumn.runtime.Tensor;
import hypercolumn.runtime.cpu.CpuDevice;
import hypercolumn.testing.Tolerance;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.jcublas.JCublas2;
import jcuda.jcublas.cublasHandle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The emulated cuBLAS against the CPU device. cuBLAS is column-major and the CPU device
 * row-major: a column-major {@code C = op(A) op(B)} is the row-major {@code C^T = op(B)^T
 * op(A)^T}, so each product runs on the CPU device with the operands and flags swapped and the
 * same leading dimensions.
 */
@Tag("emulator")
class CublasEmulatorTest {
  private final CpuDevice cpu = new CpuDevice(1);
  private cublasHandle handle;

  @BeforeEach
  void createHandle() {
    Emulator.load();
    handle = new cublasHandle();
    JCublas2.cublasCreate(handle);
  }

  @AfterEach
  void destroyHandle() {
    JCublas2.cublasDestroy(handle);
    cpu.close();
  }

  @Test
  void sgemmMatchesTheCpuDeviceForEveryTransposeWithPaddedLeadingDimensions() {
    int m = 7, n = 5, k = 9;
    for (boolean transA : new boolean[] {false, true}) {
      for (boolean transB : new boolean[] {false, true}) {
        int lda = (transA ? k : m) + 3, ldb = (transB ? n : k) + 2, ldc = m + 4;
        float[] a = Emulator.random(lda * (transA ? m : k), 1);
        float[] b = Emulator.random(ldb * (transB ? k : n), 2);
        float[] c = Emulator.random(ldc * n, 3);
        float[] actual = cublasGemm(transA, transB, m, n, k, 1.5f, a, lda, b, ldb, -0.5f, c, ldc, false);
        float[] expected = cpuGemm(transA, transB, m, n, k, 1.5f, a, lda, b, ldb, -0.5f, c, ldc);
        Tolerance.assertWithin("sgemm transA=" + transA + " transB=" + transB, expected, actual, 1e-6);
      }
    }
  }

  @Test
  void zeroBetaIgnoresNanInCAndDevicePointerModeReadsAlphaFromDeviceMemory() {
    int m = 4, n = 3, k = 2;
    float[] a = Emulator.random(m * k, 4);
    float[] b = Emulator.random(k * n, 5);
    float[] c = new float[m * n];
    java.util.Arrays.fill(c, Float.NaN);
    float[] expected = cpuGemm(false, false, m, n, k, 2f, a, m, b, k, 0f, new float[m * n], m);
    Tolerance.assertWithin("host mode", expected, cublasGemm(false, false, m, n, k, 2f, a, m, b, k, 0f, c, m, false), 1e-6);
    Tolerance.assertWithin("device mode", expected, cublasGemm(false, false, m, n, k, 2f, a, m, b, k, 0f, c, m, true), 1e-6);
  }

  @Test
  void stridedBatchedSgemmIsOneSgemmPerBatch() {
    int m = 3, n = 4, k = 5, batches = 3, strideA = m * k + 1, strideB = k * n + 2, strideC = m * n + 3;
    float[] a = Emulator.random(strideA * batches, 6);
    float[] b = Emulator.random(strideB * batches, 7);
    float[] c = Emulator.random(strideC * batches, 8);
    CUdeviceptr da = Emulator.upload(a), db = Emulator.upload(b), dc = Emulator.upload(c);
    JCublas2.cublasSgemmStridedBatched(handle, CUBLAS_OP_N, CUBLAS_OP_T, m, n, k, Pointer.to(new float[] {0.75f}),
        da, m, strideA, db, n, strideB, Pointer.to(new float[] {1f}), dc, m, strideC, batches);
    float[] actual = Emulator.download(dc, c.length);
    for (int batch = 0; batch < batches; batch++) {
      float[] ab = java.util.Arrays.copyOfRange(a, batch * strideA, batch * strideA + m * k);
      float[] bb = java.util.Arrays.copyOfRange(b, batch * strideB, batch * strideB + k * n);
      float[] cb = java.util.Arrays.copyOfRange(c, batch * strideC, batch * strideC + m * n);
      Tolerance.assertWithin("batch " + batch, cpuGemm(false, true, m, n, k, 0.75f, ab, m, bb, n, 1f, cb, m),
          java.util.Arrays.copyOfRange(actual, batch * strideC, batch * strideC + m * n), 1e-6);
      for (int gap = batch * strideC + m * n; gap < (batch + 1) * strideC; gap++) {
        assertFalse(actual[gap] != c[gap], "element " + gap + " between batches was written");
      }
    }
  }

  @Test
  void sgemvMatchesPlainJava() {
    int m = 5, n = 3, lda = 6;
    float[] a = Emulator.random(lda * n, 9);
    float[] x = Emulator.random(m, 10);
    float[] y = Emulator.random(n, 11);
    CUdeviceptr da = Emulator.upload(a), dx = Emulator.upload(x), dy = Emulator.upload(y);
    JCublas2.cublasSgemv(handle, CUBLAS_OP_T, m, n, Pointer.to(new float[] {2f}), da, lda, dx, 1,
        Pointer.to(new float[] {0.5f}), dy, 1);
    float[] expected = new float[n];
    for (int j = 0; j < n; j++) {
      double sum = 0;
      for (int i = 0; i < m; i++) {
        sum += a[i + j * lda] * x[i];
      }
      expected[j] = (float) (2 * sum + 0.5 * y[j]);
    }
    Tolerance.assertWithin("sgemv transposed", expected, Emulator.download(dy, n), 1e-6);
  }

  @Test
  void leadingDimensionSmallerThanTheRowsIsAnInvalidValue() throws Exception {
    CUdeviceptr buffer = Emulator.upload(new float[64]);
    Pointer one = Pointer.to(new float[] {1f});
    DriverEmulatorTest.assertError("CUBLAS_STATUS_INVALID_VALUE", () -> JCublas2.cublasSgemm(handle, CUBLAS_OP_N,
        CUBLAS_OP_N, 4, 4, 4, one, buffer, 3, buffer, 4, one, buffer, 4));
    DriverEmulatorTest.assertError("CUBLAS_STATUS_INVALID_VALUE", () -> JCublas2.cublasSgemm(handle, CUBLAS_OP_T,
        CUBLAS_OP_N, 4, 4, 5, one, buffer, 4, buffer, 5, one, buffer, 4));
    assertEquals("hypercolumn CUDA emulator: cublasSdot_v2 is not supported\n", Emulator.unsupportedCallsLoggedBy(
        () -> DriverEmulatorTest.assertError("CUBLAS_STATUS_NOT_SUPPORTED",
            () -> JCublas2.cublasSdot(handle, 4, buffer, 1, buffer, 1, Pointer.to(new float[1])))));
  }

  /** C after cublasSgemm on the emulator, alpha and beta in host or device memory. */
  private float[] cublasGemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int lda,
      float[] b, int ldb, float beta, float[] c, int ldc, boolean deviceScalars) {
    CUdeviceptr da = Emulator.upload(a), db = Emulator.upload(b), dc = Emulator.upload(c);
    Pointer alphaPointer = deviceScalars ? Emulator.upload(new float[] {alpha}) : Pointer.to(new float[] {alpha});
    Pointer betaPointer = deviceScalars ? Emulator.upload(new float[] {beta}) : Pointer.to(new float[] {beta});
    JCublas2.cublasSetPointerMode(handle, deviceScalars ? CUBLAS_POINTER_MODE_DEVICE : CUBLAS_POINTER_MODE_HOST);
    JCublas2.cublasSgemm(handle, transA ? CUBLAS_OP_T : CUBLAS_OP_N, transB ? CUBLAS_OP_T : CUBLAS_OP_N, m, n, k,
        alphaPointer, da, lda, db, ldb, betaPointer, dc, ldc);
    JCublas2.cublasSetPointerMode(handle, CUBLAS_POINTER_MODE_HOST);
    return Emulator.download(dc, c.length);
  }

  /** The same product on the CPU device, row-major with the operands swapped. */
  private float[] cpuGemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int lda,
      float[] b, int ldb, float beta, float[] c, int ldc) {
    Tensor ta = tensor(a), tb = tensor(b), tc = tensor(c);
    cpu.gemm(transB, transA, n, m, k, alpha, tb, 0, ldb, ta, 0, lda, beta, tc, 0, ldc);
    float[] out = new float[c.length];
    cpu.download(tc, 0, out, 0, c.length);
    return out;
  }

  private Tensor tensor(float[] values) {
    Tensor tensor = cpu.allocate(values.length);
    cpu.upload(values, 0, tensor, 0, values.length);
    return tensor;
  }
}
