package hypercolumn.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistTest {
  @TempDir Path dir;

  @Test
  void missingFileSaysWhichFileWhereAndHowToGetIt() {
    IOException e = assertThrows(IOException.class, () -> FashionMnist.load(dir));
    assertTrue(e.getMessage().contains("train-images-idx3-ubyte.gz"), e.getMessage());
    assertTrue(e.getMessage().contains(dir.toAbsolutePath().toString()), e.getMessage());
    assertTrue(e.getMessage().contains("apt-get install dataset-fashion-mnist"), e.getMessage());
  }

  @Test
  void wrongDimsAreReported() throws IOException {
    Files.write(
        dir.resolve("train-images-idx3-ubyte.gz"),
        IdxTest.gzip(IdxTest.idx(0x08, new int[] {2, 28, 28}, new byte[2 * 784])));
    Files.write(
        dir.resolve("train-labels-idx1-ubyte.gz"),
        IdxTest.gzip(IdxTest.idx(0x08, new int[] {2}, new byte[2])));
    IOException e = assertThrows(IOException.class, () -> FashionMnist.load(dir));
    assertTrue(e.getMessage().contains("expected unsigned bytes of dims [60000, 28, 28]"), e.getMessage());
  }

  @Test
  void loadsTheInstalledDataSet() throws IOException {
    assumeTrue(
        Files.isRegularFile(FashionMnist.DEFAULT_DIRECTORY.resolve("t10k-labels-idx1-ubyte.gz")),
        "dataset-fashion-mnist is not installed");
    Split s = FashionMnist.load();
    assertEquals(60_000, s.train().size());
    assertEquals(10_000, s.test().size());
    assertArrayEquals(new int[] {1, 28, 28}, s.train().sampleShape());
    float min = Float.MAX_VALUE;
    float max = -Float.MAX_VALUE;
    float[] x = s.test().features();
    for (float v : x) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    assertEquals(0f, min);
    assertEquals(1f, max);
    int[] counts = new int[10];
    for (int label : s.test().classLabels()) {
      counts[label]++;
    }
    // The test set is balanced: 1,000 images of each class.
    for (int c = 0; c < 10; c++) {
      assertEquals(1000, counts[c], FashionMnist.CLASS_NAMES.get(c));
    }
  }
}
