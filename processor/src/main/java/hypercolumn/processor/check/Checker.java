package hypercolumn.processor.check;

import hypercolumn.processor.model.CheckedNetwork;
import hypercolumn.processor.model.NetworkSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs every rule on a network and returns all diagnostics, with the checked network when there
 * is no error. Declaration rules (the class, its fields, each annotation's attributes) run
 * first; the structural rules (the layer stack, shapes, loss) run only on a network whose
 * declarations are valid, so one typo does not cascade into shape errors. Shapes are inferred
 * once, here, and the rules after that and every later stage read them.
 */
public final class Checker {
  private static final List<Rule> DECLARATION_RULES =
      List.of(
          new ClassRule(),
          new GeneratedNameRule(),
          new InputShapeRule(),
          new LayerFieldRule(),
          new DenseAttributesRule(),
          new DropoutRateRule(),
          new ActivationLayerRule(),
          new BatchNormAttributesRule(),
          new WindowAttributesRule());

  private static final List<ShapedRule> SHAPED_RULES = List.of(new HeavisideRule(), new LossRule());

  /**
   * What checking found.
   *
   * @param network the network with its inferred shapes, present when no diagnostic is an error
   */
  public record Result(List<Diagnostic> diagnostics, Optional<CheckedNetwork> network) {
    public Result {
      diagnostics = List.copyOf(diagnostics);
    }
  }

  public Result check(NetworkSpec network) {
    List<Diagnostic> diagnostics = new ArrayList<>();
    for (Rule rule : DECLARATION_RULES) {
      rule.check(network, diagnostics);
    }
    if (hasErrors(diagnostics)) {
      return new Result(diagnostics, Optional.empty());
    }
    new LayerStackRule().check(network, diagnostics);
    CheckedNetwork checked = new ShapeInference().infer(network, diagnostics);
    for (ShapedRule rule : SHAPED_RULES) {
      rule.check(checked, diagnostics);
    }
    return new Result(diagnostics, hasErrors(diagnostics) ? Optional.empty() : Optional.of(checked));
  }

  public static boolean hasErrors(List<Diagnostic> diagnostics) {
    return diagnostics.stream().anyMatch(d -> d.severity() == Diagnostic.Severity.ERROR);
  }
}
