package hypercolumn.runtime.cuda;

import static hypercolumn.runtime.TensorChecks.checkGemmSizes;
import static hypercolumn.runtime.TensorChecks.checkMatrix;
import static hypercolumn.runtime.TensorChecks.checkRange;

import hypercolumn.runtime.Tensor;
import jcuda.Pointer;
import jcuda.jcublas.JCublas2;
import jcuda.jcublas.cublasOperation;

/**
 * The products seam of the CUDA device: every matrix product through cuBLAS, and the bias
 * gradient's column sums through the runtime's own kernel. cuBLAS is column-major; a row-major
 * product {@code C = op(A) op(B)} is the column-major {@code C^T = op(B)^T op(A)^T}, so the
 * operands and their flags swap places and {@code m} and {@code n} swap too.
 */
final class CudaProducts {
  private final CudaContext context;
  private final CudaArguments arguments;
  private final StepRecorder recorder;
  private final Kernels kernels;
  private final float[] alpha = new float[1];
  private final float[] beta = new float[1];
  private final Pointer alphaPointer = Pointer.to(alpha);
  private final Pointer betaPointer = Pointer.to(beta);

  CudaProducts(CudaContext context, CudaArguments arguments, StepRecorder recorder, Kernels kernels) {
    this.context = context;
    this.arguments = arguments;
    this.recorder = recorder;
    this.kernels = kernels;
  }

  void gemm(
      boolean transposeA, boolean transposeB, int m, int n, int k, float alpha,
      Tensor a, int aOffset, int lda, Tensor b, int bOffset, int ldb,
      float beta, Tensor c, int cOffset, int ldc) {
    checkGemmSizes(m, n, k);
    CudaTensor aa = arguments.tensor(a, "A");
    CudaTensor bb = arguments.tensor(b, "B");
    CudaTensor cc = arguments.tensor(c, "C");
    if (m == 0 || n == 0) {
      return;
    }
    checkMatrix(cc.size(), cOffset, m, n, ldc, "C");
    if (k > 0) {
      checkMatrix(aa.size(), aOffset, transposeA ? k : m, transposeA ? m : k, lda, "A");
      checkMatrix(bb.size(), bOffset, transposeB ? n : k, transposeB ? k : n, ldb, "B");
    } else {
      // cuBLAS then reads neither A nor B but still checks their leading dimensions.
      lda = Math.max(1, transposeA ? m : Math.max(1, k));
      ldb = Math.max(1, transposeB ? Math.max(1, k) : n);
    }
    context.bind();
    DevicePointer aAt = aa.at(aOffset);
    DevicePointer bAt = bb.at(bOffset);
    DevicePointer cAt = cc.at(cOffset);
    recorder.call("gemm");
    recorder.value((transposeA ? 1 : 0) | (transposeB ? 2 : 0));
    recorder.value(m);
    recorder.value(n);
    recorder.value(k);
    recorder.value(Float.floatToRawIntBits(alpha));
    recorder.value(Float.floatToRawIntBits(beta));
    recorder.value(aAt.address());
    recorder.value(lda);
    recorder.value(bAt.address());
    recorder.value(ldb);
    recorder.value(cAt.address());
    recorder.value(ldc);
    if (!recorder.queues()) {
      return;
    }
    this.alpha[0] = alpha;
    this.beta[0] = beta;
    JCublas2.cublasSgemm(context.blas(),
        transposeB ? cublasOperation.CUBLAS_OP_T : cublasOperation.CUBLAS_OP_N,
        transposeA ? cublasOperation.CUBLAS_OP_T : cublasOperation.CUBLAS_OP_N,
        n, m, k, alphaPointer, bAt, ldb, aAt, lda, betaPointer, cAt, ldc);
  }

  void sumRows(Tensor in, int inOffset, int rows, int columns, float beta, Tensor out, int outOffset) {
    CudaTensor x = arguments.tensor(in, "in");
    CudaTensor y = arguments.tensor(out, "out");
    checkRange(x.size(), inOffset, rows * columns, "in");
    checkRange(y.size(), outOffset, columns, "out");
    context.bind();
    kernels.launch(kernels.runtime("hc_sum_rows"), columns, new KernelArguments()
        .add(rows).add(columns).add(x.at(inOffset)).add(beta).add(y.at(outOffset)));
  }
}
