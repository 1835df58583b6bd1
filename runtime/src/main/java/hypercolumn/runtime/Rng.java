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

  /**
   * Mixes a seed, a stream and a counter into one key, so that numbers drawn for different
   * purposes or steps of one seeded run are independent.
   *
   * @param seed the run's seed, any value
   * @param stream what the numbers are for, such as 0 for shuffling and 1 for dropout
   * @param counter which draw of that stream, such as the epoch or the training step
   * @return the key to pass to {@link #bits} and {@link #uniform}
   */
  public static long key(long seed, long stream, long counter) {
    long h = mix(seed + 0x9E3779B97F4A7C15L);
    h = mix(h ^ (stream * 0xD1B54A32D192ED03L));
    return mix(h ^ (counter * 0xAEF17502108EF2D9L));
  }

  /**
   * The random bits of one element.
   *
   * @param key a key from {@link #key}
   * @param index the element's index, any value
   * @return 64 well-mixed bits, the same for the same key and index on every device
   */
  public static long bits(long key, long index) {
    return mix(key + index * 0x9E3779B97F4A7C15L);
  }

  /**
   * A uniform float for one element, as dropout draws it: the top 24 bits of {@link #bits}
   * scaled by 2<sup>-24</sup>, so every value is a multiple of 2<sup>-24</sup> and 1 is never
   * reached.
   *
   * @param key a key from {@link #key}
   * @param index the element's index, any value
   * @return a float in [0, 1), bit for bit the one the CUDA kernels compute
   */
  public static float uniform(long key, long index) {
    return (bits(key, index) >>> 40) * 0x1.0p-24f;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
