package hypercolumn.runtime.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Zalando's Fashion-MNIST: 28x28 grey images of clothes in 10 classes, 60,000 for training and
 * 10,000 for testing. Read from the four IDX files as distributed, by default from where the
 * Debian package {@code dataset-fashion-mnist} installs them. Pixels are scaled to [0, 1] and
 * each sample is shaped {@code [1, 28, 28]}.
 */
public final class FashionMnist {
  /** Where {@code apt-get install dataset-fashion-mnist} puts the files. */
  public static final Path DEFAULT_DIRECTORY = Path.of("/usr/share/datasets/fashion-mnist");

  /** Class names by label, as in the data set's documentation. */
  public static final List<String> CLASS_NAMES =
      List.of(
          "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker",
          "Bag", "Ankle boot");

  private static final int ROWS = 28;
  private static final int COLUMNS = 28;

  private FashionMnist() {}

  /**
   * Loads the data set from {@link #DEFAULT_DIRECTORY}.
   *
   * @return the 60,000 training images as {@link Split#train()}, the 10,000 test images as
   *     {@link Split#test()}
   * @throws IOException if a file is missing, unreadable, or not the Fashion-MNIST file it is
   *     named after
   */
  public static Split load() throws IOException {
    return load(DEFAULT_DIRECTORY);
  }

  /**
   * Loads the data set from the four files as distributed, {@code
   * {train,t10k}-{images-idx3,labels-idx1}-ubyte}, each gzipped ({@code .gz}) or not.
   *
   * @param directory the directory that holds the four files
   * @return the 60,000 training images as {@link Split#train()}, the 10,000 test images as
   *     {@link Split#test()}
   * @throws IOException if a file is missing, unreadable, or not the Fashion-MNIST file it is
   *     named after (wrong type, dimensions, or a label outside 0 to 9)
   */
  public static Split load(Path directory) throws IOException {
    Dataset train = load(directory, "train", 60_000);
    Dataset test = load(directory, "t10k", 10_000);
    return new Split(train, test);
  }

  private static Dataset load(Path directory, String prefix, int expectedCount) throws IOException {
    IdxArray images = Idx.read(find(directory, prefix + "-images-idx3-ubyte"));
    IdxArray labels = Idx.read(find(directory, prefix + "-labels-idx1-ubyte"));
    int[] imageDims = images.dims();
    if (images.type() != IdxArray.UNSIGNED_BYTE
        || !Arrays.equals(imageDims, new int[] {expectedCount, ROWS, COLUMNS})) {
      throw new IOException(
          prefix + " images: expected unsigned bytes of dims [" + expectedCount + ", 28, 28], found "
              + images);
    }
    if (labels.type() != IdxArray.UNSIGNED_BYTE
        || !Arrays.equals(labels.dims(), new int[] {expectedCount})) {
      throw new IOException(
          prefix + " labels: expected unsigned bytes of dims [" + expectedCount + "], found "
              + labels);
    }
    byte[] pixels = images.unsignedBytes();
    float[] x = new float[pixels.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = (pixels[i] & 0xFF) / 255f;
    }
    int[] classes = labels.intValues();
    float[] y = new float[classes.length];
    for (int i = 0; i < y.length; i++) {
      if (classes[i] >= CLASS_NAMES.size()) {
        throw new IOException(
            prefix + " labels: sample " + i + " has label " + classes[i] + ", expected 0 to 9");
      }
      y[i] = classes[i];
    }
    return Dataset.wrap(x, new int[] {1, ROWS, COLUMNS}, y, 1);
  }

  /** The gzipped file as distributed, or its decompressed form. */
  private static Path find(Path directory, String name) throws IOException {
    Path gz = directory.resolve(name + ".gz");
    if (Files.isRegularFile(gz)) {
      return gz;
    }
    Path plain = directory.resolve(name);
    if (Files.isRegularFile(plain)) {
      return plain;
    }
    throw new IOException(
        "Fashion-MNIST file " + name + ".gz not found in " + directory.toAbsolutePath()
            + " (looked for " + gz.toAbsolutePath() + " and " + plain.toAbsolutePath()
            + "). Install it with 'apt-get install dataset-fashion-mnist' or pass the directory"
            + " holding the four files from https://github.com/zalandoresearch/fashion-mnist to"
            + " FashionMnist.load(Path)");
  }
}
