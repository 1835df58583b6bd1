package hypercolumn.runtime;

import hypercolumn.runtime.cpu.CpuDevice;

/** Picks the device a network runs on. */
public final class Devices {
  private Devices() {}

  /**
   * The fastest device available. For now that is always the CPU, with {@link
   * CpuDevice#defaultThreads()} threads.
   */
  public static Device best() {
    return cpu();
  }

  /** A CPU device with {@link CpuDevice#defaultThreads()} threads. */
  public static Device cpu() {
    return new CpuDevice(CpuDevice.defaultThreads());
  }
}
