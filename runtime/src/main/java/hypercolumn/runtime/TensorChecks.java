package hypercolumn.runtime;

/**
 * The argument checks every device makes before touching memory, so a wrong offset or leading
 * dimension fails with the same message on the CPU and on a GPU instead of corrupting memory.
 */
public final class TensorChecks {
  private TensorChecks() {}

  /**
   * Checks that {@code count} floats from {@code offset} fit a tensor of {@code length} floats.
   *
   * @param length the tensor's size in floats
   * @param offset the first float of the range
   * @param count the number of floats in the range
   * @param name what the tensor is to the caller, for the message
   * @throws IndexOutOfBoundsException if the offset or count is negative or the range ends past
   *     {@code length}
   */
  public static void checkRange(int length, int offset, int count, String name) {
    if (offset < 0 || count < 0 || (long) offset + count > length) {
      throw new IndexOutOfBoundsException(
          name + ": " + count + " floats from offset " + offset + " do not fit a tensor of "
              + length);
    }
  }

  /**
   * Checks that a row-major {@code rows x columns} matrix, whose rows start {@code leading}
   * floats apart, fits a tensor of {@code length} floats from {@code offset}.
   *
   * @param length the tensor's size in floats
   * @param offset the matrix's first float
   * @param rows the number of rows
   * @param columns the number of floats per row
   * @param leading the distance in floats from one row's start to the next's
   * @param name what the matrix is to the caller, for the message
   * @throws IllegalArgumentException if {@code leading < columns}
   * @throws IndexOutOfBoundsException if the offset is negative or the last row ends past
   *     {@code length}
   */
  public static void checkMatrix(
      int length, int offset, int rows, int columns, int leading, String name) {
    if (leading < columns) {
      throw new IllegalArgumentException(
          "leading dimension of " + name + " must be >= " + columns + ", found " + leading);
    }
    long last = offset + (long) (rows - 1) * leading + columns;
    if (offset < 0 || last > length) {
      throw new IndexOutOfBoundsException(
          name + ": a " + rows + "x" + columns + " matrix with leading dimension " + leading
              + " from offset " + offset + " does not fit a tensor of " + length);
    }
  }

  /**
   * Checks that the sizes of a matrix product {@code C[m x n] = A[m x k] B[k x n]} are not
   * negative.
   *
   * @param m the rows of the product
   * @param n the columns of the product
   * @param k the length of each dot product
   * @throws IllegalArgumentException if a size is negative
   */
  public static void checkGemmSizes(int m, int n, int k) {
    if (m < 0 || n < 0 || k < 0) {
      throw new IllegalArgumentException(
          "gemm sizes must be >= 0, found m=" + m + ", n=" + n + ", k=" + k);
    }
  }

  /**
   * Each of the first {@code rows} labels is a class index in {@code [0, classes)}, stored as a
   * float; the message is the one the CPU's softmax cross-entropy gives.
   *
   * @param labels the labels, on the host
   * @param rows the number of labels to check, from index 0
   * @param classes the number of classes
   * @throws IllegalArgumentException naming the first row whose label is not a whole number in
   *     {@code [0, classes)}
   */
  public static void checkClassLabels(float[] labels, int rows, int classes) {
    for (int r = 0; r < rows; r++) {
      float label = labels[r];
      if ((int) label != label || label < 0 || label >= classes) {
        throw new IllegalArgumentException("label of row " + r + " must be a class index in [0, "
            + classes + "), found " + label);
      }
    }
  }
}
