package hypercolumn.runtime;

import hypercolumn.runtime.cpu.CpuDevice;
import hypercolumn.runtime.cuda.CudaDevice;
import java.util.Locale;

/**
 * Picks the device a network runs on: a GPU when one is usable, else the CPU. The system
 * property {@code hypercolumn.device} ({@code cpu} or {@code cuda}) forces one.
 */
public final class Devices {
  /** The property that forces a device. */
  public static final String DEVICE_PROPERTY = "hypercolumn.device";

  private Devices() {}

  /** A device and, in one line, why it was chosen. */
  public record Choice(Device device, String reason) {}

  /** The fastest usable device; {@link #choose()} also says why. */
  public static Device best() {
    return choose().device();
  }

  /**
   * The device of {@code -Dhypercolumn.device} if set, else the first GPU if one is usable, else
   * the CPU with {@link CpuDevice#defaultThreads()} threads.
   *
   * @throws IllegalStateException if CUDA is forced but unusable, saying what is missing
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
    String cudaStatus = cudaStatus();
    if (cudaStatus == null) {
      return new Choice(cuda(), "CUDA: a GPU is usable");
    }
    return new Choice(cpu(), "CPU: " + cudaStatus);
  }

  /** Null if a GPU is usable, else why not in one line. */
  private static String cudaStatus() {
    try {
      return CudaDevice.usable() ? null : CudaDevice.statusLine();
    } catch (LinkageError e) {
      // A CPU-only deployment may leave JCuda's jars out; the CPU path needs none of it.
      return "CUDA device: JCuda is not on the class path (" + e + ")";
    }
  }

  /** A CPU device with {@link CpuDevice#defaultThreads()} threads. */
  public static Device cpu() {
    return new CpuDevice(CpuDevice.defaultThreads());
  }

  /**
   * The first GPU.
   *
   * @throws IllegalStateException if none is usable, saying what was looked for and found
   */
  public static Device cuda() {
    try {
      return CudaDevice.open(0);
    } catch (LinkageError e) {
      throw new IllegalStateException("The CUDA device needs JCuda 12.6.0 (org.jcuda:jcuda, jcublas"
          + " and their linux-x86_64 natives) on the class path, found: " + e, e);
    }
  }
}
