package io.surgewatch.streams.backtest;

import io.surgewatch.core.DeadLetters;
import io.surgewatch.core.EventJson;
import io.surgewatch.core.EventPreparer;
import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.events.v1.DeadLetter;
import io.surgewatch.events.v1.IncidentEvent;
import io.surgewatch.events.v1.RollingCount;
import io.surgewatch.events.v1.StatementEvent;
import io.surgewatch.events.v1.SurgeAlert;
import io.surgewatch.producers.input.InputFormat;
import io.surgewatch.producers.input.InputReader;
import io.surgewatch.producers.input.InputRecord;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Utils;

/**
 * Replays a file through the same engine as the streams app, in arrival order (sorted by reported-at, ties in file
 * order), and writes every output as NDJSON. The cube is split into the same partitions as the app's
 * cube-contributions topic (Kafka's own key hash), because each stream task closes days by its own watermark; with
 * the app's input topics on one partition (the default), backtest and app produce the same records.
 */
public final class Backtest {

  public record Summary(long read, long incidents, long statements, long deadLettered, long counts, long alerts,
      long alertsOpened, Duration elapsed) {
    public String line() {
      return String.format("backtest: read=%d incidents=%d statements=%d dead-lettered=%d counts=%d alerts=%d "
          + "opened=%d elapsed=%.1fs", read, incidents, statements, deadLettered, counts, alerts, alertsOpened,
          elapsed.toMillis() / 1000.0);
    }
  }

  /** Where outputs go; the NDJSON writer for files, or anything else (tests collect them). */
  public interface Sink {
    void count(String key, RollingCount count);

    void alert(SurgeAlert alert);

    void deadLetter(DeadLetter deadLetter);
  }

  private final SurgewatchConfig config;
  private final EngineConfig engineConfig;
  private final int partitions;

  public Backtest(final SurgewatchConfig config) {
    this.config = config;
    this.engineConfig = EngineConfig.from(config);
    this.partitions = config.getInt(Keys.TOPIC_PARTITIONS);
  }

  /** Runs over a file and writes alerts.ndjson, counts.ndjson (unless {@code writeCounts} is false), dead-letter.ndjson. */
  public Summary run(final List<Path> inputs, final InputFormat format, final Path outDir, final boolean writeCounts) {
    try {
      Files.createDirectories(outDir);
      try (Writer alerts = writer(outDir.resolve("alerts.ndjson"));
           Writer counts = writeCounts ? writer(outDir.resolve("counts.ndjson")) : Writer.nullWriter();
           Writer dead = writer(outDir.resolve("dead-letter.ndjson"))) {
        if (!writeCounts) {
          Files.deleteIfExists(outDir.resolve("counts.ndjson"));
        }
        return run(inputs, format, new Sink() {
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
    } catch (final IOException e) {
      throw new UncheckedIOException("cannot write to " + outDir + ": " + e.getMessage(), e);
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

  private record Arrival(String file, long line, String rawText, Object event, Instant at) {}

  /** Several files are one arrival stream: merged, then sorted by reported-at (ties in file order). */
  public Summary run(final List<Path> inputs, final InputFormat format, final Sink sink) {
    final long start = System.nanoTime();
    final Instant now = Instant.now();
    final List<Arrival> arrivals = new ArrayList<>();
    long read = 0;
    long dead = 0;
    final EventPreparer preparer = EventPreparer.standard();
    for (final Path input : inputs) {
    try (InputReader reader = InputReader.open(input, format, preparer)) {
      final String sourceName = reader.sourceName();
      while (reader.hasNext()) {
        final InputRecord r = reader.next();
        read++;
        if (r instanceof InputRecord.Parsed p) {
          final Instant at = p.event() instanceof IncidentEvent e ? e.getReportedAt()
              : ((StatementEvent) p.event()).getMadeAt();
          arrivals.add(new Arrival(sourceName, p.line(), p.rawText(), p.event(), at));
        } else {
          final InputRecord.Rejected x = (InputRecord.Rejected) r;
          sink.deadLetter(DeadLetters.fromFile(sourceName, x.line(), x.recordId(), reader.selfContainedText(x),
              x.category(), x.error(), x.reason(), now));
          dead++;
        }
      }
    }
    }
    // Arrival order: by reported-at, ties in file order (the sort is stable).
    arrivals.sort(Comparator.comparing(Arrival::at));

    final long[] counters = new long[4]; // counts, alerts, opened, incidents
    final AlertStories stories = new AlertStories(new AlertStories.InMemory(), engineConfig.statementContextDays(),
        io.surgewatch.streams.topology.SurgewatchTopology.STATEMENT_RETENTION_DAYS);
    final EngineOutput out = new EngineOutput() {
      @Override
      public void count(final String key, final RollingCount count) {
        counters[0]++;
        sink.count(key, count);
      }

      @Override
      public void alert(final SurgeAlert alert) {
        stories.alert(alert, (id, enriched) -> {
          counters[1]++;
          if (enriched.getStatus() == io.surgewatch.events.v1.AlertStatus.OPEN) {
            counters[2]++;
          }
          sink.alert(enriched);
        });
      }
    };
    final CubeEngine[] engines = new CubeEngine[partitions];
    for (int p = 0; p < partitions; p++) {
      engines[p] = new CubeEngine(engineConfig, new InMemoryCubeStores(), out);
    }
    final Map<String, Integer> partitionOf = new HashMap<>();
    final Map<String, IncidentEvent> latest = new HashMap<>();
    final long[] watermark = {Long.MIN_VALUE};
    final RevisionTracker tracker = new RevisionTracker(new RevisionTracker.Store() {
      @Override
      public IncidentEvent latest(final String id) {
        return latest.get(id);
      }

      @Override
      public void put(final String id, final IncidentEvent event) {
        latest.put(id, event);
      }

      @Override
      public long watermark() {
        return watermark[0];
      }

      @Override
      public void watermark(final long reportedAtMs) {
        watermark[0] = reportedAtMs;
      }
    }, engineConfig.graceDays());

    long statements = 0;
    for (final Arrival a : arrivals) {
      if (a.event() instanceof StatementEvent s) {
        statements++;
        stories.statement(s);
        continue;
      }
      final IncidentEvent e = (IncidentEvent) a.event();
      counters[3]++;
      final RevisionTracker.Outcome outcome = tracker.accept(e);
      if (outcome instanceof RevisionTracker.Counted c) {
        for (final Contribution contribution : c.contributions()) {
          final int p = partitionOf.computeIfAbsent(contribution.shardKey(), this::partition);
          engines[p].apply(contribution);
        }
      } else if (outcome instanceof RevisionTracker.TooLate late) {
        sink.deadLetter(DeadLetters.fromFile(a.file(), a.line(), e.getId(), a.rawText(), DeadLetters.TOO_LATE,
            null, late.reason(), now));
        dead++;
      }
    }
    for (final CubeEngine engine : engines) {
      engine.flushOpenDay();
    }
    return new Summary(read, counters[3], statements, dead, counters[0], counters[1], counters[2],
        Duration.ofNanos(System.nanoTime() - start));
  }

  /** Kafka's default partitioner for keyed records, so shards land where the app's repartition puts them. */
  private int partition(final String shardKey) {
    return Utils.toPositive(Utils.murmur2(shardKey.getBytes(StandardCharsets.UTF_8))) % partitions;
  }
}
