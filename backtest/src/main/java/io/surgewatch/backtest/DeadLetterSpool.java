package io.surgewatch.backtest;

import io.surgewatch.events.v1.DeadLetter;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Dead letters held back in a temporary file (Avro binary) until they may be delivered: a part of a
 * file read on its own thread holds its rejections until the parts before it are delivered, so dead
 * letters keep the file's order. ACLED exports are mostly rows that are not counted: holding them
 * in memory would not scale. The file is created with the first letter.
 */
final class DeadLetterSpool {
  private final SpecificDatumWriter<DeadLetter> writer =
      new SpecificDatumWriter<>(DeadLetter.class);
  private Path file;
  private OutputStream out;
  private BinaryEncoder encoder;

  void append(final DeadLetter letter) throws IOException {
    if (out == null) {
      file = Files.createTempFile("surgewatch-backtest-dead", ".avro");
      file.toFile().deleteOnExit();
      out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
      encoder = EncoderFactory.get().binaryEncoder(out, null);
    }
    writer.write(letter, encoder);
  }

  /** Flushes and closes the file written; reading it back fails if it could not be closed. */
  void close() throws IOException {
    if (out != null) {
      try {
        encoder.flush();
      } finally {
        closeWriting();
      }
    }
  }

  /** Closes the file written, as a run fails: the failure is the one to report. */
  void closeWriting() {
    if (out != null) {
      try {
        out.close();
      } catch (final IOException ignored) {
        // already failing, or read back as failing
      }
      out = null;
    }
  }

  /**
   * Hands the letters to the sink, one at a time in order (none when nothing was held back); then
   * discards.
   */
  void deliverTo(final Backtest.Sink sink) {
    if (file == null) {
      return;
    }
    final SpecificDatumReader<DeadLetter> reader = new SpecificDatumReader<>(DeadLetter.class);
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      final BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(in, null);
      while (!decoder.isEnd()) {
        sink.deadLetter(reader.read(null, decoder)); // a new record each: sinks may keep them
      }
    } catch (final IOException e) {
      throw new UncheckedIOException("cannot read back spooled dead letters from " + file, e);
    } finally {
      discard();
    }
  }

  /** Removes the file, if any. */
  void discard() {
    closeWriting();
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (final IOException ignored) {
        // a temporary file, marked for deletion on exit as well
      }
    }
  }
}
