package hypercolumn.runtime.train;

import static java.nio.charset.StandardCharsets.UTF_8;

import hypercolumn.runtime.io.AtomicFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Writes a row per epoch to a CSV file, as Keras's {@code CSVLogger}: {@code
 * epoch,loss,acc,val_loss,val_acc,learning_rate,seconds}, a field left empty where the value was
 * not measured. The whole file is rewritten after every epoch through a temporary file and a
 * rename ({@link AtomicFile}, not forced to disk, which would cost more than a short epoch), so a
 * reader, or a run killed mid-write, never sees a half-written row. The learning rate is the
 * optimizer's when this callback runs: list the logger before a schedule to log the rate each
 * epoch trained with. A failed write throws {@link UncheckedIOException} from the fit.
 */
public final class CsvLogger implements Callback {
  /** The header line. */
  public static final String HEADER = "epoch,loss,acc,val_loss,val_acc,learning_rate,seconds";

  private final Path file;
  private final StringBuilder rows = new StringBuilder();

  private CsvLogger(Path file) {
    this.file = file;
  }

  /**
   * A logger that writes {@code file}, replacing it when the fit begins.
   *
   * @param file the CSV file; its directory must exist
   * @return the callback to pass to {@link Trainer#callbacks}
   */
  public static CsvLogger to(Path file) {
    if (file == null) {
      throw new IllegalArgumentException("file must not be null");
    }
    return new CsvLogger(file);
  }

  @Override
  public void onTrainBegin(TrainingContext context) {
    rows.setLength(0);
    rows.append(HEADER).append('\n');
    write();
  }

  @Override
  public boolean onEpochEnd(TrainingContext context, EpochResult epoch) {
    rows.append(epoch.epoch()).append(',')
        .append(field(epoch.loss())).append(',')
        .append(field(epoch.accuracy())).append(',')
        .append(field(epoch.validationLoss())).append(',')
        .append(field(epoch.validationAccuracy())).append(',')
        .append(context.optimizer().learningRate()).append(',')
        .append(field(epoch.seconds())).append('\n');
    write();
    return false;
  }

  /** {@link Double#toString} (it reads back exactly), or empty for a value not measured. */
  private static String field(double value) {
    return Double.isNaN(value) ? "" : Double.toString(value);
  }

  private void write() {
    byte[] content = rows.toString().getBytes(UTF_8);
    try {
      AtomicFile.write(file, out -> out.write(content), false);
    } catch (IOException e) {
      throw new UncheckedIOException("CsvLogger could not write " + file + ": " + e.getMessage(), e);
    }
  }
}
