package io.surgewatch.backtest;

import io.surgewatch.core.EventPreparer;
import io.surgewatch.core.EventTypes;
import io.surgewatch.core.Keys;
import io.surgewatch.core.RecordSizeLimit;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.engine.EngineConfig;
import io.surgewatch.events.v1.DeadLetter;
import io.surgewatch.events.v1.RollingCount;
import io.surgewatch.events.v1.StatementCount;
import io.surgewatch.events.v1.SurgeAlert;
import io.surgewatch.inputs.InputFormat;
import io.surgewatch.inputs.Replacement;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Replays a file through the same engine as the streams app, in arrival order, and writes every
 * output as NDJSON. Arrival order is the app's: by reported-at, ties by the input partition the id
 * hashes to (Kafka's default partitioner over {@code topic.input-partitions}), then in file order
 * (a partition's offsets). The cube is split into the same partitions as the app's
 * cube-contributions topic (Kafka's own key hash), because each shard closes days by its own
 * watermark; so backtest and app produce the same records for the same input partition count.
 *
 * <p>The parts: {@link InputParts} reads the files (large ones in parts on several threads, their
 * dead letters held in a {@link DeadLetterSpool}), {@link Arrivals} puts what was read in arrival
 * order, {@link ReplayPipeline} runs the app's stages on it, {@link LateDeadLetters} writes the
 * letters of the reports stage 1 refused, and {@link NdjsonOutputs} writes the files.
 */
public final class Backtest {

  /** The file of the output directory that holds every dead letter. */
  public static final String DEAD_LETTERS_FILE = NdjsonOutputs.DEAD_LETTERS;

  /**
   * What a run did. Every record read is an incident or a statement processed, or dead-lettered
   * with its reason: {@code read + retracted = incidents + statements + deadLettered}, where {@code
   * retracted} counts the retractions {@code --replaces} makes (records not read: taken as
   * incidents, or dead-lettered when too late or when a later report stands), 0 without it.
   */
  public record Summary(
      long read,
      OptionalLong retracted,
      long incidents,
      long statements,
      long deadLettered,
      long counts,
      long alerts,
      long alertsOpened,
      Duration elapsed,
      Map<String, Long> deadLetteredBy,
      List<String> notes) {
    public String line() {
      final StringBuilder by = new StringBuilder();
      deadLetteredBy.forEach(
          (category, letters) ->
              by.append(by.length() == 0 ? " (" : " ")
                  .append(category.toLowerCase(Locale.ROOT).replace('_', '-'))
                  .append('=')
                  .append(letters));
      return String.format(
          "backtest: read=%d%s incidents=%d statements=%d dead-lettered=%d%s counts=%d alerts=%d "
              + "opened=%d elapsed=%.1fs",
          read,
          retracted.isPresent() ? " retracted=" + retracted.getAsLong() : "",
          incidents,
          statements,
          deadLettered,
          by.length() == 0 ? "" : by + ")",
          counts,
          alerts,
          alertsOpened,
          elapsed.toMillis() / 1000.0);
    }
  }

  /** Where outputs go; the NDJSON writer for files, or anything else (tests collect them). */
  public interface Sink {
    void count(String key, RollingCount count);

    /** False when count records are not read (they are still computed and counted). */
    default boolean wantsCounts() {
      return true;
    }

    void alert(SurgeAlert alert);

    void deadLetter(DeadLetter deadLetter);

    /**
     * A country and kind's statement count as the replay leaves it (what {@code
     * security.statement-counts.v1} holds last under its key), each once, in key order, after the
     * alerts; not kept unless a sink keeps it.
     */
    default void statementCount(StatementCount count) {}
  }

  /**
   * A sink that keeps every output in memory, in emission order (count records of parallel
   * partitions interleave).
   */
  public static final class Collected implements Sink {
    public final List<RollingCount> counts = Collections.synchronizedList(new ArrayList<>());
    public final List<SurgeAlert> alerts = Collections.synchronizedList(new ArrayList<>());
    public final List<DeadLetter> deadLetters = Collections.synchronizedList(new ArrayList<>());
    public final List<StatementCount> statementCounts =
        Collections.synchronizedList(new ArrayList<>());

    @Override
    public void count(final String key, final RollingCount count) {
      counts.add(count);
    }

    @Override
    public void alert(final SurgeAlert alert) {
      alerts.add(alert);
    }

    @Override
    public void deadLetter(final DeadLetter deadLetter) {
      deadLetters.add(deadLetter);
    }

    @Override
    public void statementCount(final StatementCount count) {
      statementCounts.add(count);
    }
  }

  private final EventTypes eventTypes;
  private final int inputPartitions;
  private final InputParts inputParts;
  private final boolean onTime;
  private final int graceDays;
  private final ReplayPipeline pipeline;

  /** Whether the inputs were published one after another rather than as one stream. */
  private boolean inTurn;

  public Backtest(final SurgewatchConfig config) {
    this(
        config,
        config.getInt(Keys.BACKTEST_READ_THREADS) > 0
            ? config.getInt(Keys.BACKTEST_READ_THREADS)
            : Runtime.getRuntime().availableProcessors(),
        16L << 20);
  }

  /**
   * @param readThreads threads that parse one large file
   * @param minPartBytes the smallest part of a file worth a thread of its own
   */
  Backtest(final SurgewatchConfig config, final int readThreads, final long minPartBytes) {
    final EngineConfig engineConfig = EngineConfig.from(config);
    this.eventTypes = EventTypes.of(config.getList(Keys.INCIDENTS_COUNTED_TYPES));
    this.inputPartitions = config.getInt(Keys.TOPIC_INPUT_PARTITIONS);
    this.onTime = config.get(Keys.BACKTEST_REPORTED_AT).equalsIgnoreCase("event-day");
    this.graceDays = config.getInt(Keys.GRACE_DAYS);
    this.inputParts =
        new InputParts(
            eventTypes, Math.max(1, readThreads), minPartBytes, RecordSizeLimit.of(config));
    final int partitions = config.getInt(Keys.TOPIC_PARTITIONS);
    // Cube threads: one per partition by default. Partitions are uneven (shards land where their
    // hash puts them), and pinning several to one thread per core left a core idle for part of the
    // run; with a thread each the scheduler balances them. backtest.cube-threads overrides.
    final int cubeThreads =
        config.getInt(Keys.BACKTEST_CUBE_THREADS) > 0
            ? config.getInt(Keys.BACKTEST_CUBE_THREADS)
            : partitions;
    this.pipeline =
        new ReplayPipeline(
            engineConfig,
            eventTypes,
            partitions,
            cubeThreads,
            config.getInt(Keys.STATEMENT_RETENTION_DAYS));
  }

  /**
   * Takes the inputs as published one after another, each with {@code produce} once the one before
   * it was (an export, then the corrections that came later): a report of a later file dated at or
   * before what the earlier ones published is late, and the app places it just after their latest
   * time ({@link Arrivals#publishedAfter}) rather than among them, as one merged stream would.
   */
  public Backtest inputsInTurn() {
    return inputsInTurn(null);
  }

  /**
   * {@link #inputsInTurn()}, refused with {@code --replaces} (which replays the older export and
   * then the inputs as one run after it, its retractions in that run) and with {@code
   * backtest.reported-at=event-day} (one stream by event day, where no report is late).
   *
   * @param replaces the older export the inputs replace, or null
   */
  public Backtest inputsInTurn(final Path replaces) {
    if (replaces != null) {
      throw new IllegalArgumentException(
          "--in-turn and --replaces do not go together: --replaces already replays the inputs as"
              + " one run after the older export");
    }
    if (onTime) {
      throw new IllegalArgumentException(
          "--in-turn does nothing with "
              + Keys.BACKTEST_REPORTED_AT
              + "=event-day: every report is taken at the end of its event day, none is late");
    }
    this.inTurn = true;
    return this;
  }

  /**
   * Runs over a file and writes alerts.ndjson, counts.ndjson (unless {@code writeCounts} is false),
   * dead-letter.ndjson and statement-counts.ndjson. The files are written under temporary names and
   * take their names only when the run succeeds: a failed run leaves the outputs of the previous
   * one as they were, never empty files that read as "no alerts".
   */
  public Summary run(
      final List<Path> inputs,
      final InputFormat format,
      final Path outDir,
      final boolean writeCounts) {
    return run(inputs, format, outDir, writeCounts, null);
  }

  /**
   * @param replaces an older export of the same source that {@code inputs} replace, or null: it is
   *     replayed first and the inputs after it, as the app takes them published after it ({@link
   *     Arrivals#publishedAfter}), and its incidents the inputs no longer hold are retracted, as
   *     {@code produce --replaces} does
   */
  public Summary run(
      final List<Path> inputs,
      final InputFormat format,
      final Path outDir,
      final boolean writeCounts,
      final Path replaces) {
    return run(inputs, Collections.nCopies(inputs.size(), format), outDir, writeCounts, replaces);
  }

  /**
   * As {@link #run(List, InputFormat, Path, boolean, Path)} with a format for each input (an ACLED
   * export and ACLED's deletions list, say).
   */
  public Summary run(
      final List<Path> inputs,
      final List<InputFormat> formats,
      final Path outDir,
      final boolean writeCounts,
      final Path replaces) {
    return NdjsonOutputs.write(outDir, writeCounts, files -> run(inputs, formats, replaces, files));
  }

  /**
   * Several files are one arrival stream: merged, then sorted by reported-at (ties in file order).
   */
  public Summary run(final List<Path> inputs, final InputFormat format, final Sink output) {
    return run(inputs, format, null, output);
  }

  /**
   * {@link #run(List, InputFormat, Sink)} with an older export the inputs replace (null for none).
   */
  public Summary run(
      final List<Path> newer, final InputFormat format, final Path replaces, final Sink output) {
    return run(newer, Collections.nCopies(newer.size(), format), replaces, output);
  }

  /**
   * {@link #run(List, InputFormat, Path, Sink)} with a format for each of {@code newer}; an older
   * export they replace is of the format they share, deletions lists aside ({@link
   * Replacement#replacedFormat}).
   */
  public Summary run(
      final List<Path> newer,
      final List<InputFormat> newerFormats,
      final Path replaces,
      final Sink output) {
    if (newerFormats.size() != newer.size()) {
      throw new IllegalArgumentException(
          newerFormats.size() + " formats for " + newer.size() + " input files");
    }
    if (newer.isEmpty()) {
      throw new IllegalArgumentException("no input file");
    }
    if (inTurn) {
      inputsInTurn(replaces); // refuses --replaces
    }
    final InputFormat format = replaces == null ? null : Replacement.replacedFormat(newerFormats);
    final List<Path> inputs = new ArrayList<>();
    final List<InputFormat> formats = new ArrayList<>();
    if (replaces != null) {
      inputs.add(replaces); // file 0: its retractions below point at its lines
      formats.add(format);
    }
    inputs.addAll(newer);
    formats.addAll(newerFormats);
    // The newer export: the inputs of the older one's format (a deletions list beside it is
    // replayed as it is, as produce publishes it without --replaces).
    final BitSet replacing = new BitSet();
    final List<Path> newerExport = new ArrayList<>();
    for (int f = 1; replaces != null && f < inputs.size(); f++) {
      if (formats.get(f) == format) {
        replacing.set(f);
        newerExport.add(inputs.get(f));
      }
    }
    final long start = System.nanoTime();
    // Dead letters by category, for the summary (set-aside types are not errors: a person reads
    // them differently).
    final Map<String, Long> deadBy = new TreeMap<>();
    final List<String> notes = new ArrayList<>();
    if (onTime) {
      notes.add(
          "every incident report taken as reported at the end of its event day"
              + " (backtest.reported-at=event-day): the surges as they would have been seen as they"
              + " happened");
    }
    final Sink sink = countingDeadLetters(output, deadBy);
    final Instant now = Instant.now();
    final Arrivals arrivals = new Arrivals();
    long read = 0;
    long dead = 0;
    for (int f = 0; f < inputs.size(); f++) {
      for (final InputParts.Part part :
          inputParts.read(inputs.get(f), formats.get(f), f, now, sink)) {
        read += part.read;
        dead += part.dead;
        part.notes.stream().filter(note -> !notes.contains(note)).forEach(notes::add);
        arrivals.addAll(part.arrivals);
        part.held.deliverTo(sink);
      }
    }
    if (replaces != null) {
      // File 0 is the older export: the newer ones' reports of its incidents stand over its own.
      final Replacement.Raised raised =
          arrivals.notBefore(
              Replacement.floors(replaces, format, EventPreparer.standard()),
              replacing,
              replaces.getFileName().toString());
      raised.note(replaces).ifPresent(notes::add);
    }
    if (onTime) {
      arrivals.reportedOnTime();
    }
    final int retractionFile = inputs.size(); // not a file read: retractions are not records read
    final OptionalLong retracted =
        replaces == null
            ? OptionalLong.empty()
            : retract(replaces, format, newerExport, arrivals, retractionFile, notes);
    placeInTurn(arrivals, replaces, retractionFile);
    final ReplayPipeline.Result replayed =
        pipeline.replay(arrivals, arrivals.arrivalOrder(inputPartitions), retractionFile, sink);
    dead += LateDeadLetters.write(inputs, formats, replayed.refused(), sink, now);
    notes.addAll(replayNotes(replayed));
    return new Summary(
        read,
        retracted,
        replayed.incidents(),
        replayed.statements(),
        dead,
        replayed.counts(),
        replayed.alerts(),
        replayed.alertsOpened(),
        Duration.ofNanos(System.nanoTime() - start),
        deadBy,
        notes);
  }

  /** {@code output}, counting its dead letters by category for the summary. */
  private static Sink countingDeadLetters(final Sink output, final Map<String, Long> deadBy) {
    return new Sink() {
      @Override
      public void count(final String key, final RollingCount count) {
        output.count(key, count);
      }

      @Override
      public boolean wantsCounts() {
        return output.wantsCounts();
      }

      @Override
      public void alert(final SurgeAlert alert) {
        output.alert(alert);
      }

      @Override
      public synchronized void deadLetter(final DeadLetter deadLetter) {
        deadBy.merge(deadLetter.getCategory(), 1L, Long::sum);
        output.deadLetter(deadLetter);
      }

      @Override
      public void statementCount(final StatementCount count) {
        output.statementCount(count);
      }
    };
  }

  /**
   * Adds the retractions of the incidents {@code replaces} held that the newer export does not, as
   * {@code produce --replaces} publishes them, and notes them; returns how many.
   */
  private OptionalLong retract(
      final Path replaces,
      final InputFormat format,
      final List<Path> newerExport,
      final Arrivals arrivals,
      final int retractionFile,
      final List<String> notes) {
    final ReportInterner interner = new ReportInterner(eventTypes);
    final List<Replacement.Retraction> gone =
        Replacement.retractions(replaces, newerExport, format, EventPreparer.standard());
    gone.forEach(
        retraction ->
            arrivals.add(
                retraction.event().getReportedAt().toEpochMilli(),
                retractionFile,
                retraction.line(),
                interner.report(retraction.event())));
    notes.add(Replacement.retractedNote(gone.size(), replaces, newerExport));
    return OptionalLong.of(gone.size());
  }

  /** Places later files after earlier ones where they were published run after run. */
  private void placeInTurn(final Arrivals arrivals, final Path replaces, final int retractionFile) {
    if (inTurn) {
      // Each file (then the retractions) after all the ones before, as produce publishes them run
      // after run.
      for (int f = 1; f <= retractionFile; f++) {
        arrivals.publishedAfter(f);
      }
    } else if (replaces != null && !onTime) {
      // The newer files come after the older one, as produce publishes them (--replaces).
      arrivals.publishedAfter(1);
    }
  }

  /** What the summary says of what the replay did beyond its figures. */
  private List<String> replayNotes(final ReplayPipeline.Result replayed) {
    final List<String> notes = new ArrayList<>();
    if (replayed.lateRetractions() > 0) {
      notes.add(
          replayed.lateRetractions()
              + " retractions of incidents the older export held came too late for the history"
              + " (history.days) and changed nothing: dead-lettered TOO_LATE, as the app does");
    }
    if (replayed.idleRetractions() > 0) {
      notes.add(
          replayed.idleRetractions()
              + " retractions took nothing out: no report of their id was counted when they came "
              + "(never seen, or out of the counts already by a later report): "
              + String.join(", ", replayed.idleRetractionIds())
              + (replayed.idleRetractions() > replayed.idleRetractionIds().size() ? ", ..." : ""));
    }
    if (replayed.setAsideRepeats() > 0) {
      notes.add(
          replayed.setAsideRepeats()
              + " reports repeated a report set aside before (the same type that does not count,"
              + " the same figures: a re-downloaded export): not dead-lettered NOT_COUNTED again;"
              + " among the incidents, as repeats of counted reports are");
    }
    if (replayed.beforeGrace() > 0) {
      notes.add(
          replayed.beforeGrace()
              + " reports changed only days more than grace.days ("
              + graceDays
              + ") before the latest reported-at when they came: their counts changed, no alert"
              + " was re-tested"
              + (onTime
                  ? ""
                  : " (backtest.reported-at=event-day replays an export as if reported on time)"));
    }
    if (replayed.keyUpdates().length > 1) {
      notes.add(replayed.workByPartition());
    }
    return notes;
  }
}
