package hypercolumn.processor.check;

import hypercolumn.processor.model.CheckedNetwork;
import java.util.List;

/**
 * A rule that reads the inferred shapes. A rule adds a diagnostic per violation and never
 * throws.
 */
interface ShapedRule {
  void check(CheckedNetwork network, List<Diagnostic> out);
}
