package hypercolumn.runtime.cuda;

import static hypercolumn.runtime.TensorChecks.checkRange;

import hypercolumn.runtime.AdamBiasCorrection;
import hypercolumn.runtime.FusedKernel;
import hypercolumn.runtime.Tensor;
import jcuda.driver.CUfunction;

/**
 * The kernels seam of the CUDA device: launches of the network's generated kernels and of the
 * runtime's own ({@code runtime_kernels.cu}): softmax, the losses, the regularizer and the
 * optimizer updates. A loss kernel writes one term per row or element; {@link Reduction} sums
 * the terms into the one-float result on the GPU, so nothing waits for the host. Values that
 * change from step to step (random keys, learning rates, Adam's bias corrections) go through
 * the recorder's slots, so a captured step replays with the new ones.
 */
final class CudaOperations {
  private final CudaContext context;
  private final CudaArguments arguments;
  private final CudaTransfers transfers;
  private final StepRecorder recorder;
  private final Kernels kernels;
  private final Reduction reduction;

  CudaOperations(
      CudaContext context, CudaArguments arguments, CudaTransfers transfers, StepRecorder recorder,
      Kernels kernels) {
    this.context = context;
    this.arguments = arguments;
    this.transfers = transfers;
    this.recorder = recorder;
    this.kernels = kernels;
    this.reduction = new Reduction(kernels, context.stream());
  }

  void launch(FusedKernel kernel, int rows, Tensor[] tensors, int[] offsets, float[] scalars, long rngKey) {
    if (tensors.length != offsets.length) {
      throw new IllegalArgumentException("kernel " + kernel.name() + ": expected one offset per tensor ("
          + tensors.length + "), found " + offsets.length);
    }
    context.bind();
    KernelArguments launchArguments = new KernelArguments().add(rows);
    for (int i = 0; i < tensors.length; i++) {
      CudaTensor t = arguments.tensor(tensors[i], kernel.name() + " buffer " + i);
      checkRange(t.size(), offsets[i], 0, kernel.name() + " buffer " + i);
      launchArguments.add(t.at(offsets[i]));
    }
    for (float scalar : scalars) {
      launchArguments.add(scalar);
    }
    CUfunction function = kernels.generated(kernel);
    launchArguments.add(recorder.slot(rngKey));
    kernels.launch(function, (long) rows * kernel.columns(), launchArguments);
  }

  void softmax(Tensor in, int inOffset, Tensor out, int outOffset, int rows, int columns) {
    CudaTensor x = arguments.tensor(in, "in");
    CudaTensor y = arguments.tensor(out, "out");
    checkRange(x.size(), inOffset, rows * columns, "in");
    checkRange(y.size(), outOffset, rows * columns, "out");
    context.bind();
    kernels.launch(kernels.runtime("hc_softmax"), rows, new KernelArguments()
        .add(rows).add(columns).add(x.at(inOffset)).add(y.at(outOffset)));
  }

  void softmaxBackward(
      Tensor y, int yOffset, Tensor dy, int dyOffset, Tensor dx, int dxOffset, int rows, int columns) {
    int size = rows * columns;
    CudaTensor yy = arguments.tensor(y, "y");
    CudaTensor dyy = arguments.tensor(dy, "dy");
    CudaTensor dxx = arguments.tensor(dx, "dx");
    checkRange(yy.size(), yOffset, size, "y");
    checkRange(dyy.size(), dyOffset, size, "dy");
    checkRange(dxx.size(), dxOffset, size, "dx");
    context.bind();
    kernels.launch(kernels.runtime("hc_softmax_backward"), rows, new KernelArguments()
        .add(rows).add(columns).add(yy.at(yOffset)).add(dyy.at(dyOffset)).add(dxx.at(dxOffset)));
  }

  void softmaxCrossEntropy(
      Tensor logits, int logitsOffset, Tensor labels, int labelsOffset, int rows, int classes,
      boolean logitsAreProbabilities, Tensor gradient, int gradientOffset, Tensor result,
      int resultOffset) {
    CudaTensor x = arguments.tensor(logits, "logits");
    CudaTensor t = arguments.tensor(labels, "labels");
    checkRange(x.size(), logitsOffset, rows * classes, "logits");
    checkRange(t.size(), labelsOffset, rows, "labels");
    DevicePointer g = arguments.optionalGradient(gradient, gradientOffset, rows * classes);
    DevicePointer out = arguments.result(result, resultOffset);
    if (rows == 0) {
      transfers.fill(result, resultOffset, 1, Float.NaN);
      return;
    }
    context.bind();
    kernels.launch(kernels.runtime("hc_softmax_cross_entropy"), rows, new KernelArguments()
        .add(rows).add(classes).add(logitsAreProbabilities ? 1 : 0).add(x.at(logitsOffset))
        .add(t.at(labelsOffset)).add(g).add(1f / rows).add(reduction.terms(rows)));
    reduction.finish(rows, rows, false, out);
  }

  void binaryCrossEntropyWithLogits(
      Tensor logits, int logitsOffset, Tensor targets, int targetsOffset, int count,
      Tensor gradient, int gradientOffset, Tensor result, int resultOffset) {
    elementLoss("hc_binary_cross_entropy", logits, "logits", logitsOffset, targets, targetsOffset,
        count, gradient, gradientOffset, 1f / count, false, result, resultOffset);
  }

  void meanSquaredError(
      Tensor predictions, int predictionsOffset, Tensor targets, int targetsOffset, int count,
      Tensor gradient, int gradientOffset, Tensor result, int resultOffset) {
    elementLoss("hc_squared_error", predictions, "predictions", predictionsOffset, targets,
        targetsOffset, count, gradient, gradientOffset, 1f / count, false, result, resultOffset);
  }

