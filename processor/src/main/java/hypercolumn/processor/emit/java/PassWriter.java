package hypercolumn.processor.emit.java;

import com.palantir.javapoet.CodeBlock;
import hypercolumn.Activation;
import hypercolumn.processor.plan.Block;
import hypercolumn.processor.plan.DenseBlock;
import hypercolumn.processor.plan.DropoutBlock;
import hypercolumn.processor.plan.NetworkPlan;
import hypercolumn.processor.plan.pointwise.PointwiseKernels;
import java.util.List;
import java.util.Map;

/**
 * Writes the bodies of {@code forward} and {@code backward}: one commented block per layer,
 * backward mirroring forward in reverse.
 *
 * <pre>
 * dense forward:   Z = X W^T (gemm, transB), then the fused kernel: Y = act(Z + b) [, dropout]
 *                  (softmax: the kernel adds the bias, then device.softmax on Y)
 * dense backward:  dZ = kernel(dY, Y) in place (softmax: device.softmaxBackward; folded into
 *                  the loss: dZ = dY), dW = dZ^T X (gemm, transA), db = column sums of dZ,
 *                  dX = dZ W (gemm), skipped when no layer below has parameters
 * </pre>
 */
final class PassWriter {
  private final NetworkPlan plan;
  private final Names names;
  private final Map<Block, Kernel> forwardKernels;
  private final Map<Block, Kernel> backwardKernels;

  PassWriter(NetworkPlan plan, Names names, Map<Block, Kernel> forwardKernels, Map<Block, Kernel> backwardKernels) {
    this.plan = plan;
    this.names = names;
    this.forwardKernels = forwardKernels;
    this.backwardKernels = backwardKernels;
  }

  CodeBlock forward() {
    CodeBlock.Builder code = CodeBlock.builder();
    List<Block> blocks = plan.blocks();
    for (Block block : blocks) {
      if (block instanceof DenseBlock dense) {
        denseForward(dense, code);
      } else {
        dropoutForward((DropoutBlock) block, code);
      }
    }
    return code.build();
  }

  CodeBlock backward() {
    CodeBlock.Builder code = CodeBlock.builder();
    List<Block> blocks = plan.blocks();
    for (int k = blocks.size() - 1; k >= 0; k--) {
      Block block = blocks.get(k);
      if (block.outputGradient().isEmpty()) {
        break;
      }
      if (block instanceof DenseBlock dense) {
        denseBackward(dense, code);
      } else {
        dropoutBackward((DropoutBlock) block, code);
      }
    }
    return code.build();
  }

  private void denseForward(DenseBlock dense, CodeBlock.Builder code) {
    String name = dense.spec().name();
    code.add("// --- $L: Dense $L -> $L, $L    (B, $L)\n", name, dense.in(), dense.out(),
        PointwiseKernels.lower(dense.activation()), dense.out());
    code.addStatement("device.gemm(false, true, batch, $L, $L, 1f, $L, $L, parameters, $L, $L, 0f, arena, $L, $L)",
        dense.out(), dense.in(), input(dense), dense.in(), names.parameter(dense.weight()), dense.in(),
        offset(dense.output().name()), dense.out());
    Kernel kernel = forwardKernels.get(dense);
    if (dense.dropout().isPresent()) {
      DenseBlock.FusedDropout dropout = dense.dropout().get();
      double rate = dropout.spec().probability();
      String key = names.member(dropout.spec().name(), "Key");
      code.add("// $L: Dropout $L, fused into $L's kernel    (B, $L)\n", dropout.spec().name(), rate, name, dense.out());
      code.addStatement("$L = $T.key(rngKey, $L, 0)", key, RuntimeTypes.RNG, dropout.layerIndex());
      code.addStatement("$L[0] = training ? $L : 0f", kernel.scalarsField(), JavaKernelBody.literal(rate));
      code.addStatement("$L[1] = training ? $L : 1f", kernel.scalarsField(), JavaKernelBody.literal(PointwiseKernels.scale(rate)));
      launch(kernel, key, code);
    } else if (kernel != null) {
      launch(kernel, "0L", code);
    }
    if (dense.activation() == Activation.SOFTMAX) {
      code.addStatement("device.softmax(arena, $L, arena, $L, batch, $L)", offset(dense.output().name()),
          offset(dense.output().name()), dense.out());
    }
  }

