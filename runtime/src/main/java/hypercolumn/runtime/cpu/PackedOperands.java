package hypercolumn.runtime.cpu;

import java.util.ArrayList;
import java.util.List;

/**
 * Packed copies of GEMM operands that do not change for a while (a layer's weights during
 * inference), each found again by the array, range and shape it was packed from. A network has a
 * few such matrices, so a list searched from the start does, and a lookup allocates nothing.
 */
final class PackedOperands {
  private record Entry(
      float[] source, int offset, int leading, boolean transpose, int n, int k, float[] packed) {}

  private final List<Entry> entries = new ArrayList<>();

  /** The packing of this matrix kept by {@link #keep}, or null if there is none. */
  float[] find(float[] source, int offset, int leading, boolean transpose, int n, int k) {
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      if (e.source == source && e.offset == offset && e.leading == leading
          && e.transpose == transpose && e.n == n && e.k == k) {
        return e.packed;
      }
    }
    return null;
  }

  /** Keeps {@code packed}, a complete packing of the matrix, for {@link #find}. */
  void keep(
      float[] source, int offset, int leading, boolean transpose, int n, int k, float[] packed) {
    entries.add(new Entry(source, offset, leading, transpose, n, k, packed));
  }

  /** Forgets every packing, releasing its memory. */
  void clear() {
    entries.clear();
  }

  int size() {
    return entries.size();
  }
}
