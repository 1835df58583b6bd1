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
   * Binds a kernel to its buffers; called once per kernel by the generated class.
   *
   * @param device the device that runs every launch
   * @param kernel the generated kernel
   * @param scalarCount how many float scalars the kernel takes: 0, or 2 for {@link
   *     #launch(int, long, float, float)}
   * @param buffers the kernel's buffers in launch order; their tensors and offsets are read now,
   *     so a slice re-pointed later is not seen
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

  /**
   * Launches over {@code rows} rows a kernel that draws no random numbers.
   *
   * @param rows the number of rows, usually the batch
   */
  public void launch(int rows) {
    device.launch(kernel, rows, tensors, offsets, scalars, 0L);
  }

  /**
   * Launches over {@code rows} rows with the generator key {@code rngKey}.
   *
   * @param rows the number of rows, usually the batch
   * @param rngKey the counter-based generator's key for this launch (see {@link Rng#key})
   */
  public void launch(int rows, long rngKey) {
    device.launch(kernel, rows, tensors, offsets, scalars, rngKey);
  }

  /**
   * Launches a kernel of two scalars, such as a dropout's rate and scale.
   *
   * @param rows the number of rows, usually the batch
   * @param rngKey the counter-based generator's key for this launch (see {@link Rng#key})
   * @param first the kernel's first scalar
   * @param second the kernel's second scalar
   * @throws ArrayIndexOutOfBoundsException if the launch was built with fewer than two scalars
   */
  public void launch(int rows, long rngKey, float first, float second) {
    scalars[0] = first;
    scalars[1] = second;
    device.launch(kernel, rows, tensors, offsets, scalars, rngKey);
  }
}
