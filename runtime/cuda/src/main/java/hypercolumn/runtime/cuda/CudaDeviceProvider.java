package hypercolumn.runtime.cuda;

import hypercolumn.runtime.Device;
import hypercolumn.runtime.DeviceProvider;

/**
 * Hands the CUDA device to {@link hypercolumn.runtime.Devices}, which finds this class through
 * {@code META-INF/services/hypercolumn.runtime.DeviceProvider}. JCuda's jars may still be left
 * out of a deployment that has this artifact: their absence is then the reason, not a crash.
 */
public final class CudaDeviceProvider implements DeviceProvider {

  /** Made by {@link java.util.ServiceLoader}. */
  public CudaDeviceProvider() {}

  @Override
  public String name() {
    return "cuda";
  }

  @Override
  public String unusableReason() {
    try {
      return CudaDevice.usable() ? null : CudaDevice.statusLine();
    } catch (LinkageError e) {
      return "CUDA device: JCuda is not on the class path (" + e + ")";
    }
  }

  @Override
  public Device open() {
    try {
      return CudaDevice.open(0);
    } catch (LinkageError e) {
      throw new IllegalStateException("The CUDA device needs JCuda 12.6.0 (org.jcuda:jcuda, jcublas"
          + " and their linux-x86_64 natives) on the class path, found: " + e, e);
    }
  }
}
