package hypercolumn.runtime.cuda;

import hypercolumn.runtime.ConvolutionShape;
import jcuda.jcudnn.JCudnn;
import jcuda.jcudnn.cudnnConvolutionDescriptor;
import jcuda.jcudnn.cudnnFilterDescriptor;
import jcuda.jcudnn.cudnnTensorDescriptor;

/**
 * cuDNN's descriptors of one {@link ConvolutionShape}, built once, and its three algorithms once
 * chosen. cuDNN's descriptor pads both sides of an axis alike; a shape padded unevenly (Keras's
 * SAME at a stride above 1) is run on an explicit zero-padded copy of the input, {@link
 * #padded()}, with no padding in the descriptor.
 */
final class ConvolutionPlan {
  private static final int CROSS_CORRELATION = 1;
  private static final int DEFAULT_MATH = 0;

  final ConvolutionShape shape;
  /** The input as cuDNN sees it: dense, or the padded copy. */
  final cudnnTensorDescriptor input;
  /** The caller's dense input; the padded copy's interior, with the padded copy's strides. */
  final cudnnTensorDescriptor dense;
  final cudnnTensorDescriptor interior;
  final cudnnFilterDescriptor filter;
  final cudnnTensorDescriptor output;
  final cudnnTensorDescriptor bias;
  final cudnnConvolutionDescriptor convolution = new cudnnConvolutionDescriptor();
  private final CudaTensor padded;
  /** Where Find writes its weight gradient, so an accumulating dw keeps its sum. */
  private final CudaTensor findScratch;
  int forwardAlgorithm = -1;
  int dataAlgorithm = -1;
  int filterAlgorithm = -1;

  ConvolutionPlan(ConvolutionShape s, Cudnn cudnn, CudaDevice device) {
    shape = s;
    int paddedHeight = s.height() + s.padTop() + s.padBottom();
    int paddedWidth = s.width() + s.padLeft() + s.padRight();
    dense = cudnn.tensor(s.batch(), s.inChannels(), s.height(), s.width());
    if (s.symmetricPadding()) {
      input = dense;
      interior = null;
      padded = null;
    } else {
      input = cudnn.tensor(s.batch(), s.inChannels(), paddedHeight, paddedWidth);
      interior = cudnn.tensor(s.batch(), s.inChannels(), s.height(), s.width(),
          s.inChannels() * paddedHeight * paddedWidth, paddedHeight * paddedWidth, paddedWidth, 1);
      padded = (CudaTensor) device.allocate(s.batch() * s.inChannels() * paddedHeight * paddedWidth);
    }
    findScratch = (CudaTensor) device.allocate(s.weightSize());
    filter = cudnn.filter(s.outChannels(), s.inChannels(), s.kernelHeight(), s.kernelWidth());
    output = cudnn.tensor(s.batch(), s.outChannels(), s.outHeight(), s.outWidth());
    bias = cudnn.tensor(1, s.outChannels(), 1, 1);
    Cudnn.check(JCudnn.cudnnCreateConvolutionDescriptor(convolution), "cudnnCreateConvolutionDescriptor");
    boolean inDescriptor = s.symmetricPadding();
    Cudnn.check(JCudnn.cudnnSetConvolution2dDescriptor(convolution, inDescriptor ? s.padTop() : 0,
        inDescriptor ? s.padLeft() : 0, s.strideHeight(), s.strideWidth(), s.dilationHeight(), s.dilationWidth(),
        CROSS_CORRELATION, Cudnn.FLOAT), "cudnnSetConvolution2dDescriptor(" + s + ")");
    // No tensor cores' reduced precision unless asked for: the same sums as the CPU device's.
    Cudnn.check(JCudnn.cudnnSetConvolutionMathType(convolution, DEFAULT_MATH), "cudnnSetConvolutionMathType");
  }

  /** The zero-padded copy of the input (or its gradient), or null where cuDNN pads itself. */
  CudaTensor padded() {
    return padded;
  }

  CudaTensor findScratch() {
    return findScratch;
  }

  /** Where the caller's input starts inside the padded copy. */
  DevicePointer paddedInterior() {
    int paddedWidth = shape.width() + shape.padLeft() + shape.padRight();
    return padded.at(shape.padTop() * paddedWidth + shape.padLeft());
  }
}
