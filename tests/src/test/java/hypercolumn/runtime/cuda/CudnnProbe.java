package hypercolumn.runtime.cuda;

import hypercolumn.runtime.ConvolutionShape;
import hypercolumn.runtime.PoolingShape;
import java.util.List;
import jcuda.jcudnn.JCudnn;
import jcuda.jcudnn.cudnnConvolutionDescriptor;
import jcuda.jcudnn.cudnnFilterDescriptor;
import jcuda.jcudnn.cudnnHandle;
import jcuda.jcudnn.cudnnPoolingDescriptor;
import jcuda.jcudnn.cudnnTensorDescriptor;

/**
 * Runs in a child JVM started by {@code hypercolumn.tests.cuda13.RealCudnnForwardingTest}:
 * loads cuDNN as the CUDA device does ({@link CudnnLibraries#load()}, from {@code
 * -Dhypercolumn.cuda.path}), then asks it, through JCudnn, the questions that need no GPU.
 * Prints {@code key|value} lines; the test asserts them against {@link ConvolutionShape} and
 * {@link PoolingShape}.
 */
public final class CudnnProbe {
  /** Strides, dilations and (symmetric, as cuDNN's descriptor takes it) paddings of all kinds. */
  public static final List<ConvolutionShape> CONVOLUTIONS = List.of(
      new ConvolutionShape(2, 3, 9, 7, 5, 3, 2, 2, 1, 1, 1, 2, 2, 1, 2),
      new ConvolutionShape(1, 1, 28, 28, 32, 5, 5, 1, 1, 2, 2, 2, 2, 1, 1),
      new ConvolutionShape(4, 8, 16, 11, 6, 3, 3, 3, 2, 0, 0, 0, 0, 2, 3),
      new ConvolutionShape(3, 2, 5, 5, 4, 1, 1, 2, 2, 0, 0, 0, 0, 1, 1));
  public static final List<PoolingShape> POOLINGS = List.of(
      new PoolingShape(PoolingShape.Mode.MAX, 2, 3, 28, 28, 2, 2, 2, 2, 0, 0, 0, 0),
      new PoolingShape(PoolingShape.Mode.AVERAGE, 1, 4, 7, 9, 3, 2, 2, 3, 1, 1, 1, 1),
      new PoolingShape(PoolingShape.Mode.MAX, 3, 2, 10, 5, 3, 3, 1, 2, 1, 1, 0, 0));

  /** Inputs (n, c, h, w) whose batch-norm parameter descriptor is derived in both modes. */
  public static final List<int[]> BATCH_NORM_INPUTS = List.of(new int[] {3, 4, 5, 2}, new int[] {6, 5, 1, 1});

  private CudnnProbe() {}

  public static void main(String[] args) {
    CudnnLibraries.Status status = CudnnLibraries.load();
    System.out.println("usable|" + status.usable());
    System.out.println("line|" + status.line());
    if (!status.usable()) {
      return;
    }
    System.out.println("version|" + JCudnn.cudnnGetVersion());
    for (ConvolutionShape s : CONVOLUTIONS) {
      cudnnTensorDescriptor x = tensor(s.batch(), s.inChannels(), s.height(), s.width());
      cudnnFilterDescriptor w = new cudnnFilterDescriptor();
      JCudnn.cudnnCreateFilterDescriptor(w);
      JCudnn.cudnnSetFilter4dDescriptor(w, 0, 0, s.outChannels(), s.inChannels(), s.kernelHeight(), s.kernelWidth());
      cudnnConvolutionDescriptor c = new cudnnConvolutionDescriptor();
      JCudnn.cudnnCreateConvolutionDescriptor(c);
      int set = JCudnn.cudnnSetConvolution2dDescriptor(c, s.padTop(), s.padLeft(), s.strideHeight(),
          s.strideWidth(), s.dilationHeight(), s.dilationWidth(), 1, 0); // CROSS_CORRELATION, FLOAT
      int[] n = {0};
      int[] k = {0};
      int[] h = {0};
      int[] wd = {0};
      int dim = JCudnn.cudnnGetConvolution2dForwardOutputDim(c, x, w, n, k, h, wd);
      System.out.println("convolution|" + s + "|" + set + " " + dim + " " + n[0] + " " + k[0] + " " + h[0] + " " + wd[0]);
    }
    for (PoolingShape s : POOLINGS) {
      cudnnTensorDescriptor x = tensor(s.batch(), s.channels(), s.height(), s.width());
      cudnnPoolingDescriptor p = new cudnnPoolingDescriptor();
      JCudnn.cudnnCreatePoolingDescriptor(p);
      // MAX_DETERMINISTIC 3, AVERAGE_COUNT_INCLUDE_PADDING 1; NOT_PROPAGATE_NAN 0.
      int set = JCudnn.cudnnSetPooling2dDescriptor(p, s.mode() == PoolingShape.Mode.MAX ? 3 : 1, 0,
          s.windowHeight(), s.windowWidth(), s.padTop(), s.padLeft(), s.strideHeight(), s.strideWidth());
      int[] n = {0};
      int[] c = {0};
      int[] h = {0};
      int[] wd = {0};
      int dim = JCudnn.cudnnGetPooling2dForwardOutputDim(p, x, n, c, h, wd);
      System.out.println("pooling|" + s + "|" + set + " " + dim + " " + n[0] + " " + c[0] + " " + h[0] + " " + wd[0]);
    }
    for (int[] x : BATCH_NORM_INPUTS) {
      for (int mode : new int[] {0, 1}) { // PER_ACTIVATION, SPATIAL
        cudnnTensorDescriptor bn = new cudnnTensorDescriptor();
        JCudnn.cudnnCreateTensorDescriptor(bn);
        int derive = JCudnn.cudnnDeriveBNTensorDescriptor(bn, tensor(x[0], x[1], x[2], x[3]), mode);
        int[][] d = new int[9][1];
        int get = JCudnn.cudnnGetTensor4dDescriptor(bn, d[8], d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7]);
        System.out.println("batchNorm|" + mode + " " + x[0] + " " + x[1] + " " + x[2] + " " + x[3] + "|" + derive
            + " " + get + " " + d[0][0] + " " + d[1][0] + " " + d[2][0] + " " + d[3][0]);
      }
    }
    cudnnTensorDescriptor bad = new cudnnTensorDescriptor();
    JCudnn.cudnnCreateTensorDescriptor(bad);
    int badStatus = JCudnn.cudnnSetTensor4dDescriptor(bad, 0, 0, -1, 3, 4, 4);
    System.out.println("badDescriptor|" + badStatus + " " + JCudnn.cudnnGetErrorString(badStatus));
    int create = JCudnn.cudnnCreate(new cudnnHandle());
    System.out.println("create|" + create + " " + JCudnn.cudnnGetErrorString(create));
    System.out.flush();
  }

  private static cudnnTensorDescriptor tensor(int n, int c, int h, int w) {
    cudnnTensorDescriptor d = new cudnnTensorDescriptor();
    JCudnn.cudnnCreateTensorDescriptor(d);
    JCudnn.cudnnSetTensor4dDescriptor(d, 0, 0, n, c, h, w); // NCHW, FLOAT
    return d;
  }
}
