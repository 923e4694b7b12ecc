package io.surgewatch.producers;

import io.surgewatch.core.EventJson;
import io.surgewatch.core.EventPreparer;
import io.surgewatch.core.ReplacementHeaders;
import io.surgewatch.core.SourceHeaders;
import io.surgewatch.events.v1.DeadLetter;
import io.surgewatch.events.v1.IncidentEvent;
import io.surgewatch.events.v1.StatementEvent;
import io.surgewatch.inputs.ArrivalOrder;
import io.surgewatch.inputs.InputFormat;
import io.surgewatch.inputs.InputReader;
import io.surgewatch.inputs.InputRecord;
import io.surgewatch.inputs.Replacement;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;

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
  private TopicTimes.OnTopics onTopics = TopicTimes.OnTopics.NONE;
  private TooLatePrediction prediction = TooLatePrediction.none();

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
    return after(new TopicTimes.OnTopics(topicTimes, Map.of()));
  }

  /**
   * {@link #after(Map)}, with the latest event's own time on each topic ({@link TopicTimes#read}),
   * which the notes quote: the latest time can be a progress marker's, a few milliseconds past any
   * report.
   */
  public FilePublisher after(final TopicTimes.OnTopics onTopics) {
    this.onTopics = onTopics;
    return this;
  }

  /**
   * The app's {@code history.days} (and counted types), as the configuration gives them: the notes
   * then say which reports the app will dead-letter {@code TOO_LATE} ({@link TooLatePrediction},
   * the ingest API's prediction), back from the latest report on the topic ({@link #after}) or in
   * the file before each. Without it, as with {@code history.days=0}, none is.
   */
  public FilePublisher predicting(final TooLatePrediction prediction) {
    this.prediction = prediction;
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
    final Run run = new Run(file, format, replaces);
    try (InputReader reader =
            InputReader.open(file, format, preparer).limitingSize(publisher.sizeLimit());
        ArrivalOrder arrivals = new ArrivalOrder(runSize);
        RejectsFile rejects = new RejectsFile(rejectsFile)) {
      run.read(reader, arrivals, rejects);
      if (!run.failed()) {
        run.publishInArrivalOrder(arrivals, reader.sourceName());
      }
      run.addNotes(reader, rejects);
      if (replaces != null && !run.failed()) {
        run.retract();
      }
    } catch (final IOException e) {
      throw new UncheckedIOException(
          "cannot write rejects file " + rejectsFile + ": " + e.getMessage(), e);
    } finally {
      publisher.flush();
    }
    return run.result();
  }

  /**
   * One {@link #publish}: its counts, its sends and their markers, and its notes. Each stage stops
   * sending at the first send the broker refused.
   */
  private final class Run {
    private final long start = System.nanoTime();
    private final Path file;
    private final Acknowledgements acks = new Acknowledgements();
    private final ProgressWriter markers = new ProgressWriter(publisher);
    private final Replacing replacing;
    private final ReadProgress shown;
    private final LateEvents late =
        new LateEvents(onTopics, prediction, publisher.topics().incidents().name());
    private final StatementNotes statementNotes = new StatementNotes();

    /** Per input topic, the greatest time the file holds. */
    private final Map<String, Long> latest = new HashMap<>();

    private final List<String> notes = new ArrayList<>();
    private long read;
    private long rejected;
    private long incidents;
    private long statements;
    private long published;
    private long retracted;

    Run(final Path file, final InputFormat format, final Path replaces) {
      this.file = file;
      markers.reached(onTopics.times());
      this.replacing = new Replacing(replaces, format, preparer);
      this.shown = new ReadProgress(progress, console, progressInterval, start);
    }

    boolean failed() {
      return acks.failed();
    }

    /**
     * Reads the file: its events into arrival order, to be published once all are read; its
     * rejections out as dead letters, and into the rejects file, as they are read.
     */
    void read(final InputReader reader, final ArrivalOrder arrivals, final RejectsFile rejects)
        throws IOException {
      while (reader.hasNext()) {
        final InputRecord record = reader.next();
        read++;
        if (record instanceof InputRecord.Parsed parsed) {
          arrive(parsed, arrivals);
        } else {
          reject((InputRecord.Rejected) record, reader, rejects);
        }
        if (acks.failed()) {
          break;
        }
        shown.update(reader, read, arrivals.size(), rejected);
      }
    }

    private void arrive(final InputRecord.Parsed parsed, final ArrivalOrder arrivals) {
      final SpecificRecord event = parsed.event();
      // Published below, in arrival order; a report --replaces raises takes its place at its
      // floor, and is raised as it is published (so that its headers can name its own time).
      final long at = replacing.arrivalOf(event);
      arrivals.add(event, at, parsed.line());
      latest.merge(publisher.topicOf(event), at, Math::max);
      if (event instanceof IncidentEvent) {
        incidents++;
      } else {
        statements++;
      }
    }

    private void reject(
        final InputRecord.Rejected r, final InputReader reader, final RejectsFile rejects)
        throws IOException {
      final DeadLetter deadLetter =
          EventPublisher.deadLetterOf(reader.sourceName(), reader.selfContainedText(r), r);
      acks.track(publisher.publishDeadLetter(deadLetter));
      rejected++;
      rejects.write(EventJson.toJson(deadLetter));
    }

    /** The file's events, in arrival order, with progress markers every {@code markerInterval}. */
    void publishInArrivalOrder(final ArrivalOrder arrivals, final String sourceName) {
      final IntervalMarkers interval =
          new IntervalMarkers(markers, markerCaps(), markerInterval, acks::trackMarkers);
      arrivals.drain(
          (next, line) -> {
            if (!acks.failed()) {
              publishEvent(next, sourceName, line, interval);
            }
          });
    }

    /** Per topic, the greatest time the markers sent while publishing may promise. */
    private Map<String, Long> markerCaps() {
      // The statements topic is marked through the file's incidents too: the app's story stage
      // holds an alert until every statements partition has passed it, so a file of incidents
      // alone must not leave them behind.
      latest.values().stream()
          .max(Long::compare)
          .ifPresent(end -> latest.put(publisher.topics().statements().name(), end));
      if (replacing.active()) {
        // retractions follow the file, reported at or after its latest incident: promise less
        // than that
        latest.computeIfPresent(publisher.topics().incidents().name(), (topic, at) -> at - 1);
      }
      return latest;
    }

    private void publishEvent(
        final SpecificRecord next,
        final String sourceName,
        final long line,
        final IntervalMarkers interval) {
      final SpecificRecord event = replacing.raise(next);
      interval.before(event);
      // The app's dead letters name the file and line, as backtest's do, and how the report came:
      // with --replaces, raised or not.
      final Headers headers = replacing.headers(event, next);
      acks.track(publisher.publish(event, SourceHeaders.add(headers, sourceName, line)));
      markers.published(event);
      late.published(publisher.topicOf(event), event, line);
      if (event instanceof StatementEvent statement) {
        statementNotes.published(statement, line);
      }
      published++;
    }

    void addNotes(final InputReader reader, final RejectsFile rejects) {
      notes.addAll(reader.fileNotes());
      replacing.raisedNote().ifPresent(notes::add);
      rejects.removeStale().ifPresent(notes::add);
      notes.addAll(late.notes(reader::place));
      notes.addAll(statementNotes.notes(reader::place));
    }

    /** After the file, the older export's incidents that it no longer holds. */
    void retract() {
      final List<Replacement.Retraction> gone = replacing.retractions(file);
      gone.forEach(
          r -> {
            acks.track(publisher.publish(r.event(), replacing.retractionHeaders()));
            markers.published(r.event());
          });
      retracted = gone.size();
      notes.add(replacing.retractedNote(file, gone.size()));
    }

    /**
     * Once every record is acknowledged, the end markers, then the outcome.
     *
     * @throws PublishException when the broker did not acknowledge every record sent
     */
    Result result() {
      acks.check(file, read, published + rejected + retracted);
      markers.markPublishedAndWait(file.toString());
      final Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
      final Result result =
          new Result(
              read,
              published,
              rejected,
              incidents,
              statements,
              elapsed,
              notes,
              replacing.active() ? OptionalLong.of(retracted) : OptionalLong.empty());
      shown.clear();
      return result;
    }
  }

  /** A record was not acknowledged by the broker. */
  public static final class PublishException extends RuntimeException {
    public PublishException(final String message, final Throwable cause) {
      super(message, cause);
    }
  }
}
