package hypercolumn.runtime.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The micro-kernel of {@link ImplicitConvolution} on 256-bit vectors: a 6 x 16 tile of twelve
 * accumulators, updated for every {@code t} of a range by
 * {@code tile[i][j] += x[row_i + columns[t]] * v[t][j]}. It is the GEMM's micro-kernel ({@link
 * VectorMicroKernel}) with its A operand read in place: row {@code i} of A is the image {@code
 * x} seen through an index table, so a convolution needs no column matrix and no packing of it.
 * The forward pass walks a kernel window ({@code row_i} an output cell's corner, {@code columns}
 * the window's offsets); the filter gradient walks the output cells ({@code row_i} a window
 * offset, {@code columns} the cells' corners).
 *
 * <p>{@code v} holds {@code NR} values per {@code t} (a panel of output channels); the tile is
 * read from and written back to {@code tile} at {@code t0}, row {@code i} at {@code t0 + i *
 * NR}, so a caller that zeroes it gets the product and one that keeps it accumulates over calls.
 * Each value sums its products in the order of {@code t}, one rounding per product.
 */
final class GatherMicroKernel {
  static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_256;
  static final int LANES = 8;
  static final int MR = 6;
  static final int NR = 2 * LANES;

  private GatherMicroKernel() {}

  /** The tile at {@code t0} plus, for each {@code t} in {@code [from, from + count)}, row {@code i}'s value times {@code v}'s. */
  static void multiply(int count, float[] x, int[] rows, int[] columns, int from, float[] v,
      int vi, float[] tile, int t0) {
    int row0 = rows[0];
    int row1 = rows[1];
    int row2 = rows[2];
    int row3 = rows[3];
    int row4 = rows[4];
    int row5 = rows[5];
    FloatVector c00 = FloatVector.fromArray(SPECIES, tile, t0);
    FloatVector c01 = FloatVector.fromArray(SPECIES, tile, t0 + LANES);
    FloatVector c10 = FloatVector.fromArray(SPECIES, tile, t0 + NR);
    FloatVector c11 = FloatVector.fromArray(SPECIES, tile, t0 + NR + LANES);
    FloatVector c20 = FloatVector.fromArray(SPECIES, tile, t0 + 2 * NR);
    FloatVector c21 = FloatVector.fromArray(SPECIES, tile, t0 + 2 * NR + LANES);
    FloatVector c30 = FloatVector.fromArray(SPECIES, tile, t0 + 3 * NR);
    FloatVector c31 = FloatVector.fromArray(SPECIES, tile, t0 + 3 * NR + LANES);
    FloatVector c40 = FloatVector.fromArray(SPECIES, tile, t0 + 4 * NR);
    FloatVector c41 = FloatVector.fromArray(SPECIES, tile, t0 + 4 * NR + LANES);
    FloatVector c50 = FloatVector.fromArray(SPECIES, tile, t0 + 5 * NR);
    FloatVector c51 = FloatVector.fromArray(SPECIES, tile, t0 + 5 * NR + LANES);
    for (int t = from, vp = vi; t < from + count; t++, vp += NR) {
      int column = columns[t];
      FloatVector b0 = FloatVector.fromArray(SPECIES, v, vp);
      FloatVector b1 = FloatVector.fromArray(SPECIES, v, vp + LANES);
      FloatVector a = FloatVector.broadcast(SPECIES, x[row0 + column]);
      c00 = b0.fma(a, c00);
      c01 = b1.fma(a, c01);
      a = FloatVector.broadcast(SPECIES, x[row1 + column]);
      c10 = b0.fma(a, c10);
      c11 = b1.fma(a, c11);
      a = FloatVector.broadcast(SPECIES, x[row2 + column]);
      c20 = b0.fma(a, c20);
      c21 = b1.fma(a, c21);
      a = FloatVector.broadcast(SPECIES, x[row3 + column]);
      c30 = b0.fma(a, c30);
      c31 = b1.fma(a, c31);
      a = FloatVector.broadcast(SPECIES, x[row4 + column]);
      c40 = b0.fma(a, c40);
      c41 = b1.fma(a, c41);
      a = FloatVector.broadcast(SPECIES, x[row5 + column]);
      c50 = b0.fma(a, c50);
      c51 = b1.fma(a, c51);
    }
    c00.intoArray(tile, t0);
    c01.intoArray(tile, t0 + LANES);
    c10.intoArray(tile, t0 + NR);
    c11.intoArray(tile, t0 + NR + LANES);
    c20.intoArray(tile, t0 + 2 * NR);
    c21.intoArray(tile, t0 + 2 * NR + LANES);
    c30.intoArray(tile, t0 + 3 * NR);
    c31.intoArray(tile, t0 + 3 * NR + LANES);
    c40.intoArray(tile, t0 + 4 * NR);
    c41.intoArray(tile, t0 + 4 * NR + LANES);
    c50.intoArray(tile, t0 + 5 * NR);
    c51.intoArray(tile, t0 + 5 * NR + LANES);
  }
}