  private void dropoutForward(DropoutBlock dropout, CodeBlock.Builder code) {
    String name = dropout.spec().name();
    double rate = dropout.spec().probability();
    Kernel kernel = forwardKernels.get(dropout);
    String key = names.member(name, "Key");
    code.add("// --- $L: Dropout $L    (B, $L)\n", name, rate, dropout.width());
    code.addStatement("$L = $T.key(rngKey, $L, 0)", key, RuntimeTypes.RNG, dropout.layerIndex());
    code.addStatement("$L[0] = training ? $L : 0f", kernel.scalarsField(), JavaKernelBody.literal(rate));
    code.addStatement("$L[1] = training ? $L : 1f", kernel.scalarsField(), JavaKernelBody.literal(PointwiseKernels.scale(rate)));
    launch(kernel, key, code);
  }

  private void denseBackward(DenseBlock dense, CodeBlock.Builder code) {
    String name = dense.spec().name();
    String dz = offset(dense.outputGradient().get().name());
    code.add("// --- $L: Dense $L -> $L, $L    $L (B, $L)\n", name, dense.in(), dense.out(),
        PointwiseKernels.lower(dense.activation()), dense.outputGradient().get().name(), dense.out());
    Kernel kernel = backwardKernels.get(dense);
    if (kernel != null) {
      launch(kernel, dense.dropout().map(d -> names.member(d.spec().name(), "Key")).orElse("0L"), code);
    }
    if (dense.activation() == Activation.SOFTMAX) {
      if (dense.foldedSoftmax()) {
        code.add("// The loss folded this softmax: the gradient is already that of the logits.\n");
      } else {
        code.addStatement("device.softmaxBackward(arena, $L, arena, $L, arena, $L, batch, $L)",
            offset(dense.output().name()), dz, dz, dense.out());
      }
    }
    code.addStatement("device.gemm(true, false, $L, $L, batch, 1f, arena, $L, $L, $L, $L, 0f, gradients, $L, $L)",
        dense.out(), dense.in(), dz, dense.out(), input(dense), dense.in(),
        names.parameter(dense.weight()), dense.in());
    if (dense.bias().isPresent()) {
      code.addStatement("device.sumRows(arena, $L, batch, $L, 0f, gradients, $L)", dz, dense.out(),
          names.parameter(dense.bias().get()));
    }
    if (dense.inputGradient().isPresent()) {
      code.addStatement("device.gemm(false, false, batch, $L, $L, 1f, arena, $L, $L, parameters, $L, $L, 0f, arena, $L, $L)",
          dense.in(), dense.out(), dz, dense.out(), names.parameter(dense.weight()), dense.in(),
          offset(dense.inputGradient().get().name()), dense.in());
    }
  }

  private void dropoutBackward(DropoutBlock dropout, CodeBlock.Builder code) {
    code.add("// --- $L: Dropout $L    $L (B, $L), in place\n", dropout.spec().name(), dropout.spec().probability(),
        dropout.outputGradient().get().name(), dropout.width());
    launch(backwardKernels.get(dropout), names.member(dropout.spec().name(), "Key"), code);
  }

  private void launch(Kernel kernel, String key, CodeBlock.Builder code) {
    code.addStatement("device.launch($L, batch, $L, $L, $L, $L)", kernel.constant(), kernel.tensorsField(),
        kernel.offsetsField(), kernel.scalarsField() == null ? "EMPTY" : kernel.scalarsField(), key);
  }

  private String offset(String bufferName) {
    return names.offsetOfBuffer(bufferName);
  }

  /**
   * The tensor and offset a dense block reads its input from: the fields {@code inputTensor,
   * inputAt} for the network's input (so {@code useInput} can point them at the caller's data),
   * the arena otherwise.
   */
  private String input(DenseBlock dense) {
    return dense.input().name().equals(plan.input().name())
        ? "inputTensor, inputAt" : "arena, " + offset(dense.input().name());
  }
}
