package hypercolumn.processor.emit.java;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import hypercolumn.processor.plan.NetworkPlan;
import hypercolumn.processor.plan.WeightInit;
import java.util.List;
import javax.lang.model.element.Modifier;

/** The methods of {@code hypercolumn.runtime.Model} that are the same shape for every network. */
final class ModelMethods {
  private final NetworkPlan plan;
  private final Names names;

  ModelMethods(NetworkPlan plan, Names names) {
    this.plan = plan;
    this.names = names;
  }

  void addTo(TypeSpec.Builder type, CodeBlock forward, CodeBlock backward, CodeBlock reserve) {
    type.addMethod(getter("name", ClassName.get(String.class), CodeBlock.of("return $S", plan.simpleName())));
    type.addMethod(getter("loss", RuntimeTypes.LOSS, CodeBlock.of("return $T.$L", RuntimeTypes.LOSS, plan.loss().name())));
    type.addMethod(getter("device", RuntimeTypes.DEVICE, CodeBlock.of("return device")));
    type.addMethod(getter("inputShape", ArrayTypeName.of(TypeName.INT), CodeBlock.of("return INPUT_SHAPE.clone()")));
    type.addMethod(getter("inputSize", TypeName.INT, CodeBlock.of("return $L", plan.inputShape().size())));
    type.addMethod(getter("outputShape", ArrayTypeName.of(TypeName.INT), CodeBlock.of("return OUTPUT_SHAPE.clone()")));
    type.addMethod(getter("outputSize", TypeName.INT, CodeBlock.of("return $L", plan.outputShape().size())));
    type.addMethod(getter("labelSize", TypeName.INT, CodeBlock.of("return $L", plan.labelSize())));
    type.addMethod(getter("layers", ParameterizedTypeName.get(ClassName.get(List.class), RuntimeTypes.LAYER), CodeBlock.of("return layers")));
    type.addMethod(getter("parameters", ParameterizedTypeName.get(ClassName.get(List.class), RuntimeTypes.PARAMETER), CodeBlock.of("return PARAMETERS")));
    type.addMethod(getter("parameterCount", TypeName.INT, CodeBlock.of("return PARAMETER_COUNT")));
    type.addMethod(getter("parameterBuffer", RuntimeTypes.TENSOR, CodeBlock.of("return parameters")));
    type.addMethod(getter("gradientBuffer", RuntimeTypes.TENSOR, CodeBlock.of("return gradients")));
    type.addMethod(initialize());
    type.addMethod(method("reserve").addParameter(TypeName.INT, "maxBatch").addCode(reserve).build());
    type.addMethod(getter("capacity", TypeName.INT, CodeBlock.of("return support.capacity()")));
    type.addMethod(delegate("setInput", "samples, offset, batch").addParameter(ArrayTypeName.of(TypeName.FLOAT), "samples")
        .addParameter(TypeName.INT, "offset").addParameter(TypeName.INT, "batch").build());
    type.addMethod(delegate("useInput", "samples, offset, batch").addParameter(RuntimeTypes.TENSOR, "samples")
        .addParameter(TypeName.INT, "offset").addParameter(TypeName.INT, "batch").build());
    type.addMethod(delegate("setLabels", "labels, offset, batch").addParameter(ArrayTypeName.of(TypeName.FLOAT), "labels")
        .addParameter(TypeName.INT, "offset").addParameter(TypeName.INT, "batch").build());
    type.addMethod(method("forward").addParameter(TypeName.INT, "batch").addParameter(TypeName.BOOLEAN, "training")
        .addParameter(TypeName.LONG, "rngKey").addStatement("support.checkBatch(batch)").addCode(forward).build());
    type.addMethod(method("loss").returns(TypeName.FLOAT).addParameter(TypeName.INT, "batch")
        .addStatement("support.checkBatch(batch)").addStatement("return $L", lossCall(false, null)).build());
    type.addMethod(method("loss").addParameter(TypeName.INT, "batch")
        .addParameter(RuntimeTypes.TENSOR, "result").addParameter(TypeName.INT, "resultOffset")
        .addStatement("support.checkBatch(batch)").addStatement("$L", lossCall(false, "result, resultOffset")).build());
    type.addMethod(method("lossAndGradient").returns(TypeName.FLOAT).addParameter(TypeName.INT, "batch")
        .addStatement("support.checkBatch(batch)").addStatement("return $L", lossCall(true, null)).build());
    type.addMethod(method("lossAndGradient").addParameter(TypeName.INT, "batch")
        .addParameter(RuntimeTypes.TENSOR, "result").addParameter(TypeName.INT, "resultOffset")
        .addStatement("support.checkBatch(batch)").addStatement("$L", lossCall(true, "result, resultOffset")).build());
    type.addMethod(method("backward").addParameter(TypeName.INT, "batch").addStatement("support.checkBatch(batch)")
        .addCode(backward).build());
    type.addMethod(delegate("readOutput", "target, offset, batch").addParameter(ArrayTypeName.of(TypeName.FLOAT), "target")
        .addParameter(TypeName.INT, "offset").addParameter(TypeName.INT, "batch").build());
    type.addMethod(delegate("copyOutput", "copy, batch").addParameter(RuntimeTypes.HOST_COPY, "copy")
        .addParameter(TypeName.INT, "batch").build());
    type.addMethod(getter("summary", ClassName.get(String.class), CodeBlock.of("return SUMMARY")));
  }

