package hypercolumn.processor.emit.java;

import com.palantir.javapoet.ClassName;

/** The runtime and DSL types generated code refers to; the processor does not link against them. */
final class RuntimeTypes {
  private RuntimeTypes() {}

  static final ClassName DEVICE = ClassName.get("hypercolumn.runtime", "Device");
  static final ClassName TENSOR = ClassName.get("hypercolumn.runtime", "Tensor");
  static final ClassName HOST_COPY = ClassName.get("hypercolumn.runtime", "HostCopy");
  static final ClassName MODEL = ClassName.get("hypercolumn.runtime", "Model");
  static final ClassName FUSED_KERNEL = ClassName.get("hypercolumn.runtime", "FusedKernel");
  static final ClassName KERNEL_SOURCE = ClassName.get("hypercolumn.runtime", "KernelSource");
  static final ClassName RNG = ClassName.get("hypercolumn.runtime", "Rng");
  static final ClassName SLICE = ClassName.get("hypercolumn.runtime", "Slice");
  static final ClassName OPS = ClassName.get("hypercolumn.runtime", "Ops");
  static final ClassName KERNEL_LAUNCH = ClassName.get("hypercolumn.runtime", "KernelLaunch");
  static final ClassName MODEL_SUPPORT = ClassName.get("hypercolumn.runtime", "ModelSupport");
  static final ClassName PARAMETER = ClassName.get("hypercolumn.runtime", "Parameter");
  static final ClassName TENSOR_DTYPE = ClassName.get("hypercolumn.runtime", "TensorDtype");
  static final ClassName CONVOLUTION_GEOMETRY = ClassName.get("hypercolumn.runtime", "ConvolutionGeometry");
  static final ClassName POOLING_GEOMETRY = ClassName.get("hypercolumn.runtime", "PoolingGeometry");
  static final ClassName POOLING_MODE = ClassName.get("hypercolumn.runtime", "PoolingShape", "Mode");
  static final ClassName LAYER = ClassName.get("hypercolumn", "Layer");
  static final ClassName LOSS = ClassName.get("hypercolumn", "Loss");
  static final ClassName GENERATED = ClassName.get("javax.annotation.processing", "Generated");
}
