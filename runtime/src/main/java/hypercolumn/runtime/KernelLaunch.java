package hypercolumn.runtime;

/**
 * One generated kernel bound to its buffers, so a pass launches it by name ({@code
 * hiddenForward.launch(batch, dropKey, rate, scale)}) rather than with four argument arrays.
 * The arrays are built once, when the generated class builds its slices, and reused by every
 * launch; {@link Device#launch} receives exactly what the generated class used to pass it.
 */
public final class KernelLaunch {
  private static final float[] NO_SCALARS = {};

  private final Device device;
  private final FusedKernel kernel;
  private final Tensor[] tensors;
  private final int[] offsets;
  private final float[] scalars;

  /**
   * @param scalarCount how many float scalars the kernel takes
   * @param buffers the kernel's buffers in launch order
   */
  public KernelLaunch(Device device, FusedKernel kernel, int scalarCount, Slice... buffers) {
    this.device = device;
    this.kernel = kernel;
    this.tensors = new Tensor[buffers.length];
    this.offsets = new int[buffers.length];
    for (int i = 0; i < buffers.length; i++) {
      tensors[i] = buffers[i].tensor();
      offsets[i] = buffers[i].offset();
    }
    this.scalars = scalarCount == 0 ? NO_SCALARS : new float[scalarCount];
  }

  /** Launches over {@code rows} rows of a kernel that draws no numbers. */
  public void launch(int rows) {
    device.launch(kernel, rows, tensors, offsets, scalars, 0L);
  }

  /** Launches over {@code rows} rows with the generator key {@code rngKey}. */
  public void launch(int rows, long rngKey) {
    device.launch(kernel, rows, tensors, offsets, scalars, rngKey);
  }

  /** Launches a kernel of two scalars, such as a dropout's rate and scale. */
  public void launch(int rows, long rngKey, float first, float second) {
    scalars[0] = first;
    scalars[1] = second;
    device.launch(kernel, rows, tensors, offsets, scalars, rngKey);
  }
}