  private MethodSpec initialize() {
    MethodSpec.Builder method = method("initialize").addParameter(TypeName.LONG, "seed")
        .addComment("Weights: uniform in [-limit, limit), Glorot's limit sqrt(6 / (in + out)) before sigmoid,")
        .addComment("tanh, softmax, identity and step, He's sqrt(6 / in) before the ReLU family; biases 0.")
        .addStatement("float[] values = new float[PARAMETER_COUNT]");
    if (plan.initializers().stream().anyMatch(init -> init.limit() == WeightInit.Limit.INVERSE_SQRT_FAN_IN)) {
      method.addComment("Convolutions as PyTorch's: weight and bias within 1 / sqrt(in * kh * kw).");
    }
    for (WeightInit init : plan.initializers()) {
      if (init.constant().isPresent()) {
        method.addStatement("$T.fill(values, $L, $L + $L, $L)", java.util.Arrays.class, names.parameter(init.slot()),
            names.parameter(init.slot()), init.slot().size(), JavaKernelBody.constant(init.constant().get()));
        continue;
      }
      String limit = switch (init.limit()) {
        case HE -> String.format("(float) Math.sqrt(6.0 / %d)", init.fanIn());
        case GLOROT -> String.format("(float) Math.sqrt(6.0 / (%d + %d))", init.fanIn(), init.fanOut());
        case INVERSE_SQRT_FAN_IN -> String.format("(float) (1.0 / Math.sqrt(%d))", init.fanIn());
      };
      method.addStatement("$T.fillUniform(values, $L, $L, $T.key(seed, $L, 0), $L)", RuntimeTypes.MODEL_SUPPORT,
          names.parameter(init.slot()), init.slot().size(), RuntimeTypes.RNG, init.stream(), limit);
    }
    return method.addStatement("device.upload(values, 0, parameters, 0, PARAMETER_COUNT)").build();
  }

  /**
   * The loss over the output and the labels, with the gradient of the output when {@code
   * gradient} (else {@code Ops.NO_GRADIENT}); with {@code result} ("tensor, offset") it writes the
   * loss there instead of returning it.
   */
  private CodeBlock lossCall(boolean gradient, String result) {
    String output = slice(plan.lossStep().output());
    String labels = slice(plan.lossStep().labels());
    CodeBlock target = gradient ? CodeBlock.of("$L", slice(plan.lossStep().gradient()))
        : CodeBlock.of("$T.NO_GRADIENT", RuntimeTypes.OPS);
    String into = result == null ? "" : ", " + result;
    int size = plan.outputShape().size();
    return switch (plan.loss()) {
      case SOFTMAX_CROSS_ENTROPY -> CodeBlock.of("$T.softmaxCrossEntropy(device, batch, $L, $L, $L, LOSS_TAKES_PROBABILITIES, $L$L)",
          RuntimeTypes.OPS, size, output, labels, target, into);
      case BINARY_CROSS_ENTROPY -> CodeBlock.of("$T.binaryCrossEntropyWithLogits(device, batch * $L, $L, $L, $L$L)",
          RuntimeTypes.OPS, size, output, labels, target, into);
      case MEAN_SQUARED_ERROR -> CodeBlock.of("$T.meanSquaredError(device, batch * $L, $L, $L, $L$L)",
          RuntimeTypes.OPS, size, output, labels, target, into);
      case PERCEPTRON -> CodeBlock.of("$T.perceptronCriterion(device, batch, $L, $L, $L, $L$L)",
          RuntimeTypes.OPS, size, output, labels, target, into);
    };
  }

  private String slice(String bufferName) {
    return names.arenaSlice(bufferName, plan);
  }

  /** A method of {@code Model} that {@code ModelSupport} implements for every network. */
  private static MethodSpec.Builder delegate(String name, String arguments) {
    return method(name).addStatement("support.$L($L)", name, arguments);
  }

  private static MethodSpec getter(String name, TypeName type, CodeBlock body) {
    return method(name).returns(type).addStatement(body).build();
  }

  private static MethodSpec.Builder method(String name) {
    return MethodSpec.methodBuilder(name).addAnnotation(Override.class).addModifiers(Modifier.PUBLIC);
  }
}
