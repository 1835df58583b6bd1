package hypercolumn.samples;

import hypercolumn.runtime.Device;
import hypercolumn.runtime.Devices;
import java.io.PrintStream;

/**
 * The device every sample runs on: the one {@code -Dhypercolumn.device} (cpu or cuda) names,
 * else a GPU when one is usable, else the CPU; the sample prints which, and why, first.
 */
final class SampleDevice {
  private SampleDevice() {}

  static Device choose(PrintStream out) {
    Devices.Choice choice = Devices.choose();
    out.println("Device: " + choice.device().describe() + " (" + choice.reason() + ")");
    return choice.device();
  }
}
