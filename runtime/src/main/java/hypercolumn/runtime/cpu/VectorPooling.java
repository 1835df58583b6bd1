package hypercolumn.runtime.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * 2x2 max pooling at stride 2 on the Vector API, for {@link InteriorPooling}'s windows that lie
 * wholly inside the input, a run of them along an output row. The first largest of a window's
 * four cells is found as a tournament: left against right in each row, then the top row's
 * winner against the bottom row's. A cell beats the one before it only if it is larger, or a
 * NaN where the other is not, so the tournament keeps the first largest cell in row-major order,
 * NaN first, -0.0 and 0.0 equal: the rule of {@link Pooling}, bit for bit (the output is the
 * winning cell's value itself).
 *
 * <p>256-bit vectors on every machine, as the GEMM's packing: JDK 17's compiler boxes vectors in
 * a JVM that mixes widths ({@link MicroKernelChoice}). What else JDK 17's compiler does not
 * compile, so the code avoids it: the rearrange of two vectors (one-vector rearranges and a blend
 * instead), {@code test(IS_NAN)} (four times slower than a value unequal to itself) and {@code
 * VectorMask.not()}; and a loop body too big to inline its helpers, whose vectors are then boxed.
 */
final class VectorPooling {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_256;
  private static final int LANES = 8;
  /** Each window's left cell, from two vectors of a row: their even lanes, the second's on top. */
  private static final VectorShuffle<Float> EVEN =
      VectorShuffle.fromValues(SPECIES, 0, 2, 4, 6, 0, 2, 4, 6);
  private static final VectorShuffle<Float> ODD =
      VectorShuffle.fromValues(SPECIES, 1, 3, 5, 7, 1, 3, 5, 7);
  private static final VectorMask<Float> UPPER_HALF =
      VectorMask.fromValues(SPECIES, false, false, false, false, true, true, true, true);
  /** Each lane's neighbour in its window: 1, 0, 3, 2, ... */
  private static final VectorShuffle<Float> NEIGHBOUR =
      VectorShuffle.fromValues(SPECIES, 1, 0, 3, 2, 5, 4, 7, 6);
  /** Four windows' gradients, each into both lanes of its window. */
  private static final VectorShuffle<Float> SPREAD_LOW =
      VectorShuffle.fromValues(SPECIES, 0, 0, 1, 1, 2, 2, 3, 3);
  private static final VectorMask<Float> ODD_LANES =
      VectorMask.fromValues(SPECIES, false, true, false, true, false, true, false, true);
  /** Each lane's side of its window: 0 left, 1 right. */
  private static final FloatVector SIDE =
      FloatVector.fromArray(SPECIES, new float[] {0, 1, 0, 1, 0, 1, 0, 1}, 0);
  private static final FloatVector ZERO = FloatVector.zero(SPECIES);
  private static final FloatVector ONE = FloatVector.broadcast(SPECIES, 1f);

  private VectorPooling() {}

  /**
   * The maxima of the first {@code count / 8 * 8} windows of a run whose first window's top-left
   * cell is {@code x[first]}, stride 2, rows {@code width} apart, into {@code y[out]...}: eight
   * windows from two loads per row, split into left and right cells. With {@code mayWritePast},
   * a last 4 to 7 windows are done as a block of eight too, which writes up to 4 values past the
   * run into {@code y} (from cells past it in {@code x}): only for callers that write those
   * outputs afterwards, on the same thread.
   *
   * @return the number of windows done: a multiple of 8, or all of them
   */
  static int maxForward(float[] x, int first, int width, float[] y, int out, int count,
      boolean mayWritePast) {
    int done = count - count % LANES;
    // A last block of 4 to 7 windows, when the caller writes the few outputs after the run
    // later anyway: the 14-wide rows of the CNN's second pooling are 7 windows.
    boolean lastBlock = mayWritePast && count - done >= LANES / 2
        && first + 2 * done + width + 2 * LANES <= x.length;
    int blocks = lastBlock ? done + LANES : done;
    for (int k = 0, p = first; k < blocks; k += LANES, p += 2 * LANES) {
      FloatVector a0 = FloatVector.fromArray(SPECIES, x, p);
      FloatVector a1 = FloatVector.fromArray(SPECIES, x, p + LANES);
      FloatVector b0 = FloatVector.fromArray(SPECIES, x, p + width);
      FloatVector b1 = FloatVector.fromArray(SPECIES, x, p + width + LANES);
      FloatVector top = winner(pick(a0, a1, EVEN), pick(a0, a1, ODD));
      FloatVector bottom = winner(pick(b0, b1, EVEN), pick(b0, b1, ODD));
      winner(top, bottom).intoArray(y, out + k);
    }
    return Math.min(count, blocks);
  }

  /**
   * Backward of {@link #maxForward} for windows that do not overlap: each window's four cells of
   * {@code dx} (at {@code firstGradient}, laid out as {@code x} at {@code first}) get {@code dy}
   * at the maximum's cell and 0 elsewhere, as {@code 0 + dy} (so -0.0 arrives as 0.0, as where
   * the gradient is added to a zeroed plane).
   *
   * <p>Four windows a step, in the rows' own lane order: a load of each row holds them, each in
   * two neighbouring lanes, and a swap of neighbours gives every lane its window's other
   * cell, so the gradients are written where the cells were read. A block that holds a NaN ends
   * the run (the caller's scalar code, which handles NaN, does the rest): comparisons that know
   * NaN made the loop too big for JDK 17's compiler, which then boxed its vectors.
   *
   * @return the number of windows done from the start of the run, a multiple of 4
   */
  static int maxBackward(float[] x, int first, int width, float[] dy, int out, float[] dx,
      int firstGradient, int count) {
    int windows = LANES / 2;
    int k = 0;
    // Each step reads eight gradients and uses four: it stops where dy has no eight left.
    for (int p = first, q = firstGradient; k + windows <= count && out + k + LANES <= dy.length;
        k += windows, p += LANES, q += LANES) {
      FloatVector top = FloatVector.fromArray(SPECIES, x, p);
      FloatVector bottom = FloatVector.fromArray(SPECIES, x, p + width);
      if (top.compare(VectorOperators.NE, top).or(bottom.compare(VectorOperators.NE, bottom))
          .anyTrue()) {
        break;
      }
      FloatVector g = FloatVector.fromArray(SPECIES, dy, out + k).add(0f);
      route(top, bottom, g.rearrange(SPREAD_LOW), dx, q, width);
    }
    return k;
  }

  /**
   * Four windows' gradients {@code g} (each in both lanes of its window) to the maxima's cells
   * of {@code dx} at {@code q} and {@code q + width}, zeros elsewhere, from the windows' rows.
   */
  private static void route(FloatVector top, FloatVector bottom, FloatVector g, float[] dx,
      int q, int width) {
    FloatVector topOther = top.rearrange(NEIGHBOUR);
    FloatVector bottomOther = bottom.rearrange(NEIGHBOUR);
    FloatVector topLeft = top.blend(topOther, ODD_LANES);
    FloatVector topRight = topOther.blend(top, ODD_LANES);
    FloatVector bottomLeft = bottom.blend(bottomOther, ODD_LANES);
    FloatVector bottomRight = bottomOther.blend(bottom, ODD_LANES);
    VectorMask<Float> topTakesRight = topRight.compare(VectorOperators.GT, topLeft);
    VectorMask<Float> bottomTakesRight = bottomRight.compare(VectorOperators.GT, bottomLeft);
    VectorMask<Float> takesBottom = bottomLeft.blend(bottomRight, bottomTakesRight)
        .compare(VectorOperators.GT, topLeft.blend(topRight, topTakesRight));
    // A row's winning lane: the one whose side (0 left, 1 right) is the side that won.
    VectorMask<Float> topWins = ZERO.blend(ONE, topTakesRight).compare(VectorOperators.EQ, SIDE);
    VectorMask<Float> bottomWins =
        ZERO.blend(ONE, bottomTakesRight).compare(VectorOperators.EQ, SIDE);
    ZERO.blend(g, topWins).blend(ZERO, takesBottom).intoArray(dx, q);
    ZERO.blend(g, bottomWins.and(takesBottom)).intoArray(dx, q + width);
  }

  /** The lanes {@code shuffle} picks of {@code first}, then of {@code second} in the upper half. */
  private static FloatVector pick(FloatVector first, FloatVector second,
      VectorShuffle<Float> shuffle) {
    return first.rearrange(shuffle).blend(second.rearrange(shuffle), UPPER_HALF);
  }

  /** The first largest of each lane's pair, {@code earlier} before {@code later}. */
  private static FloatVector winner(FloatVector earlier, FloatVector later) {
    return earlier.blend(later, beats(later, earlier));
  }

  /** Where {@code later} beats {@code earlier}: larger, or NaN where {@code earlier} is not. */
  private static VectorMask<Float> beats(FloatVector later, FloatVector earlier) {
    return later.compare(VectorOperators.GT, earlier)
        .or(later.compare(VectorOperators.NE, later)
            .and(earlier.compare(VectorOperators.EQ, earlier)));
  }
}
