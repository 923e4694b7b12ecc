package io.surgewatch.producers;

import io.surgewatch.core.EventJson;
import io.surgewatch.core.EventPreparer;
import io.surgewatch.core.ReplacementHeaders;
import io.surgewatch.core.SourceHeaders;
import io.surgewatch.events.v1.DeadLetter;
import io.surgewatch.events.v1.IncidentEvent;
import io.surgewatch.inputs.ArrivalOrder;
import io.surgewatch.inputs.InputFormat;
import io.surgewatch.inputs.InputReader;
import io.surgewatch.inputs.InputRecord;
import io.surgewatch.inputs.Replacement;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Publishes a file: every parsed event to its input topic in arrival order (reported-at, or made-at
 * for statements; ties in file order: the order backtest replays the file in, see {@link
 * ArrivalOrder}), every rejected record as a dead letter as it is read, and (optionally) the
 * rejections to a local <em>rejects file</em>: NDJSON, one dead-letter record a line in its JSON
 * form ({@link EventJson#toJson}: recordId, category, reason, field, originalText, sourceFile,
 * sourceLine, failedAt ...).
 *
 * <p>Every send is checked: a record the broker did not acknowledge fails the run with a {@link
 * PublishException}; nothing is lost silently. When it returns, {@code published + rejected ==
 * read}, and all of them are acknowledged. Progress goes to {@code progress}: a bar redrawn in
 * place when attached to a console, else a line every {@code progressInterval}.
 *
 * <p>Progress markers ({@link io.surgewatch.core.ProgressMarkers}) go to every partition of each
 * input topic the file publishes to, and of the statements topic always (at the file's times,
 * incidents' included): every {@code progress.interval-ms} while publishing, at the reported-at of
 * the next event to be published less 1 ms (the events are sorted: nothing earlier follows), and at
 * the end, once every record is acknowledged, at the greatest reported-at published to that topic,
 * or just past the latest time already on it when the file held events older than that ({@link
 * #after}).
 */
public final class FilePublisher {

  /**
   * The outcome; {@code published + rejected == read}.
   *
   * @param published the file's events published
   * @param retracted with {@code --replaces}, the retractions published beside them (the older
   *     export's incidents that the file no longer holds); empty without
   */
  public record Result(
      long read,
      long published,
      long rejected,
      long incidents,
      long statements,
      Duration elapsed,
      List<String> notes,
      OptionalLong retracted) {
    /** Of a run without {@code --replaces}. */
    public Result(
        final long read,
        final long published,
        final long rejected,
        final long incidents,
        final long statements,
        final Duration elapsed,
        final List<String> notes) {
      this(read, published, rejected, incidents, statements, elapsed, notes, OptionalLong.empty());
    }

    /**
     * {@code read=N published=P rejected=R}, and with {@code --replaces} {@code retracted=M}: the
     * retractions published besides the file's {@code P} events.
     */
    public String summary() {
      return "read="
          + read
          + " published="
          + published
          + " rejected="
          + rejected
          + (retracted.isPresent() ? " retracted=" + retracted.getAsLong() : "");
    }
  }

  private final EventPublisher publisher;
  private final EventPreparer preparer;
  private final PrintStream progress;
  private final boolean console;
  private final Duration progressInterval;
  private final int runSize;
  private final Duration markerInterval;
  private Map<String, Long> topicTimes = Map.of();

  /** Progress to stderr, as a bar when {@code System.console() != null}, else every 10 seconds. */
  public FilePublisher(final EventPublisher publisher, final EventPreparer preparer) {
    this(publisher, preparer, System.err, System.console() != null, Duration.ofSeconds(10));
  }

  /**
   * @param progress where progress and the summary go; null for silence
   */
  public FilePublisher(
      final EventPublisher publisher,
      final EventPreparer preparer,
      final PrintStream progress,
      final boolean console,
      final Duration progressInterval) {
    this(publisher, preparer, progress, console, progressInterval, ArrivalOrder.DEFAULT_RUN);
  }

  /**
   * @param runSize events sorted in memory at a time (more are spooled to temporary files and
   *     merged)
   */
  FilePublisher(
      final EventPublisher publisher,
      final EventPreparer preparer,
      final PrintStream progress,
      final boolean console,
      final Duration progressInterval,
      final int runSize) {
    this(
        publisher,
        preparer,
        progress,
        console,
        progressInterval,
        runSize,
        publisher.progressInterval());
  }

  /**
   * @param markerInterval how often progress markers go out while publishing (zero: before every
   *     event)
   */
  FilePublisher(
      final EventPublisher publisher,
      final EventPreparer preparer,
      final PrintStream progress,
      final boolean console,
      final Duration progressInterval,
      final int runSize,
      final Duration markerInterval) {
    this.markerInterval = markerInterval;
    this.publisher = publisher;
    this.preparer = preparer;
    this.progress = progress;
    this.console = console;
    this.progressInterval = progressInterval;
    this.runSize = runSize;
  }

  /**
   * The latest times already on the input topics ({@link TopicTimes#latest}): the file's events at
   * or before them are late there, and the markers after them go past those times (see {@link
   * ProgressWriter}); the run's notes say how many.
   */
  public FilePublisher after(final Map<String, Long> topicTimes) {
    this.topicTimes = Map.copyOf(topicTimes);
    return this;
  }

  /**
   * @param rejectsFile where to write the rejections as NDJSON dead letters; null for none
   * @throws io.surgewatch.inputs.InputFileException when the file cannot be read at all
   * @throws PublishException when the broker did not acknowledge a record
   */
  public Result publish(final Path file, final InputFormat format, final Path rejectsFile) {
    return publish(file, format, rejectsFile, null);
  }

  /**
   * @param replaces an older export of the same source that {@code file} replaces, or null: its
   *     incidents that {@code file} no longer holds are retracted after the file is published (see
   *     {@link Replacement}; counted in {@link Result#retracted}), the file's reports dated before
   *     its report of their incident are raised to its time ({@link Replacement.Floors}), and each
   *     report carries {@link ReplacementHeaders} so that the app's dead letters say how it came
   */
  public Result publish(
      final Path file, final InputFormat format, final Path rejectsFile, final Path replaces) {
    final long start = System.nanoTime();
    final AtomicLong acked = new AtomicLong();
    final AtomicReference<Throwable> failure = new AtomicReference<>();
    long read = 0;
    long sentEvents = 0;
    long retractions = 0;
    final List<String> notes = new ArrayList<>();
    long rejected = 0;
    long incidents = 0;
    long statements = 0;
    long nextReport = start + progressInterval.toNanos();
    long nextDraw = start;
    final Consumer<CompletableFuture<RecordMetadata>> track =
        sent ->
            sent.whenComplete(
                (m, error) -> {
                  if (error != null) {
                    failure.compareAndSet(null, error);
                  } else {
                    acked.incrementAndGet();
                  }
                });
    final ProgressWriter markers = new ProgressWriter(publisher);
    markers.reached(topicTimes);
    final Map<String, Long> lateByTopic = new HashMap<>();
    final Map<String, Long> latest =
        new HashMap<>(); // per input topic, the greatest time the file holds
    final Replacement.Floors floors =
        replaces == null
            ? null
            : Replacement.floors(replaces, Replacement.replacedFormat(List.of(format)), preparer);
    final String older = replaces == null ? null : replaces.getFileName().toString();
    final Replacement.Raised raised = new Replacement.Raised();
    try (InputReader reader = InputReader.open(file, format, preparer);
        ArrivalOrder arrivals = new ArrivalOrder(runSize);
        RejectsFile rejects = new RejectsFile(rejectsFile)) {
      while (reader.hasNext()) {
        final InputRecord record = reader.next();
        read++;
        if (record instanceof InputRecord.Parsed parsed) {
          final SpecificRecord event = parsed.event();
          // Published below, in arrival order; a report --replaces raises takes its place at its
          // floor, and is raised as it is published (so that its headers can name its own time).
          long at = ArrivalOrder.at(event);
          if (floors != null && event instanceof IncidentEvent report) {
            final long floor = floors.of(report.getId());
            if (at < floor) {
              at = floor;
              raised.add(report.getId());
            }
          }
          arrivals.add(event, at, parsed.line());
          latest.merge(publisher.topicOf(event), at, Math::max);
          if (event instanceof IncidentEvent) {
            incidents++;
          } else {
            statements++;
          }
        } else {
          final InputRecord.Rejected r = (InputRecord.Rejected) record;
          final DeadLetter deadLetter =
              EventPublisher.deadLetterOf(reader.sourceName(), reader.selfContainedText(r), r);
          track.accept(publisher.publishDeadLetter(deadLetter));
          rejected++;
          rejects.write(EventJson.toJson(deadLetter));
        }
        if (failure.get() != null) {
          break;
        }
        if ((read & 1023) == 0 && progress != null) {
          final long now = System.nanoTime();
          if (console && now >= nextDraw) {
            drawBar(reader, read, now - start);
            nextDraw = now + 200_000_000L;
          } else if (!console && now >= nextReport) {
            progress.println(
                "produce: "
                    + read
                    + " records read ("
                    + arrivals.size()
                    + " events, "
                    + rejected
                    + " rejected), "
                    + rate(read, now - start)
                    + " records/s");
            nextReport = now + progressInterval.toNanos();
          }
        }
      }
      if (failure.get() == null) {
        // The statements topic is marked through the file's incidents too: the app's story stage
        // holds an alert until every statements partition has passed it, so a file of incidents
        // alone must not leave them behind.
        latest.values().stream()
            .max(Long::compare)
            .ifPresent(end -> latest.put(publisher.topics().statements().name(), end));
        if (replaces != null) {
          // retractions follow the file, reported at or after its latest incident: promise less
          // than that
          latest.computeIfPresent(publisher.topics().incidents().name(), (topic, at) -> at - 1);
        }
        final IntervalMarkers interval =
            new IntervalMarkers(
                markers,
                latest,
                markerInterval,
                sent ->
                    sent.whenComplete(
                        (ok, error) -> {
                          if (error != null) {
                            failure.compareAndSet(null, error);
                          }
                        }));
        final long[] sent = {0};
        final String sourceName = reader.sourceName();
        arrivals.drain(
            (next, line) -> {
              if (failure.get() == null) {
                final SpecificRecord event =
                    floors != null && next instanceof IncidentEvent r ? floors.apply(r) : next;
                interval.before(event);
                // The app's dead letters name the file and line, as backtest's do, and how the
                // report came: with --replaces, raised or not.
                final Headers headers =
                    floors != null && event instanceof IncidentEvent report
                        ? ReplacementHeaders.of(
                            older, report == next ? null : ((IncidentEvent) next).getReportedAt())
                        : new RecordHeaders();
                track.accept(
                    publisher.publish(event, SourceHeaders.add(headers, sourceName, line)));
                markers.published(event);
                final String topic = publisher.topicOf(event);
                final Long onTopic = topicTimes.get(topic);
                if (onTopic != null && ArrivalOrder.at(event) <= onTopic) {
                  lateByTopic.merge(topic, 1L, Long::sum);
                }
                sent[0]++;
              }
            });
        sentEvents = sent[0];
      }
      notes.addAll(reader.fileNotes());
      raised.note(replaces).ifPresent(notes::add);
      rejects.removeStale().ifPresent(notes::add);
      lateByTopic.forEach(
          (topic, late) ->
              notes.add(
                  late
                      + " events are at or before the newest time already on "
                      + topic
                      + " ("
                      + Instant.ofEpochMilli(topicTimes.get(topic))
                      + "): the app takes them as late, after it (counted unless a later report "
                      + "of the same incident is counted already; alerts only within grace.days of "
                      + "the latest reported-at), and this run's progress markers "
                      + "go past that time so that they do not wait"));
      if (replaces != null && failure.get() == null) {
        final List<Replacement.Retraction> gone =
            Replacement.retractions(replaces, List.of(file), format, preparer);
        gone.forEach(
            r -> {
              // Headers as the file's reports have: a superseded retraction's dead letter then
              // says it came with --replaces and does not suggest it.
              track.accept(publisher.publish(r.event(), ReplacementHeaders.of(older, null)));
              markers.published(r.event());
            });
        retractions = gone.size();
        notes.add(
            "retracted "
                + gone.size()
                + (gone.size() == 1 ? " incident of " : " incidents of ")
                + replaces
                + " that "
                + file
                + " no longer holds");
      }
    } catch (final IOException e) {
      throw new UncheckedIOException(
          "cannot write rejects file " + rejectsFile + ": " + e.getMessage(), e);
    } finally {
      publisher.flush();
    }
    final long total = sentEvents + rejected + retractions;
    if (failure.get() != null || acked.get() != total) {
      final Throwable cause = failure.get();
      throw new PublishException(
          "publishing "
              + file
              + " failed after reading "
              + read
              + " records: "
              + acked.get()
              + " of the "
              + total
              + " sent were acknowledged"
              + (cause == null ? "" : ": " + cause.getMessage()),
          cause);
    }
    markers.markPublishedAndWait(file.toString());
    final Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    final Result result =
        new Result(
            read,
            sentEvents,
            rejected,
            incidents,
            statements,
            elapsed,
            notes,
            replaces == null ? OptionalLong.empty() : OptionalLong.of(retractions));
    if (progress != null && console) {
      progress.print(
          "\r" + " ".repeat(72) + "\r"); // the bar goes; the caller prints the summary, once
      progress.flush();
    }
    return result;
  }

  /**
   * Markers every {@code interval} of wall clock while events go out in arrival order, just before
   * the next one: at its time less 1 ms (nothing earlier follows), capped per topic at the file's
   * greatest time there.
   */
  private static final class IntervalMarkers {
    private final ProgressWriter markers;
    private final Map<String, Long> caps;
    private final long intervalNanos;
    private final Consumer<CompletableFuture<Void>> track;
    private long due;

    IntervalMarkers(
        final ProgressWriter markers,
        final Map<String, Long> caps,
        final Duration interval,
        final Consumer<CompletableFuture<Void>> track) {
      this.markers = markers;
      this.caps = caps;
      this.intervalNanos = interval.toNanos();
      this.track = track;
      this.due = System.nanoTime() + intervalNanos;
    }

    void before(final SpecificRecord next) {
      final long now = System.nanoTime();
      if (now - due < 0) {
        return;
      }
      final long through = ArrivalOrder.at(next) - 1;
      caps.forEach((topic, cap) -> track.accept(markers.mark(topic, Math.min(through, cap))));
      due = now + intervalNanos;
    }
  }

  /**
   * The rejects file, created at the first rejection: a file with nothing rejected needs no
   * writable directory beside it (inputs often sit on read-only mounts) and leaves no empty file
   * there. One left by an earlier run is removed when this run rejects nothing, so the file always
   * holds the last run's rejections.
   */
  private static final class RejectsFile implements Closeable {
    private final Path path;
    private BufferedWriter out;

    RejectsFile(final Path path) {
      this.path = path;
    }

    void write(final String line) throws IOException {
      if (path == null) {
        return;
      }
      if (out == null) {
        out = Files.newBufferedWriter(path, StandardCharsets.UTF_8);
      }
      out.write(line);
      out.write('\n');
    }

    /** A note when an earlier run's file is left because it cannot be removed. */
    Optional<String> removeStale() {
      if (path == null || out != null) {
        return Optional.empty();
      }
      try {
        Files.deleteIfExists(path);
        return Optional.empty();
      } catch (final IOException e) {
        return Optional.of(
            "nothing rejected, but "
                + path
                + " (an earlier run's rejections) cannot be removed: "
                + e.getMessage());
      }
    }

    @Override
    public void close() throws IOException {
      if (out != null) {
        out.close();
      }
    }
  }

  private void drawBar(final InputReader reader, final long read, final long nanos) {
    final long total = reader.totalBytes();
    final double fraction = total > 0 ? Math.min(1.0, (double) reader.bytesRead() / total) : 0;
    final int width = 30;
    final int filled = (int) Math.round(fraction * width);
    progress.print(
        "\r["
            + "#".repeat(filled)
            + " ".repeat(width - filled)
            + "] "
            + String.format(
                "%3d%% %,d records %,d/s", Math.round(fraction * 100), read, rate(read, nanos)));
    progress.flush();
  }

  private static long rate(final long count, final long nanos) {
    return nanos <= 0 ? 0 : count * 1_000_000_000L / nanos;
  }

  /** A record was not acknowledged by the broker. */
  public static final class PublishException extends RuntimeException {
    public PublishException(final String message, final Throwable cause) {
      super(message, cause);
    }
  }
}
