package hypercolumn.processor.check;

import hypercolumn.Activation;
import hypercolumn.processor.model.DenseSpec;
import hypercolumn.processor.model.LayerSpec;
import hypercolumn.processor.model.NetworkSpec;
import hypercolumn.processor.model.Origin;
import java.util.OptionalDouble;
import java.util.List;

/** A dense layer's width is given once and positive; alpha only where the activation has one. */
final class DenseAttributesRule implements Rule {
  @Override
  public void check(NetworkSpec network, List<Diagnostic> out) {
    for (LayerSpec layer : network.layers()) {
      if (layer instanceof DenseSpec dense) {
        checkUnits(dense, out);
        checkAlpha(dense, out);
      }
    }
  }

  private static void checkUnits(DenseSpec dense, List<Diagnostic> out) {
    if (dense.value().isPresent() && dense.units().isPresent()) {
      out.add(
          Diagnostic.error(
              Messages.denseUnitsTwice(dense.name(), dense.value().getAsInt(), dense.units().getAsInt()),
              dense.origin().attribute("units")));
    } else if (dense.value().isEmpty() && dense.units().isEmpty()) {
      out.add(Diagnostic.error(Messages.denseUnitsMissing(dense.name()), dense.origin()));
    } else if (dense.width() <= 0) {
      String attribute = dense.units().isPresent() ? "units" : "value";
      out.add(
          Diagnostic.error(
              Messages.denseUnitsNotPositive(dense.name(), attribute, dense.width()),
              dense.origin().attribute(attribute)));
    }
  }

  private static void checkAlpha(DenseSpec dense, List<Diagnostic> out) {
    checkAlpha("Dense", "@Dense", dense.name(), dense.activation(), dense.alpha(), dense.origin(), out);
  }

  /** The alpha rule of every annotation that names an activation ({@code @Dense}, {@code @ActivationLayer}). */
  static void checkAlpha(String id, String kind, String name, Activation activation, OptionalDouble written,
      Origin origin, List<Diagnostic> out) {
    if (written.isEmpty()) {
      return;
    }
    double alpha = written.getAsDouble();
    if (activation != Activation.LEAKY_RELU && activation != Activation.ELU) {
      out.add(Diagnostic.error(Messages.alphaUnused(id, kind, name, alpha, activation), origin.attribute("alpha")));
    } else if (activation == Activation.LEAKY_RELU && !(Double.isFinite(alpha) && alpha >= 0)) {
      out.add(Diagnostic.error(Messages.alphaInvalid(id, kind, name, alpha, activation, "finite and at least 0"),
          origin.attribute("alpha")));
    } else if (activation == Activation.ELU && !(Double.isFinite(alpha) && alpha > 0)) {
      out.add(Diagnostic.error(Messages.alphaInvalid(id, kind, name, alpha, activation, "finite and greater than 0"),
          origin.attribute("alpha")));
    }
  }
}