  void perceptronCriterion(
      Tensor predictions, int predictionsOffset, Tensor targets, int targetsOffset, int rows,
      int columns, Tensor gradient, int gradientOffset, Tensor result, int resultOffset) {
    // The fraction of wrong outputs, in float as the CPU computes it; the gradient is per row.
    elementLoss("hc_perceptron", predictions, "predictions", predictionsOffset, targets,
        targetsOffset, rows * columns, gradient, gradientOffset, 1f / rows, true, result,
        resultOffset);
  }

  void regularize(
      Tensor parameters, Tensor gradients, int offset, int count, float l1, float l2,
      Tensor result, int resultOffset) {
    CudaTensor p = arguments.tensor(parameters, "parameters");
    CudaTensor g = arguments.tensor(gradients, "gradients");
    checkRange(p.size(), offset, count, "parameters");
    checkRange(g.size(), offset, count, "gradients");
    DevicePointer out = arguments.result(result, resultOffset);
    context.bind();
    kernels.launch(kernels.runtime("hc_regularize"), count, new KernelArguments()
        .add((long) count).add(p.at(offset)).add(g.at(offset)).add(l1).add(l2)
        .add(reduction.terms(count)));
    reduction.finish(count, 1.0, false, out);
  }

  void sgdUpdate(
      Tensor parameters, Tensor gradients, Tensor velocity, int count, float lr, float momentum,
      boolean nesterov) {
    CudaTensor p = arguments.tensor(parameters, "parameters");
    CudaTensor g = arguments.tensor(gradients, "gradients");
    checkRange(p.size(), 0, count, "parameters");
    checkRange(g.size(), 0, count, "gradients");
    context.bind();
    if (momentum == 0) {
      kernels.launch(kernels.runtime("hc_sgd"), count, new KernelArguments()
          .add((long) count).add(p.pointer()).add(g.pointer())
          .add(recorder.slot(StepRecorder.pack(lr, 0f))));
      return;
    }
    CudaTensor v = arguments.tensor(velocity, "velocity");
    checkRange(v.size(), 0, count, "velocity");
    kernels.launch(kernels.runtime("hc_sgd_momentum"), count, new KernelArguments()
        .add((long) count).add(p.pointer()).add(g.pointer()).add(v.pointer())
        .add(recorder.slot(StepRecorder.pack(lr, 0f))).add(momentum).add(nesterov ? 1 : 0));
  }

  void rmsPropUpdate(
      Tensor parameters, Tensor gradients, Tensor state, int count, float lr, float alpha,
      float eps, float momentum) {
    CudaTensor p = arguments.tensor(parameters, "parameters");
    CudaTensor g = arguments.tensor(gradients, "gradients");
    CudaTensor s = arguments.tensor(state, "state");
    checkRange(p.size(), 0, count, "parameters");
    checkRange(g.size(), 0, count, "gradients");
    checkRange(s.size(), 0, momentum > 0 ? 2 * count : count, "state");
    context.bind();
    kernels.launch(kernels.runtime("hc_rmsprop"), count, new KernelArguments()
        .add((long) count).add(p.pointer()).add(g.pointer()).add(s.pointer())
        .add(recorder.slot(StepRecorder.pack(lr, 0f))).add(alpha).add(eps).add(momentum));
  }

  void adamUpdate(
      Tensor parameters, Tensor gradients, Tensor state, int count, float lr, float beta1,
      float beta2, float eps, int step) {
    AdamBiasCorrection.checkStep(step);
    CudaTensor p = arguments.tensor(parameters, "parameters");
    CudaTensor g = arguments.tensor(gradients, "gradients");
    CudaTensor s = arguments.tensor(state, "state");
    checkRange(p.size(), 0, count, "parameters");
    checkRange(g.size(), 0, count, "gradients");
    checkRange(s.size(), 0, 2 * count, "state");
    context.bind();
    kernels.launch(kernels.runtime("hc_adam"), count, new KernelArguments()
        .add((long) count).add(p.pointer()).add(g.pointer()).add(s.pointer()).add(beta1)
        .add(beta2).add(eps).add(recorder.slot(StepRecorder.pack(
            AdamBiasCorrection.stepSize(lr, beta1, step),
            AdamBiasCorrection.secondMomentScale(beta2, step)))));
  }

  /** Frees the reduction's scratch memory. */
  void close() {
    reduction.close();
  }

  /** One loss term per element, summed and divided by {@code count} into {@code result}. */
  private void elementLoss(
      String kernel, Tensor values, String valuesName, int valuesOffset, Tensor targets,
      int targetsOffset, int count, Tensor gradient, int gradientOffset, float gradientScale,
      boolean floatDivision, Tensor result, int resultOffset) {
    CudaTensor y = arguments.tensor(values, valuesName);
    CudaTensor t = arguments.tensor(targets, "targets");
    checkRange(y.size(), valuesOffset, count, valuesName);
    checkRange(t.size(), targetsOffset, count, "targets");
    DevicePointer g = arguments.optionalGradient(gradient, gradientOffset, count);
    DevicePointer out = arguments.result(result, resultOffset);
    context.bind();
    kernels.launch(kernels.runtime(kernel), count, new KernelArguments()
        .add((long) count).add(y.at(valuesOffset)).add(t.at(targetsOffset)).add(g)
        .add(gradientScale).add(reduction.terms(count)));
    reduction.finish(count, count, floatDivision, out);
  }
}
