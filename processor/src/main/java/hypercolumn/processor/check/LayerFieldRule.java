package hypercolumn.processor.check;

import hypercolumn.processor.model.FieldSpec;
import hypercolumn.processor.model.LayerSpec;
import hypercolumn.processor.model.NetworkSpec;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Each layer field is typed {@code Layer}, carries exactly one layer annotation and can be
 * assigned by the generated subclass.
 */
final class LayerFieldRule implements Rule {
  @Override
  public void check(NetworkSpec network, List<Diagnostic> out) {
    for (FieldSpec field : network.fields()) {
      if (field.layers().isEmpty()) {
        out.add(Diagnostic.error(Messages.fieldNotAnnotated(field.name()), field.origin()));
        continue;
      }
      if (field.layers().size() > 1) {
        String kinds = field.layers().stream().map(l -> "@" + l.kind()).collect(Collectors.joining(" and "));
        out.add(Diagnostic.error(Messages.fieldTwoLayers(field.name(), kinds), field.layers().get(1).origin()));
      }
      LayerSpec layer = field.layers().get(0);
      if (!field.layerTyped()) {
        out.add(Diagnostic.error(Messages.fieldNotLayer(field.name(), layer.kind(), field.type()), field.origin()));
      }
      if (field.isPrivate()) {
        out.add(Diagnostic.error(Messages.fieldModifier(field.name(), "private"), field.origin()));
      }
      if (field.isFinal()) {
        out.add(Diagnostic.error(Messages.fieldModifier(field.name(), "final"), field.origin()));
      }
      if (field.isStatic()) {
        out.add(Diagnostic.error(Messages.fieldModifier(field.name(), "static"), field.origin()));
      }
    }
  }
}
