package hypercolumn.benchmarks;

import hypercolumn.runtime.train.Callback;
import hypercolumn.runtime.train.EpochResult;
import hypercolumn.runtime.train.TrainingContext;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The benchmark's side of {@code benchmarks/scripts/lockstep.py}, which runs this benchmark and
 * PyTorch's side by side, one epoch or inference pass at a time, so that load from other
 * processes falls on both alike. Before each timed unit, {@link #waitForTurn} prints {@value
 * #READY} and reads a line from standard input; once standard input is closed it no longer
 * waits. Disabled, it does nothing.
 */
final class Lockstep implements Callback {
  static final String READY = "lockstep: ready";

  private final boolean enabled;
  private BufferedReader input;

  Lockstep(boolean enabled) {
    this.enabled = enabled;
  }

  /** Says this side is ready and waits to be let go. */
  void waitForTurn() {
    if (!enabled) {
      return;
    }
    System.out.println(READY);
    System.out.flush();
    try {
      if (input == null) {
        input = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      }
      input.readLine();
    } catch (IOException e) {
      throw new UncheckedIOException("lockstep: reading standard input", e);
    }
  }

  /** Before the first epoch. */
  @Override
  public void onTrainBegin(TrainingContext context) {
    waitForTurn();
  }

  /** Before every epoch after the first: the epoch's timer starts after this returns. */
  @Override
  public boolean onEpochEnd(TrainingContext context, EpochResult epoch) {
    if (epoch.epoch() < context.epochs()) {
      waitForTurn();
    }
    return false;
  }
}
