package hypercolumn.runtime.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a file so that a reader never sees it half-written: into a temporary file next to the
 * target, forced to disk, then renamed over the target. Weight files and training logs are
 * written this way.
 */
public final class AtomicFile {
  private AtomicFile() {}

  /** What {@link #write} writes into the temporary file. */
  @FunctionalInterface
  public interface Body {
    /**
     * Writes the whole content to {@code out}, which {@link #write} flushes and closes.
     *
     * @param out the temporary file
     * @throws IOException if the content cannot be written; the target is then left as it was
     */
    void writeTo(OutputStream out) throws IOException;
  }

  /**
   * Writes {@code body} to a temporary file in the target's directory, forces it to disk and
   * renames it over the target; on any failure the temporary file is deleted and an existing
   * target is untouched.
   *
   * @throws IOException if the directory does not exist or the file cannot be written
   * @param target the file to write or replace
   * @param body writes the content
   */
  public static void write(Path target, Body body) throws IOException {
    write(target, body, true);
  }

  /**
   * As {@link #write(Path, Body)}, but without forcing the content to disk before the rename
   * when {@code durable} is false: a reader still never sees a half-written file, but after a
   * power cut the file may hold its previous content. A training log rewritten every epoch takes
   * this: forcing cost about 20 ms an epoch on a busy disk, longer than an epoch of a small data
   * set.
   *
   * @param target the file to write or replace
   * @param body writes the content
   * @param durable whether to force the content to disk before the rename
   * @throws IOException if the directory does not exist or the file cannot be written
   */
  public static void write(Path target, Body body, boolean durable) throws IOException {
    Path absolute = target.toAbsolutePath();
    Path directory = absolute.getParent();
    if (!Files.isDirectory(directory)) {
      throw new IOException("cannot write " + absolute + ": directory " + directory + " does not exist");
    }
    Path temporary = Files.createTempFile(directory, absolute.getFileName() + ".", ".tmp");
    boolean moved = false;
    try {
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
          OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16)) {
        body.writeTo(out);
        out.flush();
        if (durable) {
          channel.force(true);
        }
      }
      try {
        Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
      }
      moved = true;
    } finally {
      if (!moved) {
        Files.deleteIfExists(temporary);
      }
    }
  }
}
