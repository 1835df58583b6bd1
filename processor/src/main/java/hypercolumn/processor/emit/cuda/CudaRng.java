package hypercolumn.processor.emit.cuda;

/**
 * The counter-based generator of {@code hypercolumn.runtime.Rng} as CUDA device functions.
 * Java's {@code >>>} on a long is a logical shift and its multiplication wraps modulo 2^64,
 * which is what {@code >>} and {@code *} do on {@code unsigned long long}; the top 24 bits
 * convert to float exactly and the scale is a power of two, so every value is bit for bit the
 * one {@code Rng.uniform} returns.
 */
public final class CudaRng {
  private CudaRng() {}

  /**
   * The functions exactly as each CUDA source contains them. The only CUDA in it is {@code
   * __device__}, so a host compiler reads it once that is defined away.
   */
  public static final String SOURCE = String.join("\n",
      "static __device__ inline unsigned long long rng_mix(unsigned long long z) {",
      "  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;",
      "  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;",
      "  return z ^ (z >> 31);",
      "}",
      "",
      "/* Rng.uniform(key, index): a float in [0, 1) with 24 random bits. */",
      "static __device__ inline float rng_uniform(unsigned long long key, unsigned long long index) {",
      "  return (float) (rng_mix(key + index * 0x9E3779B97F4A7C15ULL) >> 40) * (1.0f / 16777216.0f);",
      "}",
      "");

  /** The call that draws element {@code i}'s number in a kernel. */
  static final String UNIFORM_AT_ELEMENT = "rng_uniform(rngKey, (unsigned long long) i)";
}
