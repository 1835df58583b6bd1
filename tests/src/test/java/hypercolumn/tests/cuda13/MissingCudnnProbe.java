package hypercolumn.tests.cuda13;

import hypercolumn.runtime.ConvolutionShape;
import hypercolumn.runtime.Tensor;
import hypercolumn.runtime.cuda.CudaDevice;
import hypercolumn.runtime.cuda.CudnnConvolutions;

/**
 * Runs in a child JVM started by {@link MissingCudnnTest}, on a CUDA device whose libraries lack
 * cuDNN: a dense product runs, then the first convolution says what is missing. Prints {@code
 * key|value} lines.
 */
public final class MissingCudnnProbe {
  private MissingCudnnProbe() {}

  public static void main(String[] args) {
    try (CudaDevice cuda = CudaDevice.open(0)) {
      CudnnConvolutions convolutions = new CudnnConvolutions(cuda);
      // A 1x2 by 2x1 product: 1*3 + 2*4 = 11.
      Tensor a = cuda.allocate(2);
      Tensor b = cuda.allocate(2);
      Tensor c = cuda.allocate(1);
      cuda.upload(new float[] {1, 2}, 0, a, 0, 2);
      cuda.upload(new float[] {3, 4}, 0, b, 0, 2);
      cuda.gemm(false, false, 1, 1, 2, 1f, a, 0, 2, b, 0, 1, 0f, c, 0, 1);
      float[] product = new float[1];
      cuda.download(c, 0, product, 0, 1);
      System.out.println("dense|" + product[0]);
      ConvolutionShape shape = new ConvolutionShape(1, 1, 3, 3, 1, 2, 2, 1, 1, 0, 0, 0, 0, 1, 1);
      try {
        convolutions.convolutionForward(shape, cuda.allocate(9), 0, cuda.allocate(4), 0, null, 0,
            cuda.allocate(4), 0);
        System.out.println("convolution|ran");
      } catch (IllegalStateException e) {
        System.out.println("convolution|" + e.getMessage());
      }
    }
    System.out.flush();
  }
}
