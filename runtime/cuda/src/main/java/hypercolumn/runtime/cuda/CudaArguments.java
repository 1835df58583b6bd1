package hypercolumn.runtime.cuda;

import static hypercolumn.runtime.TensorChecks.checkRange;

import hypercolumn.runtime.Tensor;

/**
 * The checks of a CUDA device call's tensor arguments before anything is queued: a wrong tensor
 * would otherwise be a wild device address, found (if at all) long after the call returned.
 * Ranges are checked with the CPU device's messages ({@link hypercolumn.runtime.TensorChecks}).
 */
final class CudaArguments {
  private final CudaDevice device;

  CudaArguments(CudaDevice device) {
    this.device = device;
  }

  /** The tensor as one of this device's, or the reason it is not one. */
  CudaTensor tensor(Tensor tensor, String name) {
    if (tensor == null) {
      throw new NullPointerException(name + " is null");
    }
    if (tensor.device() != device || !(tensor instanceof CudaTensor)) {
      throw new IllegalArgumentException(
          name + " must be a tensor of " + device.describe() + ", found one of " + tensor.device());
    }
    device.checkOpen();
    return (CudaTensor) tensor;
  }

  /** The address of {@code count} floats from {@code offset} of the tensor, checked to fit. */
  DevicePointer range(Tensor tensor, String name, int offset, int count) {
    CudaTensor t = tensor(tensor, name);
    checkRange(t.size(), offset, count, name);
    return t.at(offset);
  }

  /** The address of a loss's gradient, checked to hold {@code count} floats, or null for none. */
  DevicePointer optionalGradient(Tensor gradient, int offset, int count) {
    return gradient == null ? null : range(gradient, "gradient", offset, count);
  }

  /** The address of a one-float result. */
  DevicePointer result(Tensor result, int offset) {
    return range(result, "result", offset, 1);
  }
}
