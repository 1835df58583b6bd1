package hypercolumn.runtime.cuda;

import hypercolumn.runtime.PoolingShape;
import jcuda.jcudnn.JCudnn;
import jcuda.jcudnn.cudnnPoolingDescriptor;
import jcuda.jcudnn.cudnnTensorDescriptor;

/**
 * cuDNN's descriptors of one {@link PoolingShape}, built once. Maximum pooling is cuDNN's
 * deterministic one; average pooling counts padded cells, as PyTorch's default does. Uneven
 * padding runs on an explicit padded copy of the input, {@link #padded()}: filled with -inf for
 * the maximum (a padded cell is never picked), zeros for the mean (counted, as in the shape).
 */
final class PoolingPlan {
  private static final int MAX_DETERMINISTIC = 3;
  private static final int AVERAGE_COUNT_INCLUDE_PADDING = 1;
  private static final int NOT_PROPAGATE_NAN = 0;

  final PoolingShape shape;
  final cudnnTensorDescriptor input;
  final cudnnTensorDescriptor dense;
  final cudnnTensorDescriptor interior;
  final cudnnTensorDescriptor output;
  final cudnnPoolingDescriptor pooling = new cudnnPoolingDescriptor();
  /** What a padded cell holds in the padded copy. */
  final float padValue;
  private final CudaTensor padded;

  PoolingPlan(PoolingShape s, Cudnn cudnn, CudaDevice device) {
    shape = s;
    int paddedHeight = s.height() + s.padTop() + s.padBottom();
    int paddedWidth = s.width() + s.padLeft() + s.padRight();
    boolean symmetric = s.padTop() == s.padBottom() && s.padLeft() == s.padRight();
    dense = cudnn.tensor(s.batch(), s.channels(), s.height(), s.width());
    if (symmetric) {
      input = dense;
      interior = null;
      padded = null;
    } else {
      input = cudnn.tensor(s.batch(), s.channels(), paddedHeight, paddedWidth);
      interior = cudnn.tensor(s.batch(), s.channels(), s.height(), s.width(),
          s.channels() * paddedHeight * paddedWidth, paddedHeight * paddedWidth, paddedWidth, 1);
      padded = (CudaTensor) device.allocate(s.batch() * s.channels() * paddedHeight * paddedWidth);
    }
    padValue = s.mode() == PoolingShape.Mode.MAX ? Float.NEGATIVE_INFINITY : 0f;
    output = cudnn.tensor(s.batch(), s.channels(), s.outHeight(), s.outWidth());
    Cudnn.check(JCudnn.cudnnCreatePoolingDescriptor(pooling), "cudnnCreatePoolingDescriptor");
    Cudnn.check(JCudnn.cudnnSetPooling2dDescriptor(pooling,
        s.mode() == PoolingShape.Mode.MAX ? MAX_DETERMINISTIC : AVERAGE_COUNT_INCLUDE_PADDING, NOT_PROPAGATE_NAN,
        s.windowHeight(), s.windowWidth(), symmetric ? s.padTop() : 0, symmetric ? s.padLeft() : 0,
        s.strideHeight(), s.strideWidth()), "cudnnSetPooling2dDescriptor(" + s + ")");
  }

  CudaTensor padded() {
    return padded;
  }

  DevicePointer paddedInterior() {
    int paddedWidth = shape.width() + shape.padLeft() + shape.padRight();
    return padded.at(shape.padTop() * paddedWidth + shape.padLeft());
  }
}
