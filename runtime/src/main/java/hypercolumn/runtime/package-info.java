/**
 * The contracts between generated networks and the runtime: {@link hypercolumn.runtime.Model}
 * (what every generated class implements), {@link hypercolumn.runtime.Device} (the operations generated code calls, every
 * shape a constant, in four seams by job: {@link hypercolumn.runtime.Memory}, {@link
 * hypercolumn.runtime.Products}, {@link hypercolumn.runtime.Kernels} and {@link
 * hypercolumn.runtime.Execution}), {@link
 * hypercolumn.runtime.FusedKernel} (a generated pointwise kernel) and {@link
 * hypercolumn.runtime.Rng} (counter-based random numbers, identical on every device).
 * {@link hypercolumn.runtime.Devices} picks the device to run on; the CUDA device lives in the
 * artifact hypercolumn-runtime-cuda and is found through a {@link
 * hypercolumn.runtime.DeviceProvider}.
 */
package hypercolumn.runtime;
