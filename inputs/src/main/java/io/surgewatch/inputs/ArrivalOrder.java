package io.surgewatch.inputs;

import io.surgewatch.events.v1.IncidentEvent;
import io.surgewatch.events.v1.StatementEvent;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.PriorityQueue;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Puts a file's events in arrival order: by reported-at (made-at for statements), ties in file
 * order, the order {@code backtest} replays a file in and the order the streams app expects on its
 * input topics. Exports are rarely in that order (ACLED's come newest event first, and its {@code
 * timestamp} is a row's last change): published as they stand, the first recent report would make
 * every older incident "too late" for the app.
 *
 * <p>Memory stays bounded whatever the file's size: events are sorted in runs, runs beyond the
 * first are spooled to temporary files as Avro binary, and the runs are merged as they are
 * published (an external merge sort; the JDK has no such thing for streams larger than the heap).
 */
public final class ArrivalOrder implements AutoCloseable {
  public static final int DEFAULT_RUN = 50_000;

  /**
   * The reported-at of a row that has none, only a day: the last millisecond of that day in UTC, so
   * it arrives after the day's reports that carry a time (ACLED and UCDP alike).
   */
  static Instant endOfDay(final LocalDate day) {
    return day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusMillis(1);
  }

  private record Entry(long at, long seq, long line, SpecificRecord event) {}

  /** Takes the events in arrival order, each with its line in the file. */
  @FunctionalInterface
  public interface Sink {
    void accept(SpecificRecord event, long line);
  }

  private static final Comparator<Entry> ORDER =
      Comparator.comparingLong(Entry::at).thenComparingLong(Entry::seq);

  private final int runSize;
  private final List<Entry> buffer = new ArrayList<>();
  private final List<Path> runs = new ArrayList<>();
  private long seq;

  public ArrivalOrder(final int runSize) {
    this.runSize = runSize;
  }

  public static long at(final SpecificRecord event) {
    return event instanceof IncidentEvent i
        ? i.getReportedAt().toEpochMilli()
        : ((StatementEvent) event).getMadeAt().toEpochMilli();
  }

  /**
   * Adds {@code event}, read at {@code line} of its file, in the place of time {@code at}, not its
   * own (a report {@code produce --replaces} raises to its floor, and raises as it publishes it).
   */
  public void add(final SpecificRecord event, final long at, final long line) {
    buffer.add(new Entry(at, seq++, line, event));
    if (buffer.size() >= runSize) {
      spool();
    }
  }

  public long size() {
    return seq;
  }

  /** Hands every event, with its line, to {@code sink} in arrival order. */
  public void drain(final Sink sink) {
    buffer.sort(ORDER);
    if (runs.isEmpty()) {
      buffer.forEach(e -> sink.accept(e.event(), e.line()));
      buffer.clear();
      return;
    }
    final PriorityQueue<Run> heads = new PriorityQueue<>(Comparator.comparing(r -> r.head, ORDER));
    try {
      for (final Path p : runs) {
        final Run r = new Run(p);
        if (r.advance()) {
          heads.add(r);
        } else {
          r.close();
        }
      }
      final Run memory = new Run(buffer);
      if (memory.advance()) {
        heads.add(memory);
      }
      while (!heads.isEmpty()) {
        final Run r = heads.poll();
        boolean more = false;
        try {
          sink.accept(r.head.event(), r.head.line());
          more = r.advance();
        } finally {
          if (more) {
            heads.add(r);
          } else {
            r.close(); // exhausted, or failed: off the queue either way
          }
        }
      }
    } finally {
      heads.forEach(Run::close);
      buffer.clear();
    }
  }

  private void spool() {
    buffer.sort(ORDER);
    try {
      final Path file = Files.createTempFile("surgewatch-arrivals", ".avro");
      runs.add(file);
      try (DataOutputStream out =
          new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
        BinaryEncoder encoder = null;
        for (final Entry e : buffer) {
          bytes.reset();
          encoder = EncoderFactory.get().directBinaryEncoder(bytes, encoder);
          final boolean incident = e.event() instanceof IncidentEvent;
          if (incident) {
            INCIDENTS.write((IncidentEvent) e.event(), encoder);
          } else {
            STATEMENTS.write((StatementEvent) e.event(), encoder);
          }
          encoder.flush();
          out.writeLong(e.at());
          out.writeLong(e.seq());
          out.writeLong(e.line());
          out.writeBoolean(incident);
          out.writeInt(bytes.size());
          bytes.writeTo(out);
        }
      }
    } catch (final IOException e) {
      throw new UncheckedIOException(
          "cannot spool events to sort them into arrival order: " + e.getMessage(), e);
    }
    buffer.clear();
  }

  private static final SpecificDatumWriter<IncidentEvent> INCIDENTS =
      new SpecificDatumWriter<>(IncidentEvent.class);
  private static final SpecificDatumWriter<StatementEvent> STATEMENTS =
      new SpecificDatumWriter<>(StatementEvent.class);

  /** One sorted run, from a spool file or from memory, read one entry ahead. */
  private static final class Run implements AutoCloseable {
    private final DataInputStream in;
    private final Iterator<Entry> memory;
    private final SpecificDatumReader<IncidentEvent> incidents =
        new SpecificDatumReader<>(IncidentEvent.class);
    private final SpecificDatumReader<StatementEvent> statements =
        new SpecificDatumReader<>(StatementEvent.class);
    Entry head;

    Run(final Path file) {
      try {
        in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
      } catch (final IOException e) {
        throw new UncheckedIOException(e);
      }
      memory = null;
    }

    Run(final List<Entry> sorted) {
      in = null;
      memory = sorted.iterator();
    }

    boolean advance() {
      if (memory != null) {
        head = memory.hasNext() ? memory.next() : null;
        return head != null;
      }
      try {
        final long at;
        try {
          at = in.readLong();
        } catch (final EOFException end) {
          head = null;
          return false;
        }
        final long seq = in.readLong();
        final long line = in.readLong();
        final boolean incident = in.readBoolean();
        final byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        final var decoder = DecoderFactory.get().binaryDecoder(bytes, null);
        head =
            new Entry(
                at,
                seq,
                line,
                incident ? incidents.read(null, decoder) : statements.read(null, decoder));
        return true;
      } catch (final IOException e) {
        throw new UncheckedIOException("cannot read back spooled events: " + e.getMessage(), e);
      }
    }

    @Override
    public void close() {
      if (in != null) {
        try {
          in.close();
        } catch (final IOException e) {
          // a spool file closed late is removed with the others
        }
      }
    }
  }

  /** Removes the spool files. */
  @Override
  public void close() {
    for (final Path p : runs) {
      try {
        Files.deleteIfExists(p);
      } catch (final IOException e) {
        // a temp file left behind is not worth failing the publish for
      }
    }
  }
}
