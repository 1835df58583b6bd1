package hypercolumn.runtime.cpu;

import hypercolumn.runtime.ReadOnlyScope;
import hypercolumn.runtime.Tensor;
import hypercolumn.runtime.TensorChecks;

/**
 * The checks of a CPU device call's tensor arguments, and the one tensor a {@link ReadOnlyScope}
 * keeps from being written. Each check turns a tensor into the array the Java kernels read,
 * after making sure it is this device's and, for a tensor the call writes, not read-only.
 */
final class HostArguments {
  private final CpuDevice device;
  /** The open {@link ReadOnlyScope} and its tensor, or null. */
  private ReadOnlyScope openScope;
  private Tensor readOnly;

  HostArguments(CpuDevice device) {
    this.device = device;
  }

  /** The array of a tensor of this device that the call only reads. */
  float[] host(Tensor tensor, String name) {
    if (tensor == null) {
      throw new NullPointerException(name + " is null");
    }
    if (tensor.device() != device) {
      throw new IllegalArgumentException(
          name + " must be a tensor of " + device.describe() + ", found one of " + tensor.device());
    }
    return tensor.hostArray();
  }

  /** As {@link #host}, for a tensor the call writes: refused while it is read-only. */
  float[] writable(Tensor tensor, String name) {
    float[] array = host(tensor, name);
    if (tensor == readOnly) {
      throw new IllegalStateException(name + " (" + tensor + ") is read-only until its "
          + "ReadOnlyScope is closed, so it cannot be written");
    }
    return array;
  }

  /** The array behind a loss's gradient tensor, checked to hold the gradient, or null for none. */
  float[] optionalGradient(Tensor gradient, int offset, int count) {
    if (gradient == null) {
      return null;
    }
    float[] g = writable(gradient, "gradient");
    checkRange(g, offset, count, "gradient");
    return g;
  }

  /** The host array of a one-float result, checked before the operation runs. */
  float[] resultSlot(Tensor result, int offset) {
    float[] out = writable(result, "result");
    checkRange(out, offset, 1, "result");
    return out;
  }

  static void checkRange(float[] array, int offset, int count, String name) {
    TensorChecks.checkRange(array.length, offset, count, name);
  }

  static void checkMatrix(float[] array, int offset, int rows, int columns, int leading, String name) {
    TensorChecks.checkMatrix(array.length, offset, rows, columns, leading, name);
  }

  /** Whether {@code tensor} is the one an open scope keeps from being written. */
  boolean isReadOnly(Tensor tensor) {
    return tensor == readOnly;
  }

  /**
   * Opens a scope over {@code tensor}, or a nested one that changes nothing if a scope over it is
   * open; {@code onClose} runs when the scope that opened it closes, once.
   */
  ReadOnlyScope open(Tensor tensor, Runnable onClose) {
    if (readOnly == tensor) {
      return ReadOnlyScope.NONE; // nested in an open scope over the same tensor, which stays in charge
    }
    if (readOnly != null) {
      throw new IllegalStateException("a read-only scope over " + readOnly
          + " is open; close it before opening one over another tensor");
    }
    readOnly = tensor;
    ReadOnlyScope scope = new ReadOnlyScope() {
      @Override
      public void close() {
        if (openScope == this) { // a second close, or one after a newer scope opened, does nothing
          openScope = null;
          readOnly = null;
          onClose.run();
        }
      }
    };
    openScope = scope;
    return scope;
  }
}
