package hypercolumn.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * {@link Rng} against published values of SplitMix64, whose finalizer it uses: {@code bits(key,
 * i)} is the i-th output of SplitMix64 seeded with {@code key} (the state advanced i times by
 * the golden gamma, then mixed). The five outputs for seed 1234567 are the ones Rosetta Code's
 * "Pseudo-random numbers/Splitmix64" task lists. Dropout masks and initial weights are drawn
 * from these bits on both devices, so a changed constant or shift here would change both alike,
 * which no comparison of the devices could see.
 */
class RngKnownAnswerTest {
  private static final long SEED = 1234567L;
  private static final String[] OUTPUTS = {
    "6457827717110365317",
    "3203168211198807973",
    "9817491932198370423",
    "4593380528125082431",
    "16408922859458223821",
  };

  @Test
  void bitsAreSplitMix64sOutputsForTheKeyAsSeed() {
    for (int i = 1; i <= OUTPUTS.length; i++) {
      assertEquals(Long.parseUnsignedLong(OUTPUTS[i - 1]), Rng.bits(SEED, i), "output " + i);
    }
  }

  @Test
  void uniformIsTheTop24BitsScaledToTheUnitInterval() {
    for (int i = 1; i <= OUTPUTS.length; i++) {
      long top24 = Long.parseUnsignedLong(OUTPUTS[i - 1]) >>> 40;
      assertEquals(top24 / 16777216.0f, Rng.uniform(SEED, i), "uniform " + i);
    }
  }
}
