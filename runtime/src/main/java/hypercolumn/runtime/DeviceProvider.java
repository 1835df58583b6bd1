package hypercolumn.runtime;

/**
 * A device that lives in an artifact of its own, so that a project that does not use it pulls
 * none of its native libraries: the CUDA device, in {@code hypercolumn-runtime-cuda}, with JCuda.
 * {@link Devices} finds it with {@link java.util.ServiceLoader} when that artifact is on the
 * class path (its {@code META-INF/services} file names the implementation), once per choice,
 * never on the training path.
 */
public interface DeviceProvider {

  /**
   * {@return the name {@code -Dhypercolumn.device} gives the device, lower case, for example
   * {@code cuda}}
   */
  String name();

  /**
   * Null if {@link #open()} can succeed here, else why not, in one line (for example that no
   * NVIDIA driver was found).
   *
   * @return null if the device can be opened, else the reason it cannot
   */
  String unusableReason();

  /**
   * Opens the first device of this kind.
   *
   * @return the opened device, to be closed by the caller
   * @throws IllegalStateException if none is usable, saying what was looked for and found
   */
  Device open();
}
