package hypercolumn.processor.emit.java;

import com.palantir.javapoet.CodeBlock;
import hypercolumn.processor.plan.LoweredBlock;
import hypercolumn.processor.plan.NetworkPlan;
import hypercolumn.processor.plan.Op;
import hypercolumn.processor.plan.Operand;
import hypercolumn.processor.plan.RandomKey;
import hypercolumn.processor.plan.pointwise.KernelPlan;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the bodies of {@code forward} and {@code backward} by printing each block's ops:
 * forward in block order, backward in reverse, each op one statement with named operands
 * ({@code Ops.linear(device, batch, 4, 8, input, hiddenWeight, hidden)}, {@code
 * hiddenForward.launch(batch, dropKey, ...)}). The blocks' banners are their comment ops, so
 * each layer reads as one commented block and backward mirrors forward.
 */
final class PassWriter implements Op.Visitor<CodeBlock> {
  private final NetworkPlan plan;
  private final Names names;
  private final Map<KernelPlan, Kernel> kernels;

  PassWriter(NetworkPlan plan, Names names, Map<KernelPlan, Kernel> kernels) {
    this.plan = plan;
    this.names = names;
    this.kernels = kernels;
  }

  CodeBlock forward() {
    CodeBlock.Builder code = CodeBlock.builder();
    plan.blocks().forEach(block -> print(block.forward(), code));
    return code.build();
  }

  CodeBlock backward() {
    CodeBlock.Builder code = CodeBlock.builder();
    List<LoweredBlock> blocks = plan.blocks();
    for (int k = blocks.size() - 1; k >= 0 && !blocks.get(k).backward().isEmpty(); k--) {
      print(blocks.get(k).backward(), code);
    }
    return code.build();
  }

  private void print(List<Op> ops, CodeBlock.Builder code) {
    ops.forEach(op -> code.add(op.accept(this)));
  }

  @Override
  public CodeBlock comment(Op.Comment comment) {
    return CodeBlock.of("// $L\n", comment.text());
  }

  @Override
  public CodeBlock matMul(Op.MatMul product) {
    String method = switch (product.form()) {
      case LINEAR -> "linear";
      case WEIGHT_GRADIENT -> "linearWeightGradient";
      case INPUT_GRADIENT -> "linearInputGradient";
    };
    return statement("$T.$L(device, batch, $L, $L, $L, $L, $L)", RuntimeTypes.OPS, method, product.in(), product.out(),
        operand(product.left()), operand(product.right()), operand(product.result()));
  }

  @Override
  public CodeBlock sumRows(Op.SumRows sum) {
    return statement("$T.sumRows(device, batch, $L, $L, $L)", RuntimeTypes.OPS, sum.columns(), operand(sum.source()),
        operand(sum.target()));
  }

  @Override
  public CodeBlock softmax(Op.Softmax softmax) {
    return statement("$T.softmax(device, batch, $L, $L)", RuntimeTypes.OPS, softmax.columns(), slice(softmax.buffer()));
  }

  @Override
  public CodeBlock softmaxBackward(Op.SoftmaxBackward softmax) {
    return statement("$T.softmaxBackward(device, batch, $L, $L, $L)", RuntimeTypes.OPS, softmax.columns(),
        slice(softmax.output()), slice(softmax.gradient()));
  }

  @Override
  public CodeBlock drawKey(Op.DrawKey draw) {
    return statement("$L = $T.key(rngKey, $L, 0)", key(draw.key().layer()), RuntimeTypes.RNG, draw.key().layerIndex());
  }

  /**
   * A launch through the kernel's {@code KernelLaunch}: with its key if it draws numbers, and
   * with its scalars (the named rate and scale in training, 0 and 1 in evaluation).
   */
  @Override
  public CodeBlock launch(Op.Launch launch) {
    Kernel kernel = kernels.get(launch.kernel());
    if (launch.scalars().isEmpty()) {
      return launch.key().isPresent()
          ? statement("$L.launch(batch, $L)", kernel.launchField(), key(launch.key().get().layer()))
          : statement("$L.launch(batch)", kernel.launchField());
    }
    if (launch.scalars().size() != 2) {
      throw new IllegalStateException("Expected a kernel of 0 or 2 scalars, found " + launch.scalars().size()
          + " in " + kernel.plan().name());
    }
    String layer = launch.key().map(RandomKey::layer).orElse(launch.kernel().layer());
    CodeBlock.Builder scalars = CodeBlock.builder();
    for (int i = 0; i < 2; i++) {
      Op.ModeScalar scalar = launch.scalars().get(i);
      String constant = names.constant(layer, launch.kernel().scalars().get(i).toUpperCase(Locale.ROOT));
      scalars.add(", training ? $L : $L", constant, JavaKernelBody.constant(scalar.evaluation()));
    }
    return statement("$L.launch(batch, $L$L)", kernel.launchField(),
        launch.key().map(key -> key(key.layer())).orElse("0L"), scalars.build());
  }

