package hypercolumn.processor.check;

import hypercolumn.processor.model.NetworkSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs every rule on a network and returns all diagnostics. Declaration rules (the class, its
 * fields, each annotation's attributes) run first; the structural rules (shapes, loss) run only
 * on a network whose declarations are valid, so one typo does not cascade into shape errors.
 */
public final class Checker {
  private static final List<Rule> DECLARATION_RULES =
      List.of(
          new ClassRule(),
          new GeneratedNameRule(),
          new InputShapeRule(),
          new LayerFieldRule(),
          new DenseAttributesRule(),
          new DropoutRateRule());

  private static final List<Rule> STRUCTURE_RULES =
      List.of(new LayerStackRule(), new ShapeRule(), new HeavisideRule(), new LossRule());

  public List<Diagnostic> check(NetworkSpec network) {
    List<Diagnostic> diagnostics = new ArrayList<>();
    for (Rule rule : DECLARATION_RULES) {
      rule.check(network, diagnostics);
    }
    if (hasErrors(diagnostics)) {
      return diagnostics;
    }
    for (Rule rule : STRUCTURE_RULES) {
      rule.check(network, diagnostics);
    }
    return diagnostics;
  }

  public static boolean hasErrors(List<Diagnostic> diagnostics) {
    return diagnostics.stream().anyMatch(d -> d.severity() == Diagnostic.Severity.ERROR);
  }
}
