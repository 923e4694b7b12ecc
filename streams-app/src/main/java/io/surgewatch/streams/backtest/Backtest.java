package io.surgewatch.streams.backtest;

import io.surgewatch.core.DeadLetters;
import io.surgewatch.core.EventJson;
import io.surgewatch.core.EventPreparer;
import io.surgewatch.core.EventTypes;
import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.events.v1.DeadLetter;
import io.surgewatch.events.v1.IncidentEvent;
import io.surgewatch.events.v1.RollingCount;
import io.surgewatch.events.v1.StatementEvent;
import io.surgewatch.events.v1.SurgeAlert;
import io.surgewatch.inputs.FileParts;
import io.surgewatch.inputs.InputFormat;
import io.surgewatch.inputs.InputReader;
import io.surgewatch.inputs.InputRecord;
import io.surgewatch.inputs.Replacement;
import io.surgewatch.streams.engine.AlertStories;
import io.surgewatch.streams.engine.Contribution;
import io.surgewatch.streams.engine.CubeEngine;
import io.surgewatch.streams.engine.EngineConfig;
import io.surgewatch.streams.engine.EngineOutput;
import io.surgewatch.streams.engine.InMemoryCubeStores;
import io.surgewatch.streams.engine.RevisionTracker;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Utils;

/**
 * Replays a file through the same engine as the streams app, in arrival order, and writes every output as NDJSON.
 * Arrival order is the app's: by reported-at, ties by the input partition the id hashes to (Kafka's default
 * partitioner over {@code topic.input-partitions}), then in file order (a partition's offsets). The cube is split
 * into the same partitions as the app's cube-contributions topic (Kafka's own key hash), because each shard closes
 * days by its own watermark; so backtest and app produce the same records for the same input partition count.
 */
public final class Backtest {

