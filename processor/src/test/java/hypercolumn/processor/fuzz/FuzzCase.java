package hypercolumn.processor.fuzz;

import com.google.testing.compile.JavaFileObjects;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaFileObject;

/** One generated case: its declaration, the sources it compiles to, and the oracle's prediction. */
record FuzzCase(long seed, int index, Declaration declaration, String source, Oracle.Prediction prediction,
    List<JavaFileObject> files) {

  static FuzzCase generate(long seed, int index) {
    Declaration declaration = RandomNetworks.generate(seed, index);
    String source = SourceWriter.network(declaration);
    List<JavaFileObject> files = new ArrayList<>();
    files.add(JavaFileObjects.forSourceString(declaration.packageName() + "." + declaration.className(), source));
    for (String companion : declaration.companionTypes()) {
      files.add(JavaFileObjects.forSourceString(declaration.packageName() + "." + companion,
          SourceWriter.companion(declaration.packageName(), companion)));
    }
    return new FuzzCase(seed, index, declaration, source, Oracle.predict(declaration), List.copyOf(files));
  }

  String packageName() {
    return declaration.packageName();
  }

  /** Whether a file (input or generated) belongs to this case, judged by its package folder. */
  boolean owns(JavaFileObject file) {
    return file != null && ("/" + file.toUri().getPath()).contains("/" + packageName() + "/");
  }

  /** Everything needed to reproduce the case: how to rerun it, the prediction, every source. */
  String describe() {
    StringBuilder out = new StringBuilder();
    out.append("seed ").append(seed).append(", case ").append(index)
        .append(" (rerun alone with -Dhypercolumn.fuzzSeed=").append(seed).append(" -Dhypercolumn.fuzzCase=")
        .append(index).append(")\n");
    out.append("predicted: ").append(prediction.valid() ? "valid" : "errors " + prediction.errors());
    if (!prediction.warnings().isEmpty()) {
      out.append(", warnings ").append(prediction.warnings());
    }
    out.append('\n').append(source);
    for (String companion : declaration.companionTypes()) {
      out.append(SourceWriter.companion(packageName(), companion));
    }
    return out.toString();
  }
}
