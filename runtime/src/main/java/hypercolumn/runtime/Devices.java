package hypercolumn.runtime;

import hypercolumn.runtime.cpu.CpuDevice;
import java.util.Locale;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Picks the device a network runs on: a GPU when one is usable, else the CPU. The system
 * property {@code hypercolumn.device} ({@code cpu} or {@code cuda}) forces one.
 *
 * <p>The CUDA device is in the artifact {@value #CUDA_ARTIFACT}, which brings JCuda and its
 * native libraries; this artifact has none of it, so a project that trains on CPUs only leaves
 * it out. The CUDA device is found through a {@link DeviceProvider} where it is present.
 */
public final class Devices {
  /** The property that forces a device. */
  public static final String DEVICE_PROPERTY = "hypercolumn.device";

  /** The Maven coordinates (group and artifact) of the CUDA device. */
  public static final String CUDA_ARTIFACT = "dev.hypercolumn:hypercolumn-runtime-cuda";

  private static final String CUDA_ABSENT = CUDA_ARTIFACT + " is not on the class path";
  private static final String ADD_CUDA = "add the dependency " + CUDA_ARTIFACT
      + " (same version as hypercolumn-runtime) to train on an NVIDIA GPU";

  private Devices() {}

  /**
   * A device and, in one line, why it was chosen.
   *
   * @param device the chosen device, open; the caller closes it
   * @param reason why it was chosen, for example {@code CUDA: a GPU is usable}
   */
  public record Choice(Device device, String reason) {}

  /**
   * {@return the fastest usable device, open; {@link #choose()} also says why}
   *
   * @throws IllegalStateException as {@link #choose()} does
   * @throws IllegalArgumentException as {@link #choose()} does
   */
  public static Device best() {
    return choose().device();
  }

  /**
   * The device of {@code -Dhypercolumn.device} if set, else the first GPU if one is usable, else
   * the CPU with {@link CpuDevice#defaultThreads()} threads.
   *
   * @return the opened device and why it was chosen
   * @throws IllegalStateException if CUDA is forced but unusable or its artifact is absent,
   *     saying what is missing
   * @throws IllegalArgumentException if the property names no known device
   */
  public static Choice choose() {
    String forced = System.getProperty(DEVICE_PROPERTY);
    if (forced != null && !forced.isBlank()) {
      switch (forced.trim().toLowerCase(Locale.ROOT)) {
        case "cpu":
          return new Choice(cpu(), "CPU: forced by -D" + DEVICE_PROPERTY + "=cpu");
        case "cuda":
          return new Choice(cuda(), "CUDA: forced by -D" + DEVICE_PROPERTY + "=cuda");
        default:
          throw new IllegalArgumentException("-D" + DEVICE_PROPERTY
              + " must be cpu or cuda, found '" + forced + "'");
      }
    }
    DeviceProvider cuda = cudaProvider();
    if (cuda == null) {
      return new Choice(cpu(), "CPU: " + CUDA_ABSENT + "; " + ADD_CUDA);
    }
    String unusable = cuda.unusableReason();
    if (unusable == null) {
      return new Choice(cuda.open(), "CUDA: a GPU is usable");
    }
    return new Choice(cpu(), "CPU: " + unusable);
  }

  /**
   * {@return a new CPU device with {@link CpuDevice#defaultThreads()} threads}
   *
   * @throws IllegalArgumentException if {@code -Dhypercolumn.threads} is not a positive integer
   */
  public static Device cpu() {
    return new CpuDevice(CpuDevice.defaultThreads());
  }

  /**
   * Opens the first GPU.
   *
   * @return the first CUDA device, to be closed by the caller
   * @throws IllegalStateException if none is usable or {@value #CUDA_ARTIFACT} is not on the
   *     class path, saying what was looked for and found
   */
  public static Device cuda() {
    DeviceProvider cuda = cudaProvider();
    if (cuda == null) {
      throw new IllegalStateException("The CUDA device is in " + CUDA_ARTIFACT + ", which "
          + "is not on the class path: " + ADD_CUDA);
    }
    return cuda.open();
  }

  /** The CUDA device's provider, or null if its artifact is absent. */
  private static DeviceProvider cudaProvider() {
    try {
      for (DeviceProvider provider : ServiceLoader.load(DeviceProvider.class, Devices.class.getClassLoader())) {
        if (provider.name().equals("cuda")) {
          return provider;
        }
      }
    } catch (ServiceConfigurationError e) {
      throw new IllegalStateException("The CUDA device's provider in " + CUDA_ARTIFACT
          + " could not be loaded: " + e.getMessage(), e);
    }
    return null;
  }
}
