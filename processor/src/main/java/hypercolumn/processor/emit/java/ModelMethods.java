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
    type.addMethod(getter("capacity", TypeName.INT, CodeBlock.of("return capacity")));
    type.addMethod(upload("setInput", "samples", plan.input().name(), plan.inputShape().size()).toBuilder()
        .addStatement("inputTensor = arena").addStatement("inputAt = $L", names.offset(plan.input())).build());
    type.addMethod(useInput());
    type.addMethod(upload("setLabels", "labels", plan.labels().name(), plan.labelSize()));
    type.addMethod(method("forward").addParameter(TypeName.INT, "batch").addParameter(TypeName.BOOLEAN, "training")
        .addParameter(TypeName.LONG, "rngKey").addStatement("checkBatch(batch)").addCode(forward).build());
    type.addMethod(method("loss").returns(TypeName.FLOAT).addParameter(TypeName.INT, "batch")
        .addStatement("checkBatch(batch)").addStatement("return $L", lossCall(false, null)).build());
    type.addMethod(method("loss").addParameter(TypeName.INT, "batch")
        .addParameter(RuntimeTypes.TENSOR, "result").addParameter(TypeName.INT, "resultOffset")
        .addStatement("checkBatch(batch)").addStatement("$L", lossCall(false, "result, resultOffset")).build());
    type.addMethod(method("lossAndGradient").returns(TypeName.FLOAT).addParameter(TypeName.INT, "batch")
        .addStatement("checkBatch(batch)").addStatement("return $L", lossCall(true, null)).build());
    type.addMethod(method("lossAndGradient").addParameter(TypeName.INT, "batch")
        .addParameter(RuntimeTypes.TENSOR, "result").addParameter(TypeName.INT, "resultOffset")
        .addStatement("checkBatch(batch)").addStatement("$L", lossCall(true, "result, resultOffset")).build());
    type.addMethod(method("backward").addParameter(TypeName.INT, "batch").addStatement("checkBatch(batch)").addCode(backward).build());
    type.addMethod(method("readOutput").addParameter(ArrayTypeName.of(TypeName.FLOAT), "target")
        .addParameter(TypeName.INT, "offset").addParameter(TypeName.INT, "batch")
        .addStatement("checkBatch(batch)")
        .addStatement("checkLength(target, offset, batch * $L)", plan.outputShape().size())
        .addStatement("device.download(arena, $L, target, offset, batch * $L)", names.offset(plan.output()), plan.outputShape().size())
        .build());
    type.addMethod(method("copyOutput").addParameter(RuntimeTypes.HOST_COPY, "copy").addParameter(TypeName.INT, "batch")
        .addStatement("checkBatch(batch)")
        .addStatement("copy.start(arena, $L, batch * $L)", names.offset(plan.output()), plan.outputShape().size())
        .build());
    type.addMethod(getter("summary", ClassName.get(String.class), CodeBlock.of("return SUMMARY")));
    type.addMethod(checkBatch());
    type.addMethod(checkLength());
    type.addMethod(fillUniform());
  }

  private MethodSpec initialize() {
    MethodSpec.Builder method = method("initialize").addParameter(TypeName.LONG, "seed")
        .addComment("Weights: uniform in [-limit, limit), Glorot's limit sqrt(6 / (in + out)) before sigmoid,")
        .addComment("tanh, softmax, identity and step, He's sqrt(6 / in) before the ReLU family; biases 0.")
        .addStatement("float[] values = new float[PARAMETER_COUNT]");
    for (WeightInit init : plan.initializers()) {
      String limit = init.he()
          ? String.format("(float) Math.sqrt(6.0 / %d)", init.fanIn())
          : String.format("(float) Math.sqrt(6.0 / (%d + %d))", init.fanIn(), init.fanOut());
      method.addStatement("fillUniform(values, $L, $L, $T.key(seed, $L, 0), $L)", names.parameter(init.slot()),
          init.slot().size(), RuntimeTypes.RNG, init.stream(), limit);
    }
    return method.addStatement("device.upload(values, 0, parameters, 0, PARAMETER_COUNT)").build();
  }

  /** The device's loss call; with {@code result} ("tensor, offset") it writes the loss there instead. */
  private CodeBlock lossCall(boolean gradient, String result) {
    String out = names.offset(plan.output());
    String labels = names.offset(plan.labels());
    String gradientTensor = gradient ? "arena" : "null";
    String gradientOffset = (gradient ? names.offset(plan.outputGradient()) : "0") + (result == null ? "" : ", " + result);
    int size = plan.outputShape().size();
    return switch (plan.loss()) {
      case SOFTMAX_CROSS_ENTROPY -> CodeBlock.of("device.softmaxCrossEntropy(arena, $L, arena, $L, batch, $L, $L, $L, $L)",
          out, labels, size, plan.lossStep().probabilities(), gradientTensor, gradientOffset);
      case BINARY_CROSS_ENTROPY -> CodeBlock.of("device.binaryCrossEntropyWithLogits(arena, $L, arena, $L, batch * $L, $L, $L)",
          out, labels, size, gradientTensor, gradientOffset);
      case MEAN_SQUARED_ERROR -> CodeBlock.of("device.meanSquaredError(arena, $L, arena, $L, batch * $L, $L, $L)",
          out, labels, size, gradientTensor, gradientOffset);
      case PERCEPTRON -> CodeBlock.of("device.perceptronCriterion(arena, $L, arena, $L, batch, $L, $L, $L)",
          out, labels, size, gradientTensor, gradientOffset);
    };
  }

  /**
   * {@code useInput}: when no fused kernel reads the network's input (a dropout on it would), the
   * passes read the caller's tensor in place; otherwise the samples are copied into the arena.
   */
  private MethodSpec useInput() {
    int width = plan.inputShape().size();
    boolean readInPlace = !plan.inputReadByKernel();
    MethodSpec.Builder method = method("useInput").addParameter(RuntimeTypes.TENSOR, "samples")
        .addParameter(TypeName.INT, "offset").addParameter(TypeName.INT, "batch")
        .addStatement("checkBatch(batch)")
        .beginControlFlow("if (samples.device() != device)")
        .addStatement("throw new $T($S + device + $S + samples.device())", IllegalArgumentException.class,
            "Expected samples on ", ", found a tensor on ")
        .endControlFlow()
        .beginControlFlow("if (offset < 0 || (long) offset + (long) batch * $L > samples.size())", width)
        .addStatement("throw new $T($S + batch + $S + offset + $S + samples.size() + $S)", IllegalArgumentException.class,
            "Expected " + width + " floats for each of ", " samples from offset ", " in a tensor of ", " floats")
        .endControlFlow();
    if (readInPlace) {
      method.addStatement("inputTensor = samples").addStatement("inputAt = offset");
    } else {
      method.addComment("A dropout reads the input in a fused kernel, whose arguments point into the arena: copy.")
          .addStatement("device.copy(samples, offset, arena, $L, batch * $L)", names.offset(plan.input()), width)
          .addStatement("inputTensor = arena").addStatement("inputAt = $L", names.offset(plan.input()));
    }
    return method.build();
  }

  private MethodSpec upload(String name, String array, String buffer, int width) {
    return method(name).addParameter(ArrayTypeName.of(TypeName.FLOAT), array).addParameter(TypeName.INT, "offset")
        .addParameter(TypeName.INT, "batch")
        .addStatement("checkBatch(batch)")
        .addStatement("checkLength($L, offset, batch * $L)", array, width)
        .addStatement("device.upload($L, offset, arena, $L, batch * $L)", array, names.offsetOfBuffer(buffer), width)
        .build();
  }

  private static MethodSpec checkBatch() {
    return MethodSpec.methodBuilder("checkBatch").addModifiers(Modifier.PRIVATE).addParameter(TypeName.INT, "batch")
        .beginControlFlow("if (batch < 1 || batch > capacity)")
        .addStatement("throw new $T($S + capacity + $S + batch + $S + batch + $S)", IllegalArgumentException.class,
            "Expected a batch of 1 to ", " samples, found ", "; call reserve(", ") first")
        .endControlFlow()
        .build();
  }

  private static MethodSpec checkLength() {
    return MethodSpec.methodBuilder("checkLength").addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addParameter(ArrayTypeName.of(TypeName.FLOAT), "values").addParameter(TypeName.INT, "offset")
        .addParameter(TypeName.INT, "count")
        .beginControlFlow("if (offset < 0 || values.length - offset < count)")
        .addStatement("throw new $T($S + count + $S + offset + $S + values.length)", IllegalArgumentException.class,
            "Expected ", " floats from offset ", ", found an array of length ")
        .endControlFlow()
        .build();
  }

  private static MethodSpec fillUniform() {
    return MethodSpec.methodBuilder("fillUniform").addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addParameter(ArrayTypeName.of(TypeName.FLOAT), "values").addParameter(TypeName.INT, "offset")
        .addParameter(TypeName.INT, "count").addParameter(TypeName.LONG, "key").addParameter(TypeName.FLOAT, "limit")
        .beginControlFlow("for (int j = 0; j < count; j++)")
        .addStatement("values[offset + j] = (2f * $T.uniform(key, j) - 1f) * limit", RuntimeTypes.RNG)
        .endControlFlow()
        .build();
  }

  private static MethodSpec getter(String name, TypeName type, CodeBlock body) {
    return method(name).returns(type).addStatement(body).build();
  }

  private static MethodSpec.Builder method(String name) {
    return MethodSpec.methodBuilder(name).addAnnotation(Override.class).addModifiers(Modifier.PUBLIC);
  }
}
