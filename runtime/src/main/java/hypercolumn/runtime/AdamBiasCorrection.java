package hypercolumn.runtime;

/**
 * The two host-side factors of an Adam step, computed in double as torch.optim.Adam does, so
 * every device feeds its update kernel the same floats: {@code p -= stepSize * m / (sqrt(v) /
 * secondMomentScale + eps)}.
 */
public final class AdamBiasCorrection {
  private AdamBiasCorrection() {}

  /** {@code lr / (1 - beta1^step)}. */
  public static float stepSize(float lr, float beta1, int step) {
    checkStep(step);
    return (float) (lr / (1 - Math.pow(beta1, step)));
  }

  /** {@code sqrt(1 - beta2^step)}. */
  public static float secondMomentScale(float beta2, int step) {
    checkStep(step);
    return (float) Math.sqrt(1 - Math.pow(beta2, step));
  }

  /** Adam counts its steps from 1. */
  public static void checkStep(int step) {
    if (step < 1) {
      throw new IllegalArgumentException("Adam step must be >= 1, found " + step);
    }
  }
}
