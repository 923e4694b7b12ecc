package io.surgewatch.producers;

import io.surgewatch.inputs.InputReader;
import java.io.PrintStream;
import java.time.Duration;

/**
 * Progress while a file is read, looked at every 1,024 records: a bar redrawn in place (at most
 * every 200 ms) when attached to a console, else a line every {@code interval}.
 */
final class ReadProgress {
  private final PrintStream out;
  private final boolean console;
  private final Duration interval;
  private final long start;
  private long nextReport;
  private long nextDraw;

  /**
   * @param out null for silence
   * @param start when the run began ({@link System#nanoTime})
   */
  ReadProgress(
      final PrintStream out, final boolean console, final Duration interval, final long start) {
    this.out = out;
    this.console = console;
    this.interval = interval;
    this.start = start;
    this.nextReport = start + interval.toNanos();
    this.nextDraw = start;
  }

  /** After each record: {@code read} so far, {@code events} of them parsed. */
  void update(final InputReader reader, final long read, final long events, final long rejected) {
    if ((read & 1023) != 0 || out == null) {
      return;
    }
    final long now = System.nanoTime();
    if (console && now >= nextDraw) {
      drawBar(reader, read, now - start);
      nextDraw = now + 200_000_000L;
    } else if (!console && now >= nextReport) {
      out.println(
          "produce: "
              + read
              + " records read ("
              + events
              + " events, "
              + rejected
              + " rejected), "
              + rate(read, now - start)
              + " records/s");
      nextReport = now + interval.toNanos();
    }
  }

  /** The bar goes; the caller prints the summary, once. */
  void clear() {
    if (out != null && console) {
      out.print("\r" + " ".repeat(72) + "\r");
      out.flush();
    }
  }

  private void drawBar(final InputReader reader, final long read, final long nanos) {
    final long total = reader.totalBytes();
    final double fraction = total > 0 ? Math.min(1.0, (double) reader.bytesRead() / total) : 0;
    final int width = 30;
    final int filled = (int) Math.round(fraction * width);
    out.print(
        "\r["
            + "#".repeat(filled)
            + " ".repeat(width - filled)
            + "] "
            + String.format(
                "%3d%% %,d records %,d/s", Math.round(fraction * 100), read, rate(read, nanos)));
    out.flush();
  }

  private static long rate(final long count, final long nanos) {
    return nanos <= 0 ? 0 : count * 1_000_000_000L / nanos;
  }
}