  /**
   * A launch over the batch's rows, or over one row for a per-channel update, with {@code 1 /
   * batch} and {@code 1 / (batch - 1)} as its scalars if it takes them.
   */
  @Override
  public CodeBlock batchLaunch(Op.BatchLaunch launch) {
    Kernel kernel = kernels.get(launch.kernel());
    String rows = launch.overChannels() ? "1" : "batch";
    return launch.kernel().scalars().isEmpty()
        ? statement("$L.launch($L)", kernel.launchField(), rows)
        : statement("$L.launch($L, 0L, 1f / batch, 1f / (batch - 1))", kernel.launchField(), rows);
  }

  @Override
  public CodeBlock byMode(Op.ByMode byMode) {
    CodeBlock.Builder code = CodeBlock.builder().beginControlFlow("if (training)");
    print(byMode.training(), code);
    code.nextControlFlow("else");
    print(byMode.evaluation(), code);
    return code.endControlFlow().build();
  }

  @Override
  public CodeBlock requireBatchStatistics(Op.RequireBatchStatistics require) {
    return statement("$T.requireBatchStatistics(batch, $S, $L)", RuntimeTypes.OPS, require.layer(), require.channels());
  }

  @Override
  public CodeBlock convolution(Op.Convolution convolution) {
    CodeBlock bias = convolution.bias().map(b -> CodeBlock.of("$L", operand(b)))
        .orElseGet(() -> CodeBlock.of("$T.NO_BIAS", RuntimeTypes.OPS));
    return statement("$T.convolution(device, $L.at(batch), $L, $L, $L, $L)", RuntimeTypes.OPS,
        geometry(convolution.sizes()), operand(convolution.input()), operand(convolution.weight()), bias,
        operand(convolution.output()));
  }

  @Override
  public CodeBlock convolutionBackward(Op.ConvolutionBackward backward) {
    String geometry = geometry(backward.sizes()) + ".at(batch)";
    return switch (backward.form()) {
      case INPUT_GRADIENT -> statement("$T.convolutionInputGradient(device, $L, $L, $L, $L)", RuntimeTypes.OPS, geometry,
          operand(backward.gradient()), operand(backward.other().orElseThrow()), operand(backward.result()));
      case WEIGHT_GRADIENT -> statement("$T.convolutionWeightGradient(device, $L, $L, $L, $L)", RuntimeTypes.OPS,
          geometry, operand(backward.other().orElseThrow()), operand(backward.gradient()), operand(backward.result()));
      case BIAS_GRADIENT -> statement("$T.convolutionBiasGradient(device, $L, $L, $L)", RuntimeTypes.OPS, geometry,
          operand(backward.gradient()), operand(backward.result()));
    };
  }

  @Override
  public CodeBlock pooling(Op.Pooling pooling) {
    return statement("$T.pooling(device, $L.at(batch), $L, $L)", RuntimeTypes.OPS, geometry(pooling.sizes()),
        operand(pooling.input()), operand(pooling.output()));
  }

  @Override
  public CodeBlock poolingBackward(Op.PoolingBackward backward) {
    return statement("$T.poolingInputGradient(device, $L.at(batch), $L, $L, $L, $L)", RuntimeTypes.OPS,
        geometry(backward.sizes()), operand(backward.input()), operand(backward.output()), operand(backward.gradient()),
        operand(backward.inputGradient()));
  }

  private String geometry(Op.Sizes sizes) {
    return names.member(sizes.layer(), "Geometry");
  }

  /** The slice field of an operand; the network's input is {@code input}, wherever it points. */
  private String operand(Operand operand) {
    return switch (operand.storage()) {
      case ARENA -> slice(operand.name());
      case INPUT -> "input";
      case PARAMETERS -> names.parameterSlice(operand.name());
      case GRADIENTS -> names.gradientSlice(operand.name());
    };
  }

  private String slice(String bufferName) {
    return names.arenaSlice(bufferName, plan);
  }

  private String key(String layer) {
    return names.member(layer, "Key");
  }

  private static CodeBlock statement(String format, Object... arguments) {
    return CodeBlock.builder().addStatement(format, arguments).build();
  }
}
