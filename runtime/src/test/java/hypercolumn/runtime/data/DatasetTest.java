package hypercolumn.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hypercolumn.testing.Tolerance;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DatasetTest {
  private static Dataset counting(int n) {
    float[][] x = new float[n][2];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      x[i][0] = i;
      x[i][1] = -i;
      y[i] = i % 3;
    }
    return Dataset.of(x, y);
  }

  @Test
  void factoriesAgreeOnLayout() {
    Dataset d = Dataset.of(new float[][] {{1, 2}, {3, 4}}, new float[][] {{5}, {6}});
    assertEquals(2, d.size());
    assertEquals(2, d.featureSize());
    assertEquals(1, d.labelSize());
    assertArrayEquals(new float[] {1, 2, 3, 4}, d.features());
    Dataset e = Dataset.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, new int[] {2, 2}, new float[] {0, 1, 1, 0}, 2);
    assertEquals(2, e.size());
    assertArrayEquals(new int[] {2, 2}, e.sampleShape());
    assertEquals(1f, e.label(1, 0));
  }

  @Test
  void nanFeatureIsRejectedWithSampleAndFeatureIndex() {
    float[][] x = {{1, 2, 3}, {4, Float.NaN, 6}};
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Dataset.of(x, new int[] {0, 1}));
    assertTrue(e.getMessage().contains("sample 1 has feature 1 = NaN"), e.getMessage());
  }

  @Test
  void infiniteFeatureIsRejected() {
    float[] x = {1, 2, Float.POSITIVE_INFINITY, 4};
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Dataset.of(x, new int[] {2}, new float[] {0, 1}, 1));
    assertTrue(e.getMessage().contains("sample 1 has feature 0 = Infinity"), e.getMessage());
  }

  @Test
  void mismatchedCountsAreRejected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Dataset.of(new float[][] {{1}, {2}}, new int[] {0}));
    assertTrue(e.getMessage().contains("2 samples, found 1 labels"), e.getMessage());
    IllegalArgumentException ragged =
        assertThrows(
            IllegalArgumentException.class,
            () -> Dataset.of(new float[][] {{1, 2}, {3}}, new int[] {0, 1}));
    assertTrue(ragged.getMessage().contains("row 1 has 1"), ragged.getMessage());
  }

  @Test
  void permutationIsSeededAndComplete() {
    Dataset d = counting(100);
    int[] a = d.permutation(7);
    assertArrayEquals(a, d.permutation(7));
    assertFalse(Arrays.equals(a, d.permutation(8)));
    int[] sorted = a.clone();
    Arrays.sort(sorted);
    assertArrayEquals(d.identityOrder(), sorted);
    assertFalse(Arrays.equals(a, d.identityOrder()));
  }

  @Test
  void splitIsDisjointSeededAndCoversEverything() {
    Dataset d = counting(10);
    Split s = d.split(0.7, 3);
    assertEquals(7, s.train().size());
    assertEquals(3, s.test().size());
    float[] seen = new float[10];
    for (Dataset part : new Dataset[] {s.train(), s.test()}) {
      for (int i = 0; i < part.size(); i++) {
        int id = (int) part.feature(i, 0);
        seen[id]++;
        assertEquals(-id, part.feature(i, 1));
        assertEquals(id % 3, part.label(i, 0));
      }
    }
    float[] ones = new float[10];
    Arrays.fill(ones, 1);
    assertArrayEquals(ones, seen);
    assertArrayEquals(s.train().features(), d.split(0.7, 3).train().features());
  }

  @Test
  void copyBatchFollowsOrder() {
    Dataset d = counting(5);
    float[] x = new float[6];
    float[] y = new float[3];
    d.copyBatch(new int[] {4, 0, 2, 1}, 1, 3, x, y);
    assertArrayEquals(new float[] {0, 0, 2, -2, 1, -1}, x);
    assertArrayEquals(new float[] {0, 2, 1}, y);
  }

  @Test
  void takeKeepsThePrefix() {
    Dataset d = counting(5).take(2);
    assertEquals(2, d.size());
    assertArrayEquals(new float[] {0, 0, 1, -1}, d.features());
  }

  @Test
  void rowsAreCopiesOfEachSamplesFeatures() {
    Dataset d = Dataset.of(new float[][] {{1, 2, 3}, {4, 5, 6}}, new int[] {0, 1});
    float[][] rows = d.rows();
    assertEquals(2, rows.length);
    assertArrayEquals(new float[] {1, 2, 3}, rows[0]);
    assertArrayEquals(new float[] {4, 5, 6}, rows[1]);
    rows[0][0] = 99;
    assertEquals(1f, d.feature(0, 0), "rows() must not share the data set's array");
  }

  @Test
  void classLabelValidationReportsFirstBadSample() {
    Dataset d = Dataset.of(new float[][] {{0}, {1}, {2}}, new float[][] {{0}, {1.5f}, {7}});
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> d.validateClassLabels(3, "network N"));
    assertTrue(e.getMessage().contains("sample 1 has label 1.5"), e.getMessage());
  }

  @Test
  void reshapeChecksElementCount() {
    Dataset d = Dataset.of(new float[12], new int[] {6}, new float[2], 1);
    assertArrayEquals(new int[] {2, 3}, d.reshape(2, 3).sampleShape());
    assertThrows(IllegalArgumentException.class, () -> d.reshape(4, 2));
  }

  @Test
  void scalerStandardizesAndKeepsConstantFeaturesFinite() {
    Dataset d = Dataset.of(new float[][] {{1, 5}, {3, 5}, {5, 5}}, new int[] {0, 1, 0});
    StandardScaler s = StandardScaler.fit(d);
    assertArrayEquals(new float[] {3, 5}, s.mean());
    Tolerance.assertWithin("standard deviations", new double[] {Math.sqrt(8.0 / 3), 1}, s.std(), 1e-6);
    Dataset t = s.transform(d);
    float[] x = t.features();
    Tolerance.assertWithin("sum of the standardized first feature", 0, x[0] + x[2] + x[4], 1e-6);
    Tolerance.assertWithin("its symmetry", -x[0], x[4], 1e-6);
    assertEquals(0, x[1]);
    assertArrayEquals(d.labels(), t.labels());
  }

  @Test
  void oneHotEncodesAndRejectsOutOfRange() {
    float[][] rows = OneHot.encode(new int[] {2, 0}, 3);
    assertArrayEquals(new float[] {0, 0, 1}, rows[0]);
    assertArrayEquals(new float[] {1, 0, 0}, rows[1]);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> OneHot.encode(new int[] {1, 3}, 3));
    assertTrue(e.getMessage().contains("sample 1 is 3, expected a class in [0, 3)"), e.getMessage());
  }

  @Test
  void scaleMultipliesFeatures() {
    Dataset d = Dataset.of(new float[][] {{255, 51}}, new int[] {0}).scale(1 / 255f);
    Tolerance.assertWithin("scaled features", new double[] {1, 0.2}, d.features(), 1e-7);
  }

  @Test
  void imagesOfAnotherLayoutAreRefusedWithBothShapes() {
    Dataset channelsLast = Dataset.of(new float[2 * 4 * 3 * 1], new int[] {4, 3, 1}, new float[] {0, 1}, 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> channelsLast.validateFeatureSize(12, new int[] {1, 4, 3}, "network Cnn"));
    assertTrue(e.getMessage().contains("network Cnn expects images of (C, H, W) = (1, 4, 3)"), e.getMessage());
    assertTrue(e.getMessage().contains("images are (C, H, W) = (4, 3, 1)"), e.getMessage());
  }

  @Test
  void imagesOfTheNetworksShapeAndFlatSamplesOfItsSizeAreTaken() {
    Dataset images = Dataset.of(new float[2 * 12], new int[] {1, 4, 3}, new float[] {0, 1}, 1);
    images.validateFeatureSize(12, new int[] {1, 4, 3}, "network Cnn");
    Dataset flat = Dataset.of(new float[2 * 12], new int[] {12}, new float[] {0, 1}, 1);
    flat.validateFeatureSize(12, new int[] {1, 4, 3}, "network Cnn");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> flat.validateFeatureSize(13, new int[] {1, 13, 1}, "network Cnn"));
    assertTrue(e.getMessage().contains("expects 13 features"), e.getMessage());
  }
}
