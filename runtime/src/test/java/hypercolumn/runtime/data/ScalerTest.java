package hypercolumn.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hypercolumn.testing.Tolerance;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The scalers against means, standard deviations, minima and maxima worked out by hand for the
 * three samples {@code (1, 10), (2, 20), (3, 60)}, and their metadata round trip.
 */
class ScalerTest {
  private static final Dataset THREE = Dataset.of(
      new float[][] {{1, 10, 7}, {2, 20, 7}, {3, 60, 7}}, new int[] {0, 1, 0});

  @Test
  void theStandardScalerUsesThePopulationStandardDeviation() {
    StandardScaler scaler = StandardScaler.fit(THREE);
    // Means 2, 30, 7. Deviations (-1, 0, 1): sqrt(2/3); (-20, -10, 30): sqrt(1400/3); constant: 0 -> 1.
    Tolerance.assertWithin("mean", new float[] {2, 30, 7}, scaler.mean(), 1e-7);
    Tolerance.assertWithin("std",
        new float[] {(float) Math.sqrt(2.0 / 3), (float) Math.sqrt(1400.0 / 3), 1}, scaler.std(), 1e-7);
    // (4 - 2) / 0.8164966 = 2.4494897; (30 - 30) / 21.6 = 0; (9 - 7) / 1 = 2.
    Tolerance.assertWithin("one sample", new float[] {2.4494897f, 0f, 2f},
        scaler.transform(new float[] {4, 30, 9}), 1e-6);
    Dataset scaled = scaler.transform(THREE);
    Tolerance.assertWithin("first sample", new float[] {-1.2247449f, -0.9258201f, 0f},
        new float[] {scaled.feature(0, 0), scaled.feature(0, 1), scaled.feature(0, 2)}, 1e-6);
    assertArrayEquals(THREE.labels(), scaled.labels(), "labels kept");
  }

  @Test
  void transformingOneSampleGivesWhatTransformingItsDataSetGives() {
    StandardScaler scaler = StandardScaler.fit(THREE);
    Dataset scaled = scaler.transform(THREE);
    float[] one = scaler.transform(new float[] {3, 60, 7});
    for (int j = 0; j < 3; j++) {
      assertEquals(Float.floatToIntBits(scaled.feature(2, j)), Float.floatToIntBits(one[j]), "feature " + j);
    }
  }

  @Test
  void theMinMaxScalerMapsTheFittedRangeOntoTheTarget() {
    MinMaxScaler unit = MinMaxScaler.fit(THREE);
    assertArrayEquals(new float[] {1, 10, 7}, unit.min());
    assertArrayEquals(new float[] {3, 60, 7}, unit.max());
    // (2 - 1) / 2 = 0.5; (35 - 10) / 50 = 0.5; constant: 8 - 7 = 1; outside the range: (5 - 1) / 2 = 2.
    Tolerance.assertWithin("[0, 1]", new float[] {0.5f, 0.5f, 1f}, unit.transform(new float[] {2, 35, 8}), 1e-7);
    Tolerance.assertWithin("not clipped", new float[] {2f, 0f, 0f}, unit.transform(new float[] {5, 10, 7}), 1e-7);
    MinMaxScaler symmetric = MinMaxScaler.fit(THREE, -1, 1);
    // -1 + 0.5 * 2 = 0; -1 + (60 - 10) / 50 * 2 = 1.
    Tolerance.assertWithin("[-1, 1]", new float[] {0f, 1f, -1f}, symmetric.transform(new float[] {2, 60, 7}), 1e-7);
  }

  @Test
  void aScalerReadsBackFromItsMetadataBitForBit() {
    StandardScaler standard = StandardScaler.fit(THREE);
    Map<String, String> metadata = standard.toMetadata();
    assertEquals("standard", metadata.get("hypercolumn.scaler"));
    StandardScaler back = (StandardScaler) Scaler.fromMetadata(metadata).orElseThrow();
    assertArrayEquals(standard.mean(), back.mean());
    assertArrayEquals(standard.std(), back.std());
    MinMaxScaler minMax = MinMaxScaler.fit(THREE, -1, 1);
    MinMaxScaler minMaxBack = (MinMaxScaler) Scaler.fromMetadata(minMax.toMetadata()).orElseThrow();
    assertArrayEquals(minMax.transform(new float[] {2.5f, 11, 3}), minMaxBack.transform(new float[] {2.5f, 11, 3}));
    assertTrue(Scaler.fromMetadata(Map.of("format", "pt")).isEmpty());
  }

  @Test
  void malformedMetadataAndAWrongWidthAreRejected() {
    Map<String, String> metadata = new HashMap<>(StandardScaler.fit(THREE).toMetadata());
    metadata.put("hypercolumn.scaler.std", "1,2");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Scaler.fromMetadata(metadata));
    assertEquals("hypercolumn.scaler.std has 2 values, expected 3", e.getMessage());
    IllegalArgumentException width = assertThrows(IllegalArgumentException.class,
        () -> StandardScaler.fit(THREE).transform(new float[] {1, 2}));
    assertEquals("scaler was fitted on 3 features per sample, the sample has 2", width.getMessage());
  }
}
