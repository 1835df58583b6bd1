package hypercolumn.processor.check;

import hypercolumn.processor.model.NetworkSpec;
import java.util.List;

/** One thing a network must satisfy. A rule adds a diagnostic per violation and never throws. */
interface Rule {
  void check(NetworkSpec network, List<Diagnostic> out);
}
