package hypercolumn.processor.emit.java;

import com.palantir.javapoet.CodeBlock;
import hypercolumn.processor.plan.LoweredBlock;
import hypercolumn.processor.plan.NetworkPlan;
import hypercolumn.processor.plan.Op;
import hypercolumn.processor.plan.Operand;
import hypercolumn.processor.plan.pointwise.KernelPlan;
import java.util.List;
import java.util.Map;

/**
 * Writes the bodies of {@code forward} and {@code backward} by printing each block's ops:
 * forward in block order, backward in reverse, each op one statement (a launch also sets its
 * scalars). The blocks' banners are their comment ops, so each layer reads as one commented
 * block and backward mirrors forward.
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

  /** The product as cuBLAS-style GEMM on row-major operands: {@code C = op(A) op(B)}. */
  @Override
  public CodeBlock matMul(Op.MatMul product) {
    int in = product.in();
    int out = product.out();
    String a = operand(product.left());
    String b = operand(product.right());
    String c = operand(product.result());
    return switch (product.form()) {
      case LINEAR -> statement("device.gemm(false, true, batch, $L, $L, 1f, $L, $L, $L, $L, 0f, $L, $L)",
          out, in, a, in, b, in, c, out);
      case WEIGHT_GRADIENT -> statement("device.gemm(true, false, $L, $L, batch, 1f, $L, $L, $L, $L, 0f, $L, $L)",
          out, in, a, out, b, in, c, in);
      case INPUT_GRADIENT -> statement("device.gemm(false, false, batch, $L, $L, 1f, $L, $L, $L, $L, 0f, $L, $L)",
          in, out, a, out, b, in, c, in);
    };
  }

  @Override
  public CodeBlock sumRows(Op.SumRows sum) {
    return statement("device.sumRows($L, batch, $L, 0f, $L)", operand(sum.source()), sum.columns(), operand(sum.target()));
  }

  @Override
  public CodeBlock softmax(Op.Softmax softmax) {
    String buffer = offset(softmax.buffer());
    return statement("device.softmax(arena, $L, arena, $L, batch, $L)", buffer, buffer, softmax.columns());
  }

  @Override
  public CodeBlock softmaxBackward(Op.SoftmaxBackward softmax) {
    String gradient = offset(softmax.gradient());
    return statement("device.softmaxBackward(arena, $L, arena, $L, arena, $L, batch, $L)", offset(softmax.output()),
        gradient, gradient, softmax.columns());
  }

  @Override
  public CodeBlock drawKey(Op.DrawKey draw) {
    return statement("$L = $T.key(rngKey, $L, 0)", key(draw.key().layer()), RuntimeTypes.RNG, draw.key().layerIndex());
  }

  @Override
  public CodeBlock launch(Op.Launch launch) {
    Kernel kernel = kernels.get(launch.kernel());
    CodeBlock.Builder code = CodeBlock.builder();
    for (int i = 0; i < launch.scalars().size(); i++) {
      Op.ModeScalar scalar = launch.scalars().get(i);
      code.addStatement("$L[$L] = training ? $L : $L", kernel.scalarsField(), i, JavaKernelBody.literal(scalar.training()),
          JavaKernelBody.constant(scalar.evaluation()));
    }
    return code.addStatement("device.launch($L, batch, $L, $L, $L, $L)", kernel.constant(), kernel.tensorsField(),
        kernel.offsetsField(), kernel.scalarsField() == null ? "EMPTY" : kernel.scalarsField(),
        launch.key().map(key -> key(key.layer())).orElse("0L")).build();
  }

  /**
   * The tensor and offset of an operand: the fields {@code inputTensor, inputAt} for the
   * network's input (so {@code useInput} can point them at the caller's data), the arena, the
   * parameters or the gradients otherwise.
   */
  private String operand(Operand operand) {
    return switch (operand.storage()) {
      case ARENA -> "arena, " + offset(operand.name());
      case INPUT -> "inputTensor, inputAt";
      case PARAMETERS -> "parameters, " + names.parameter(operand.name());
      case GRADIENTS -> "gradients, " + names.parameter(operand.name());
    };
  }

  private String offset(String bufferName) {
    return names.offsetOfBuffer(bufferName);
  }

  private String key(String layer) {
    return names.member(layer, "Key");
  }

  private static CodeBlock statement(String format, Object... arguments) {
    return CodeBlock.builder().addStatement(format, arguments).build();
  }
}
