package io.surgewatch.backtest;

import io.surgewatch.core.DeadLetters;
import io.surgewatch.core.EventPreparer;
import io.surgewatch.core.EventTypes;
import io.surgewatch.core.RecordSizeLimit;
import io.surgewatch.events.v1.DeadLetter;
import io.surgewatch.events.v1.IncidentEvent;
import io.surgewatch.events.v1.StatementEvent;
import io.surgewatch.inputs.FileParts;
import io.surgewatch.inputs.InputFormat;
import io.surgewatch.inputs.InputReader;
import io.surgewatch.inputs.InputRecord;
import io.surgewatch.inputs.ReadCounts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Reads an input file, in parts on several threads when it is large: parsing and validating rows is
 * most of the reading time, and the cube's threads have not started yet. The parts come back in
 * file order, so arrival ties and dead letters keep the file's order: the first part hands its
 * rejections to the sink as it reads, the later ones hold theirs in a {@link DeadLetterSpool} until
 * the parts before them are delivered.
 */
final class InputParts {

  /**
   * What one thread read of one part of a file: its arrivals, its notes, and its rejections held
   * back.
   */
  static final class Part {
    final Arrivals arrivals = new Arrivals();

    /** The file's notes: of the whole file (every part's counts), once all its parts are read. */
    final List<String> notes = new ArrayList<>();

    InputReader reader;
    final DeadLetterSpool held = new DeadLetterSpool();
    int file;
    long read;
    long dead;
  }

  private final EventTypes types;
  private final int readThreads;
  private final long minPartBytes;
  private final RecordSizeLimit sizeLimit;

  /**
   * @param readThreads threads that parse one large file
   * @param minPartBytes the smallest part worth a thread of its own
   * @param sizeLimit the largest record {@code produce} publishes: a larger one is rejected, as
   *     {@code produce} rejects it
   */
  InputParts(
      final EventTypes types,
      final int readThreads,
      final long minPartBytes,
      final RecordSizeLimit sizeLimit) {
    this.types = types;
    this.sizeLimit = sizeLimit;
    this.readThreads = readThreads;
    this.minPartBytes = minPartBytes;
  }

  /**
   * The file's parts, read, in file order; the first one's rejections are delivered to {@code sink}
   * already.
   */
  List<Part> read(
      final Path file,
      final InputFormat format,
      final int fileIndex,
      final Instant now,
      final Backtest.Sink sink) {
    final List<FileParts.Part> parts = FileParts.split(file, format, readThreads, minPartBytes);
    final List<CompletableFuture<Part>> reading = new ArrayList<>();
    final ExecutorService pool =
        Executors.newFixedThreadPool(
            parts.size(),
            task -> {
              final Thread thread = new Thread(task, "backtest-read");
              thread.setDaemon(true);
              return thread;
            });
    try {
      for (final FileParts.Part part : parts) {
        final boolean first = reading.isEmpty();
        reading.add(
            CompletableFuture.supplyAsync(
                () -> readPart(file, format, fileIndex, part, now, first ? sink : null), pool));
      }
      final List<Part> read = new ArrayList<>();
      try {
        for (final CompletableFuture<Part> part : reading) {
          read.add(join(part));
        }
        // Counts of the whole file, so that every part notes the same, once.
        final ReadCounts counts = new ReadCounts();
        read.forEach(part -> counts.add(part.reader.counts()));
        read.forEach(part -> part.notes.addAll(part.reader.fileNotes(counts)));
      } catch (final RuntimeException e) {
        // Parts that were read leave no spool behind.
        reading.forEach(part -> part.thenAccept(done -> done.held.discard()));
        throw e;
      }
      return read;
    } finally {
      pool.shutdownNow();
    }
  }

  private static Part join(final CompletableFuture<Part> part) {
    try {
      return part.join();
    } catch (final CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause; // an unreadable file is reported as the single reader reports it
      }
      throw e;
    }
  }

  /**
   * Reads one part; rejections go to {@code sink} when given (the first part), else to the part's
   * spool.
   */
  private Part readPart(
      final Path file,
      final InputFormat format,
      final int fileIndex,
      final FileParts.Part part,
      final Instant now,
      final Backtest.Sink sink) {
    final Part out = new Part();
    final ReportInterner interner = new ReportInterner(types);
    try (InputReader reader =
        FileParts.open(file, format, EventPreparer.standard(), part).limitingSize(sizeLimit)) {
      while (reader.hasNext()) {
        final InputRecord record = reader.next();
        out.read++;
        if (record instanceof InputRecord.Parsed parsed) {
          if (parsed.event() instanceof IncidentEvent incident) {
            out.arrivals.add(
                incident.getReportedAt().toEpochMilli(),
                fileIndex,
                parsed.line(),
                interner.report(incident));
          } else {
            final StatementEvent statement = (StatementEvent) parsed.event();
            out.arrivals.add(
                statement.getMadeAt().toEpochMilli(), fileIndex, parsed.line(), statement);
          }
          continue;
        }
        final InputRecord.Rejected rejected = (InputRecord.Rejected) record;
        final DeadLetter letter =
            DeadLetters.fromFile(
                reader.sourceName(),
                rejected.line(),
                rejected.recordId(),
                reader.selfContainedText(rejected),
                rejected.category(),
                rejected.error(),
                rejected.reason(),
                now);
        out.dead++;
        if (sink != null) {
          synchronized (sink) {
            sink.deadLetter(letter);
          }
        } else {
          out.held.append(letter);
        }
      }
      out.file = fileIndex;
      out.reader = reader; // closed: read for its counts and notes only
      out.held.close();
    } catch (final IOException | RuntimeException e) {
      out.held.discard();
      if (e instanceof RuntimeException re) {
        throw re;
      }
      throw new UncheckedIOException(
          "cannot spool dead letters of " + file + ": " + e.getMessage(), (IOException) e);
    } finally {
      out.held.closeWriting(); // a spool that cannot be closed fails its read-back
    }
    return out;
  }
}