  /**
   * What a run did. Every record read is an incident or a statement processed, or dead-lettered with its reason:
   * {@code read = incidents + statements + deadLettered}.
   */
  public record Summary(long read, long incidents, long statements, long deadLettered, long counts, long alerts,
      long alertsOpened, Duration elapsed, Map<String, Long> deadLetteredBy, List<String> notes) {
    public String line() {
      final StringBuilder by = new StringBuilder();
      deadLetteredBy.forEach((category, n) -> by.append(by.length() == 0 ? " (" : " ")
          .append(category.toLowerCase(java.util.Locale.ROOT).replace('_', '-')).append('=').append(n));
      return String.format("backtest: read=%d incidents=%d statements=%d dead-lettered=%d%s counts=%d alerts=%d "
          + "opened=%d elapsed=%.1fs", read, incidents, statements, deadLettered, by.length() == 0 ? "" : by + ")",
          counts, alerts, alertsOpened, elapsed.toMillis() / 1000.0);
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
  }

  private final SurgewatchConfig config;
  private final EngineConfig engineConfig;
  private final EventTypes eventTypes;
  private final int partitions;
  private final int inputPartitions;

  /** Threads that parse one large file, and the smallest part worth a thread of its own. */
  private final int readThreads;
  private final long minPartBytes;

  public Backtest(final SurgewatchConfig config) {
    this(config, config.getInt(Keys.BACKTEST_READ_THREADS) > 0 ? config.getInt(Keys.BACKTEST_READ_THREADS)
        : Runtime.getRuntime().availableProcessors(), 16L << 20);
  }

  Backtest(final SurgewatchConfig config, final int readThreads, final long minPartBytes) {
    this.readThreads = Math.max(1, readThreads);
    this.minPartBytes = minPartBytes;
    this.config = config;
    this.engineConfig = EngineConfig.from(config);
    this.eventTypes = EventTypes.of(config.getList(Keys.INCIDENTS_COUNTED_TYPES));
    this.partitions = config.getInt(Keys.TOPIC_PARTITIONS);
    this.inputPartitions = config.getInt(Keys.TOPIC_INPUT_PARTITIONS);
  }

  /**
   * Runs over a file and writes alerts.ndjson, counts.ndjson (unless {@code writeCounts} is false), dead-letter.ndjson.
   * The files are written under temporary names and take their names only when the run succeeds: a failed run
   * leaves the outputs of the previous one as they were, never empty files that read as "no alerts".
   */
  public Summary run(final List<Path> inputs, final InputFormat format, final Path outDir, final boolean writeCounts) {
    return run(inputs, format, outDir, writeCounts, null);
  }

  /**
   * @param replaces an older export of the same source that {@code inputs} replace, or null: it is replayed first,
   *     and its incidents the inputs no longer hold are retracted, as {@code produce --replaces} does
   */
  public Summary run(final List<Path> inputs, final InputFormat format, final Path outDir, final boolean writeCounts,
      final Path replaces) {
    final List<String> names = writeCounts ? List.of("alerts.ndjson", "counts.ndjson", "dead-letter.ndjson")
        : List.of("alerts.ndjson", "dead-letter.ndjson");
    try {
      Files.createDirectories(outDir);
    } catch (final IOException e) {
      throw new UncheckedIOException("cannot create the output directory " + outDir + ": " + e.getMessage(), e);
    }
    final Map<String, Path> partial = new HashMap<>();
    names.forEach(n -> partial.put(n, outDir.resolve("." + n + ".partial")));
    boolean done = false;
    try {
      final Summary summary;
      try (Writer alerts = writer(partial.get("alerts.ndjson"));
           Writer counts = writeCounts ? writer(partial.get("counts.ndjson")) : Writer.nullWriter();
           Writer dead = writer(partial.get("dead-letter.ndjson"))) {
        summary = run(inputs, format, replaces, new Sink() {
          @Override
          public boolean wantsCounts() {
            return writeCounts;
          }

          @Override
          public void count(final String key, final RollingCount count) {
            if (writeCounts) {
              write(counts, CountJson.write(count));
            }
          }

          @Override
          public void alert(final SurgeAlert alert) {
            write(alerts, EventJson.toJson(alert));
          }

          @Override
          public void deadLetter(final DeadLetter deadLetter) {
            write(dead, EventJson.toJson(deadLetter));
          }
        });
      }
      for (final String n : names) {
        Files.move(partial.get(n), outDir.resolve(n), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      }
      if (!writeCounts) {
        Files.deleteIfExists(outDir.resolve("counts.ndjson")); // an earlier run's counts would not match these alerts
      }
      done = true;
      return summary;
    } catch (final IOException e) {
      throw new UncheckedIOException("cannot write to " + outDir + ": " + e.getMessage(), e);
    } finally {
      if (!done) {
        for (final Path p : partial.values()) {
          try {
            Files.deleteIfExists(p);
          } catch (final IOException e) {
            // the run's own error is the one to report
          }
        }
      }
    }
  }

  private static Writer writer(final Path p) throws IOException {
    return new BufferedWriter(Files.newBufferedWriter(p, StandardCharsets.UTF_8), 1 << 16);
  }

  private static void write(final Writer w, final String line) {
    try {
      w.write(line);
      w.write('\n');
    } catch (final IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Something emitted or read, with the arrival sequence that caused it, so stories are told in arrival order. */
  private record Sequenced(long seq, int partition, int order, Object value) {}

  /**
   * Cube threads: one per partition by default. Partitions are uneven (the global shard and the busiest countries
   * land where their hash puts them), and pinning several to one thread per core left a core idle for a third of
   * the run; with a thread each the scheduler balances them. backtest.cube-threads overrides.
   */
  private int threads() {
    final int configured = config.getInt(Keys.BACKTEST_CUBE_THREADS);
    return configured > 0 ? configured : partitions;
  }

  /**
   * What one thread read of one part of a file: its arrivals, and its rejections in file order. The first part
   * hands rejections to the sink as it reads; later parts spool them to a temporary file until the parts before
   * them are done (ACLED exports are mostly rows that are not counted: holding them in memory would not scale).
   */
  private static final class ReadPart {
    final Arrivals arrivals = new Arrivals();
    final List<String> notes = new ArrayList<>();
    int file;
    long read;
    long dead;
    private Path spool;

    /** Hands the spooled rejections to the sink, one at a time in order (none for the first part); then discards. */
    void deliverDead(final Sink sink) {
      if (spool == null) {
        return;
      }
      final org.apache.avro.specific.SpecificDatumReader<DeadLetter> reader =
          new org.apache.avro.specific.SpecificDatumReader<>(DeadLetter.class);
      try (java.io.InputStream in = new java.io.BufferedInputStream(Files.newInputStream(spool), 1 << 16)) {
        final org.apache.avro.io.BinaryDecoder decoder = org.apache.avro.io.DecoderFactory.get().binaryDecoder(in, null);
        while (!decoder.isEnd()) {
          sink.deadLetter(reader.read(null, decoder)); // a new record each: sinks may keep them
        }
      } catch (final IOException e) {
        throw new UncheckedIOException("cannot read back spooled dead letters from " + spool, e);
      } finally {
        discard();
      }
    }

    /** Removes the spool file, if any. */
    void discard() {
      if (spool != null) {
        try {
          Files.deleteIfExists(spool);
        } catch (final IOException ignored) {
          // a temporary file, marked for deletion on exit as well
        }
      }
    }
  }

  /**
   * Reads a file, in parts on several threads when it is large (parsing and validating rows is most of the reading
   * time, and the cube's threads have not started yet); the parts come back in file order, so arrival ties and dead
   * letters keep the file's order.
   */
  private List<ReadPart> readParts(final Path file, final InputFormat format, final int fileIndex,
      final Instant now, final Sink sink) {
    final List<FileParts.Part> parts = FileParts.split(file, format, readThreads, minPartBytes);
    final List<java.util.concurrent.CompletableFuture<ReadPart>> reading = new ArrayList<>();
    final java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(parts.size(),
        r -> {
          final Thread t = new Thread(r, "backtest-read");
          t.setDaemon(true);
          return t;
        });
    try {
      for (final FileParts.Part part : parts) {
        final boolean first = reading.isEmpty();
        reading.add(java.util.concurrent.CompletableFuture.supplyAsync(
            () -> readPart(file, format, fileIndex, part, now, first ? sink : null, eventTypes), pool));
      }
      final List<ReadPart> out = new ArrayList<>();
      try {
        for (final java.util.concurrent.CompletableFuture<ReadPart> r : reading) {
          out.add(join(r));
        }
      } catch (final RuntimeException e) {
        // Parts that were read leave no spool behind.
        reading.forEach(r -> r.thenAccept(ReadPart::discard));
        throw e;
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  private static ReadPart join(final java.util.concurrent.CompletableFuture<ReadPart> r) {
    try {
      return r.join();
    } catch (final java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re; // an unreadable file is reported as the single reader reports it
      }
      throw e;
    }
  }

  /** Reads one part; rejections go to {@code sink} when given (the first part), else to a spool file. */
  private static ReadPart readPart(final Path file, final InputFormat format, final int fileIndex,
      final FileParts.Part part, final Instant now, final Sink sink, final EventTypes types) {
    final ReadPart out = new ReadPart();
    final Interner interner = new Interner(types);
    java.io.OutputStream spool = null;
    org.apache.avro.io.BinaryEncoder encoder = null;
    final org.apache.avro.specific.SpecificDatumWriter<DeadLetter> writer =
        new org.apache.avro.specific.SpecificDatumWriter<>(DeadLetter.class);
    try (InputReader reader = FileParts.open(file, format, EventPreparer.standard(), part)) {
      while (reader.hasNext()) {
        final InputRecord r = reader.next();
        out.read++;
        if (r instanceof InputRecord.Parsed p) {
          if (p.event() instanceof IncidentEvent e) {
            out.arrivals.add(e.getReportedAt().toEpochMilli(), fileIndex, p.line(), interner.report(e));
          } else {
            final StatementEvent st = (StatementEvent) p.event();
            out.arrivals.add(st.getMadeAt().toEpochMilli(), fileIndex, p.line(), st);
          }
          continue;
        }
        final InputRecord.Rejected x = (InputRecord.Rejected) r;
        final DeadLetter d = DeadLetters.fromFile(reader.sourceName(), x.line(), x.recordId(),
            reader.selfContainedText(x), x.category(), x.error(), x.reason(), now);
        out.dead++;
        if (sink != null) {
          synchronized (sink) {
            sink.deadLetter(d);
          }
          continue;
        }
        if (spool == null) {
          out.spool = Files.createTempFile("surgewatch-backtest-dead", ".avro");
          out.spool.toFile().deleteOnExit();
          spool = new java.io.BufferedOutputStream(Files.newOutputStream(out.spool), 1 << 16);
          encoder = org.apache.avro.io.EncoderFactory.get().binaryEncoder(spool, null);
        }
        writer.write(d, encoder);
      }
      out.file = fileIndex;
      out.notes.addAll(reader.notes());
      if (encoder != null) {
        encoder.flush();
      }
    } catch (final IOException | RuntimeException e) {
      closeQuietly(spool);
      spool = null;
      out.discard();
      if (e instanceof RuntimeException re) {
        throw re;
      }
      throw new UncheckedIOException("cannot spool dead letters of " + file + ": " + e.getMessage(), (IOException) e);
    } finally {
      closeQuietly(spool); // a spool that cannot be closed fails its read-back
    }
    return out;
  }

  private static void closeQuietly(final java.io.Closeable c) {
    if (c != null) {
      try {
        c.close();
      } catch (final IOException ignored) {
        // already failing
      }
    }
  }

  /** A report stage 1 dead-letters (too late, or set aside), written with its original text at the end. */
  private record Late(int file, long line, String id, String category, String field, String reason) {}

  /** Several files are one arrival stream: merged, then sorted by reported-at (ties in file order). */
  public Summary run(final List<Path> inputs, final InputFormat format, final Sink output) {
    return run(inputs, format, null, output);
  }

  /** {@link #run(List, InputFormat, Sink)} with an older export the inputs replace (null for none). */
  public Summary run(final List<Path> newer, final InputFormat format, final Path replaces, final Sink output) {
    final List<Path> inputs = new ArrayList<>();
    if (replaces != null) {
      inputs.add(replaces); // file 0: its retractions below point at its lines
    }
    inputs.addAll(newer);
    final long start = System.nanoTime();
    // Dead letters by category, for the summary (set-aside types are not errors: a person reads them differently).
    final Map<String, Long> deadBy = new java.util.TreeMap<>();
    final List<String> notes = new ArrayList<>();
    final Sink sink = new Sink() {
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
    };
    final Instant now = Instant.now();
    // Arrivals in parallel arrays: millions of reports are held as compact stage-1 reports, not full events.
    final Arrivals arrivals = new Arrivals();
    long read = 0;
    long dead = 0;
    for (int f = 0; f < inputs.size(); f++) {
      for (final ReadPart part : readParts(inputs.get(f), format, f, now, sink)) {
        read += part.read;
        dead += part.dead;
        part.notes.stream().map(n -> inputs.get(part.file) + ": " + n).filter(n -> !notes.contains(n))
            .forEach(notes::add);
        arrivals.addAll(part.arrivals);
        part.deliverDead(sink);
      }
    }
    final int retractionFile = inputs.size(); // not a file read: retractions are not records read
    if (replaces != null) {
      final Interner interner = new Interner(eventTypes);
      final List<Replacement.Retraction> gone = Replacement.retractions(replaces, newer, format, EventPreparer.standard());
      gone.forEach(r -> arrivals.add(r.event().getReportedAt().toEpochMilli(), retractionFile, r.line(),
          interner.report(r.event())));
      notes.add("retracted " + gone.size() + " incidents of " + replaces + " that " + newer.get(newer.size() - 1)
          + " no longer holds");
    }
    long lateRetractions = 0;
    final int[] order = arrivals.arrivalOrder(inputPartitions);

    // Stage 1 runs here in arrival order; the cube's partitions run on worker threads. Alerts are collected with
    // the arrival sequence that triggered them and told as stories afterwards, in that order, statements included.
    final java.util.concurrent.atomic.AtomicLong countRecords = new java.util.concurrent.atomic.AtomicLong();
    final List<List<Sequenced>> alertsByPartition = new ArrayList<>();
    final long[] currentSeq = new long[partitions];
    final Sink lockedSink = sink;
    final CubeWorkers workers = new CubeWorkers(partitions, threads(), p -> {
      final List<Sequenced> alerts = new ArrayList<>();
      alertsByPartition.add(alerts);
      return new CubeEngine(engineConfig, new InMemoryCubeStores(engineConfig), new EngineOutput() {
        @Override
        public void count(final String key, final RollingCount count) {
          countRecords.incrementAndGet();
          synchronized (lockedSink) {
            lockedSink.count(key, count);
          }
        }

        @Override
        public boolean wantsCounts() {
          return sink.wantsCounts();
        }

        @Override
        public void countSkipped() {
          countRecords.incrementAndGet();
        }

        @Override
        public void alert(final SurgeAlert alert) {
          alerts.add(new Sequenced(currentSeq[p], p, alerts.size(), alert));
        }
      });
    }, p -> seq -> currentSeq[p] = seq);

    final Map<String, Integer> partitionOf = new HashMap<>();
    final long[] keyUpdates = new long[partitions]; // the cube's work by partition, for the notes
    final java.util.function.BiConsumer<Integer, List<Contribution>> toCube = (seq, contributions) -> {
      for (final Contribution contribution : contributions) {
        final int p = partitionOf.computeIfAbsent(contribution.shardKey(), this::partition);
        keyUpdates[p] += contribution.cubeKeys().size();
        workers.apply(seq, p, contribution);
      }
    };
    final RevisionTracker tracker = new RevisionTracker(RevisionTracker.Store.inMemory(), engineConfig.historyDays(),
        eventTypes);

    long statements = 0;
    long incidents = 0;
    final List<Sequenced> statementArrivals = new ArrayList<>();
    final List<Late> late = new ArrayList<>();
    for (int n = 0; n < order.length; n++) {
      final int i = order[n];
      final Object item = arrivals.items[i];
      if (item instanceof StatementEvent s) {
        statements++;
        statementArrivals.add(new Sequenced(n, -1, 0, s));
        continue;
      }
      final RevisionTracker.Report report = (RevisionTracker.Report) item;
      final RevisionTracker.Outcome outcome = tracker.accept(report);
      if (arrivals.files[i] == retractionFile) {
        if (outcome instanceof RevisionTracker.Counted c) {
          toCube.accept(n, c.contributions());
        } else if (outcome instanceof RevisionTracker.TooLate) {
          lateRetractions++;
        }
        continue;
      }
      incidents++;
      if (outcome instanceof RevisionTracker.Counted c) {
        toCube.accept(n, c.contributions());
      } else if (outcome instanceof RevisionTracker.SetAside setAside) {
        toCube.accept(n, setAside.contributions());
        incidents--; // dead-lettered below, with its original text
        late.add(new Late(arrivals.files[i], arrivals.lines[i], report.id(), DeadLetters.NOT_COUNTED,
            RevisionTracker.SetAside.FIELD, setAside.reason()));
      } else if (outcome instanceof RevisionTracker.TooLate tooLate) {
        incidents--; // dead-lettered below, with its original text
        late.add(new Late(arrivals.files[i], arrivals.lines[i], report.id(), DeadLetters.TOO_LATE,
            RevisionTracker.TooLate.FIELD, tooLate.reason()));
      }
    }
    workers.finish();

    final AlertStories stories = new AlertStories(new AlertStories.InMemory(), engineConfig.statementContextDays(),
        config.getInt(Keys.STATEMENT_RETENTION_DAYS));
    final List<Sequenced> story = new ArrayList<>(statementArrivals);
    alertsByPartition.forEach(story::addAll);
    story.sort(java.util.Comparator.comparingLong(Sequenced::seq).thenComparingInt(Sequenced::partition)
        .thenComparingInt(Sequenced::order));
    final long[] alertCounts = new long[2];
    for (final Sequenced x : story) {
      if (x.value() instanceof StatementEvent s) {
        stories.statement(s);
      } else {
        stories.alert((SurgeAlert) x.value(), (id, enriched) -> {
          alertCounts[0]++;
          if (enriched.getStatus() == io.surgewatch.events.v1.AlertStatus.OPEN) {
            alertCounts[1]++;
          }
          sink.alert(enriched);
        });
      }
    }
    dead += writeLate(inputs, format, late, sink, now);
    if (partitions > 1 && java.util.Arrays.stream(keyUpdates).sum() > 0) {
      notes.add(workByPartition(keyUpdates));
    }
    if (lateRetractions > 0) {
      notes.add(lateRetractions + " retractions came too late for the history (history.days) and changed nothing");
    }
    return new Summary(read, incidents, statements, dead, countRecords.get(), alertCounts[0], alertCounts[1],
        Duration.ofNanos(System.nanoTime() - start), deadBy, notes);
  }

  /**
   * Dead-letters too-late reports with their original text, read again from the files: keeping every report's text
   * in memory for the few that turn out late would multiply the memory a large backtest needs.
   */
  private static long writeLate(final List<Path> inputs, final InputFormat format, final List<Late> late, final Sink sink,
      final Instant now) {
    for (int f = 0; f < inputs.size(); f++) {
      final int file = f;
      final Map<Long, Late> byLine = new HashMap<>();
      late.stream().filter(l -> l.file() == file).forEach(l -> byLine.put(l.line(), l));
      if (byLine.isEmpty()) {
        continue;
      }
      try (InputReader reader = InputReader.open(inputs.get(f), format, EventPreparer.standard())) {
        while (reader.hasNext() && !byLine.isEmpty()) {
          final InputRecord r = reader.next();
          final Late l = byLine.remove(r.line());
          if (l != null) {
            final DeadLetter dead = DeadLetters.fromFile(reader.sourceName(), l.line(), l.id(),
                reader.selfContainedText(r), l.category(), null, "line " + l.line() + ": " + l.reason(), now);
            dead.setField(l.field());
            sink.deadLetter(dead);
          }
        }
      }
    }
    return late.size();
  }

  /** Arrivals in parallel arrays, and their stable order by time. */
  private static final class Arrivals {
    long[] at = new long[1024];
    int[] files = new int[1024];
    long[] lines = new long[1024];
    Object[] items = new Object[1024];
    int size;

    void add(final long time, final int file, final long line, final Object item) {
      if (size == at.length) {
        final int n = size * 2;
        at = java.util.Arrays.copyOf(at, n);
        files = java.util.Arrays.copyOf(files, n);
        lines = java.util.Arrays.copyOf(lines, n);
        items = java.util.Arrays.copyOf(items, n);
      }
      at[size] = time;
      files[size] = file;
      lines[size] = line;
      items[size] = item;
      size++;
    }

    void addAll(final Arrivals o) {
      for (int i = 0; i < o.size; i++) {
        add(o.at[i], o.files[i], o.lines[i], o.items[i]);
      }
    }

    /**
     * Indices sorted by time, ties by the input partition the event's id hashes to among {@code inputPartitions},
     * then in file order (a stable merge sort on primitive arrays).
     */
    int[] arrivalOrder(final int inputPartitions) {
      final int[] part = new int[size];
      if (inputPartitions > 1) {
        for (int i = 0; i < size; i++) {
          final String id = items[i] instanceof StatementEvent s ? s.getId()
              : ((RevisionTracker.Report) items[i]).counts().incidentId();
          part[i] = Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % inputPartitions;
        }
      }
      int[] a = new int[size];
      int[] b = new int[size];
      for (int i = 0; i < size; i++) {
        a[i] = i;
      }
      for (int width = 1; width < size; width *= 2) {
        for (int lo = 0; lo < size; lo += 2 * width) {
          final int mid = Math.min(lo + width, size);
          final int hi = Math.min(lo + 2 * width, size);
          int i = lo;
          int j = mid;
          int k = lo;
          while (i < mid && j < hi) {
            final boolean jFirst = at[a[j]] < at[a[i]] || at[a[j]] == at[a[i]] && part[a[j]] < part[a[i]];
            b[k++] = jFirst ? a[j++] : a[i++];
          }
          while (i < mid) {
            b[k++] = a[i++];
          }
          while (j < hi) {
            b[k++] = a[j++];
          }
        }
        final int[] t = a;
        a = b;
        b = t;
      }
      return a;
    }
  }

  /** Shares the few distinct country, region and group strings among millions of reports. */
  private static final class Interner {
    private final Map<String, String> strings = new HashMap<>();
    private final Map<List<String>, List<String>> lists = new HashMap<>();
    private final EventTypes types;

    Interner(final EventTypes types) {
      this.types = types;
    }

    RevisionTracker.Report report(final IncidentEvent e) {
      final RevisionTracker.Report r = RevisionTracker.Report.of(e, types);
      final Contribution c = r.counts();
      final Contribution shared = new Contribution(c.shard(), c.incidentId(), c.day(), s(c.country()), s(c.region()),
          lists.computeIfAbsent(c.groups(), g -> g.stream().map(this::s).toList()), c.tally());
      return new RevisionTracker.Report(r.reportedAt(), r.revision(), r.retracted(), shared, r.setAsideType());
    }

    private String s(final String v) {
      return strings.computeIfAbsent(v, x -> x);
    }
  }

  /** The cube's key updates by partition, and the largest against the mean (1.00: perfectly even). */
  static String workByPartition(final long[] keyUpdates) {
    final StringBuilder b = new StringBuilder("cube work by partition (key updates):");
    long max = 0;
    for (int p = 0; p < keyUpdates.length; p++) {
      b.append(" p").append(p).append('=').append(keyUpdates[p]);
      max = Math.max(max, keyUpdates[p]);
    }
    final double mean = java.util.Arrays.stream(keyUpdates).sum() / (double) keyUpdates.length;
    return b.append(String.format(java.util.Locale.ROOT, " max/mean=%.2f", max / mean)).toString();
  }

  /** Where the app's repartition puts the shard, so each partition's thread sees the app's task's sequence. */
  private int partition(final String shardKey) {
    return io.surgewatch.streams.engine.ShardPlacement.partition(shardKey, partitions);
  }
}
