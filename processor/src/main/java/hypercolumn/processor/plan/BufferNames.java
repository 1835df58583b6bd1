package hypercolumn.processor.plan;

import java.util.HashSet;
import java.util.Set;

/** Buffer names, unique even where a layer is called {@code input} or {@code dHidden}. */
final class BufferNames {
  private final Set<String> taken = new HashSet<>();

  String take(String base) {
    String name = base;
    for (int i = 2; !taken.add(name); i++) {
      name = base + i;
    }
    return name;
  }
}
