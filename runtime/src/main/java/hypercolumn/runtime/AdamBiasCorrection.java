package hypercolumn.runtime;

/**
 * The two host-side factors of an Adam step, computed in double as torch.optim.Adam does, so
 * every device feeds its update kernel the same floats: {@code p -= stepSize * m / (sqrt(v) /
 * secondMomentScale + eps)}.
 */
public final class AdamBiasCorrection {
  private AdamBiasCorrection() {}

  /**
   * {@return the step size {@code lr / (1 - beta1^step)}, computed in double and then rounded to
   * float}
   *
   * @param lr the learning rate
   * @param beta1 the decay of the first moment, in {@code [0, 1)}
   * @param step the number of this step, from 1
   * @throws IllegalArgumentException if {@code step < 1}
   */
  public static float stepSize(float lr, float beta1, int step) {
    checkStep(step);
    return (float) (lr / (1 - Math.pow(beta1, step)));
  }

  /**
   * {@return the second moment's scale {@code sqrt(1 - beta2^step)}, computed in double and then
   * rounded to float}
   *
   * @param beta2 the decay of the second moment, in {@code [0, 1)}
   * @param step the number of this step, from 1
   * @throws IllegalArgumentException if {@code step < 1}
   */
  public static float secondMomentScale(float beta2, int step) {
    checkStep(step);
    return (float) Math.sqrt(1 - Math.pow(beta2, step));
  }

  /**
   * Checks a step number, the same way on every device: Adam counts its steps from 1.
   *
   * @param step the number of the step
   * @throws IllegalArgumentException if {@code step < 1}
   */
  public static void checkStep(int step) {
    if (step < 1) {
      throw new IllegalArgumentException("Adam step must be >= 1, found " + step);
    }
  }
}
