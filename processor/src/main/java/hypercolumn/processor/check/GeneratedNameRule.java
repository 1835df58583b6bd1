package hypercolumn.processor.check;

import hypercolumn.processor.model.NetworkSpec;
import java.util.List;

/**
 * The generated class needs a legal name that no existing type already has, and that does not
 * hide a Hypercolumn type: a class {@code Dense} in the user's package would win over {@code
 * import hypercolumn.*}, so the user's own {@code @Dense} would stop compiling.
 */
final class GeneratedNameRule implements Rule {
  @Override
  public void check(NetworkSpec network, List<Diagnostic> out) {
    String name = network.generatedName();
    if (!network.facts().generatedNameIsIdentifier()) {
      out.add(Diagnostic.error(Messages.nameNotIdentifier(name, network.simpleName()), network.origin().attribute("name")));
    } else if (network.facts().generatedNameTaken()) {
      String qualified = network.packageName().isEmpty() ? name : network.packageName() + "." + name;
      out.add(Diagnostic.error(Messages.nameTaken(qualified, network.simpleName()), network.origin().attribute("name")));
    } else if (network.facts().generatedNameHidesLibraryType()) {
      out.add(
          Diagnostic.error(
              Messages.nameHidesLibraryType(name, network.simpleName(), network.packageName()),
              network.origin().attribute("name")));
    }
  }
}
