package hypercolumn.processor.check;

import hypercolumn.processor.model.ClassFacts;
import hypercolumn.processor.model.NetworkSpec;
import java.util.List;

/** The annotated class must be one a generated class in its package can extend. */
final class ClassRule implements Rule {
  @Override
  public void check(NetworkSpec network, List<Diagnostic> out) {
    ClassFacts facts = network.facts();
    String name = network.simpleName();
    if (facts.isFinal()) {
      out.add(Diagnostic.error(Messages.classFinal(name), network.origin().declaration()));
    } else if (!facts.isAbstract()) {
      out.add(Diagnostic.error(Messages.classNotAbstract(name, network.generatedName()), network.origin().declaration()));
    }
    // javac hands no local class to a processor (they are attributed later), so this guards
    // compilers that do; it has no compile-testing test for that reason.
    if (facts.localClass()) {
      out.add(Diagnostic.error(Messages.classLocal(name), network.origin().declaration()));
    } else if (facts.isPrivate()) {
      out.add(Diagnostic.error(Messages.classPrivate(name, network.generatedName()), network.origin().declaration()));
    } else if (facts.innerClass()) {
      out.add(Diagnostic.error(Messages.classInner(name), network.origin().declaration()));
    }
    if (!facts.accessibleNoArgConstructor()) {
      out.add(Diagnostic.error(Messages.classNoConstructor(name), network.origin().declaration()));
    }
  }
}
