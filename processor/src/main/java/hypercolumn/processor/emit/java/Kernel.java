package hypercolumn.processor.emit.java;

import hypercolumn.processor.plan.pointwise.KernelPlan;
import java.util.List;

/**
 * One fused pointwise kernel of a generated class: its device-neutral description, with the
 * nested class that runs it on the host, the constant holding its instance and the {@code
 * KernelLaunch} field that binds it to its buffers.
 *
 * @param launchField the field holding its {@code KernelLaunch}, for example {@code hiddenForward}
 * @param arguments the slice fields of its buffers, in launch order
 */
record Kernel(KernelPlan plan, String className, String constant, String launchField, List<String> arguments) {}
