package hypercolumn.runtime;

/**
 * Counter-based random numbers: each value is a hash of a key and an element index, with no
 * state carried from one value to the next. The same key and index give the same value on
 * every device and in every thread order, which makes dropout masks and initial weights
 * identical on CPU and GPU and a seeded run repeat exactly.
 *
 * <p>The hash is SplitMix64's finalizer, which passes BigCrush as a counter-based generator
 * when keys are themselves well mixed; {@link #key} mixes (seed, stream, counter) into one.
 * The CUDA kernels carry the same arithmetic on {@code unsigned long long}.
 */
public final class Rng {
  private Rng() {}

  /** Mixes a seed, a stream (what the numbers are for) and a counter (a step) into a key. */
  public static long key(long seed, long stream, long counter) {
    long h = mix(seed + 0x9E3779B97F4A7C15L);
    h = mix(h ^ (stream * 0xD1B54A32D192ED03L));
    return mix(h ^ (counter * 0xAEF17502108EF2D9L));
  }

  /** 64 well-mixed bits for element {@code index} under {@code key}. */
  public static long bits(long key, long index) {
    return mix(key + index * 0x9E3779B97F4A7C15L);
  }

  /** A float uniform in [0, 1) with 24 random bits, for element {@code index} under {@code key}. */
  public static float uniform(long key, long index) {
    return (bits(key, index) >>> 40) * 0x1.0p-24f;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
