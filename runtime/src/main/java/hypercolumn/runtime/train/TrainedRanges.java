package hypercolumn.runtime.train;

import hypercolumn.runtime.Parameter;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The ranges of a model's flat parameter buffer that a fit trains, given the layers frozen for
 * it. Worked out once per fit, so a training step only walks a few start, count pairs.
 *
 * <p>A model places its state tensors after its trainable parameters. The optimizer updates
 * {@code [0, updateCount)} in one pass: the trainable parameters up to the end of the last one
 * that is not frozen (so freezing the last layers shrinks the pass, and state is never in it).
 * A frozen layer inside that range still gets its gradients from backward (the generated
 * backward writes every gradient), but they are {@linkplain #zeroed() zeroed} before each
 * update, so the optimizer never sees them: with a zero gradient and the zero state that {@link
 * Optimizer#attach} starts from, every rule of the runtime (SGD with or without momentum,
 * RMSprop, Adam) leaves the parameter and its state exactly as they were, bit for bit. Penalties
 * apply only to {@linkplain #regularized() trained weights}.
 */
final class TrainedRanges {
  private final int updateCount;
  private final int[] regularized;
  private final int[] zeroed;
  private final long trainableCount;
  private final long nonTrainableCount;

  private TrainedRanges(int updateCount, int[] regularized, int[] zeroed, long trainableCount,
      long nonTrainableCount) {
    this.updateCount = updateCount;
    this.regularized = regularized;
    this.zeroed = zeroed;
    this.trainableCount = trainableCount;
    this.nonTrainableCount = nonTrainableCount;
  }

  /**
   * The ranges for a model with these parameters (in buffer order) and frozen layers.
   *
   * @throws IllegalArgumentException if a trainable parameter follows a state tensor
   */
  static TrainedRanges of(List<Parameter> parameters, Set<String> frozenLayers) {
    int updateCount = 0;
    long trainable = 0;
    long nonTrainable = 0;
    Parameter firstState = null;
    for (Parameter p : parameters) {
      if (!p.trainable()) {
        firstState = firstState == null ? p : firstState;
        nonTrainable += p.size();
      } else if (firstState != null) {
        throw new IllegalArgumentException("trainable parameter " + p.name() + " follows state tensor "
            + firstState.name() + "; a model places its state after every trainable parameter");
      } else if (frozenLayers.contains(p.layer())) {
        nonTrainable += p.size();
      } else {
        trainable += p.size();
        updateCount = Math.max(updateCount, p.offset() + p.size());
      }
    }
    Ranges regularized = new Ranges(parameters.size());
    Ranges zeroed = new Ranges(parameters.size());
    for (Parameter p : parameters) {
      boolean frozen = frozenLayers.contains(p.layer());
      if (p.trainable() && !frozen && p.regularized()) {
        regularized.add(p.offset(), p.size());
      }
      if (p.trainable() && frozen && p.offset() < updateCount) {
        zeroed.add(p.offset(), p.size());
      }
    }
    return new TrainedRanges(updateCount, regularized.toArray(), zeroed.toArray(), trainable, nonTrainable);
  }

  /** Floats from offset 0 that the optimizer updates. */
  int updateCount() {
    return updateCount;
  }

  /** Start, count pairs of the weights that penalties apply to, adjacent ones merged. */
  int[] regularized() {
    return regularized.clone();
  }

  /** Start, count pairs of frozen parameters inside the update range, adjacent ones merged. */
  int[] zeroed() {
    return zeroed.clone();
  }

  /** Parameters the fit trains. */
  long trainableCount() {
    return trainableCount;
  }

  /** Parameters of frozen layers and state tensors. */
  long nonTrainableCount() {
    return nonTrainableCount;
  }

  /** Start, count pairs in buffer order, each merged with the one before where they touch. */
  private static final class Ranges {
    private final int[] pairs;
    private int n;

    Ranges(int capacity) {
      pairs = new int[2 * capacity];
    }

    void add(int start, int count) {
      if (count == 0) {
        return;
      }
      if (n > 0 && pairs[n - 2] + pairs[n - 1] == start) {
        pairs[n - 1] += count;
      } else {
        pairs[n++] = start;
        pairs[n++] = count;
      }
    }

    int[] toArray() {
      return Arrays.copyOf(pairs, n);
    }
  }
}
