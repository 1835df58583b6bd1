package hypercolumn.processor.emit.java;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import javax.lang.model.element.Modifier;

/**
 * The nested class that runs one fused kernel on the host: its buffers are bound to local
 * arrays and offsets once, then a plain loop with the column count a constant, a shape C2
 * compiles to tight (and, without a generator call, vectorized) code.
 */
final class KernelClass {
  private KernelClass() {}

  static TypeSpec of(Kernel kernel) {
    MethodSpec.Builder run = MethodSpec.methodBuilder("runOnHost")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .addParameter(TypeName.INT, "fromRow")
        .addParameter(TypeName.INT, "toRow")
        .addParameter(ArrayTypeName.of(RuntimeTypes.TENSOR), "tensors")
        .addParameter(ArrayTypeName.of(TypeName.INT), "offsets")
        .addParameter(ArrayTypeName.of(TypeName.FLOAT), "scalars")
        .addParameter(TypeName.LONG, "rngKey");
    for (int i = 0; i < kernel.plan().buffers().size(); i++) {
      String local = kernel.plan().buffers().get(i).name();
      run.addStatement("float[] $L = tensors[$L].hostArray()", local, i);
      run.addStatement("int $LOffset = offsets[$L]", local, i);
    }
    run.addCode(JavaKernelBody.of(kernel.plan()));
    return TypeSpec.classBuilder(kernel.className())
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .superclass(RuntimeTypes.FUSED_KERNEL)
        .addJavadoc("$L, over (B, $L).\n", kernel.plan().description(), kernel.plan().columns())
        .addMethod(MethodSpec.constructorBuilder()
            .addStatement("super($S, $L, CUDA_SOURCE)", kernel.plan().name(), kernel.plan().columns()).build())
        .addMethod(run.build())
        .build();
  }
}
