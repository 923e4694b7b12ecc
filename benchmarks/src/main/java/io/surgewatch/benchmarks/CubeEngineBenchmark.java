package io.surgewatch.benchmarks;

import io.surgewatch.core.EventTypes;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.engine.Contribution;
import io.surgewatch.engine.CountChange;
import io.surgewatch.engine.CubeEngine;
import io.surgewatch.engine.EngineConfig;
import io.surgewatch.engine.EngineOutput;
import io.surgewatch.engine.InMemoryCubeStores;
import io.surgewatch.engine.RevisionTracker;
import io.surgewatch.events.v1.IncidentEvent;
import io.surgewatch.events.v1.SurgeAlert;
import io.surgewatch.inputs.SyntheticIncidents;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Stage 2's per-event work: a year of contributions (about 48,000 incidents of bench's synthetic
 * history, with their revisions, both shards, as stage 1 emits them) applied to one CubeEngine on
 * in-memory stores, with backtest's engine settings. Count records are computed and counted but not
 * built (backtest's {@code --counts none}), so this is the engine, not output.
 *
 * <p>One invocation replays the whole year into a fresh engine: the engine only moves forward in
 * time, so a contribution cannot be replayed into the same state, and the state's growth over the
 * year is part of the cost. Throughput is per contribution ({@link OperationsPerInvocation}); an
 * incident costs about two.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class CubeEngineBenchmark {
  static final int CONTRIBUTIONS = 100_000;
  private static final int DAYS = 365;
  // Each incident yields a contribution a shard (region, country, each group, grand total: four
  // with one group), a revision up to twice that. Reports include the revisions and duplicates
  // (about 6%).
  private static final int REPORTS = 51_000;
  // (country, region, first day): one in four of that pair's incidents pulled into 60 days, so
  // alerts open.
  private static final int[][] SURGES = {{0, 2, 150}, {3, 5, 240}};

  private EngineConfig config;
  private Contribution[] contributions;

  /** Each contribution's report's reported-at, the latest seen when it arrives. */
  private long[] reportedAt;

  @Setup
  public void setUp() {
    // As backtest builds it: InMemoryCubeStores is backtest's state, which keeps no queryable
    // history.
    config = EngineConfig.from(SurgewatchConfig.defaultsOnly());
    final SyntheticIncidents reports = SyntheticIncidents.generate(REPORTS, 42, DAYS, SURGES);
    contributions = contributions(reports, config.historyDays());
    final CountingOutput out = replay();
    // Once per fork, so a reader sees what one invocation does besides applying.
    System.out.printf(
        "%n%,d contributions from %,d incidents: %,d count records, %,d alert transitions%n",
        contributions.length,
        Arrays.stream(contributions).map(Contribution::incidentId).distinct().count(),
        out.counts,
        out.alerts);
  }

  @Benchmark
  @OperationsPerInvocation(CONTRIBUTIONS)
  public long applyYear() {
    final CountingOutput out = replay();
    return out.counts + out.alerts;
  }

  private CountingOutput replay() {
    final CountingOutput out = new CountingOutput();
    final CubeEngine engine = new CubeEngine(config, new InMemoryCubeStores(config), out);
    for (int i = 0; i < contributions.length; i++) {
      engine.apply(contributions[i], reportedAt[i]);
    }
    engine.endTie();
    engine.flushOpenDay();
    return out;
  }

  /**
   * Stage 1 as the app and backtest run it: revisions retract what they replace, duplicates count
   * nothing.
   */
  private Contribution[] contributions(final SyntheticIncidents reports, final int historyDays) {
    final RevisionTracker tracker =
        new RevisionTracker(RevisionTracker.Store.inMemory(), historyDays, EventTypes.standard());
    final List<Contribution> out = new ArrayList<>(CONTRIBUTIONS);
    reportedAt = new long[CONTRIBUTIONS];
    for (int i = 0; i < reports.size(); i++) {
      final IncidentEvent event = reports.event(i);
      if (tracker.accept(event) instanceof RevisionTracker.Counted counted) {
        for (final Contribution c : counted.contributions()) {
          if (out.size() < CONTRIBUTIONS) {
            reportedAt[out.size()] = event.getReportedAt().toEpochMilli();
            out.add(c);
          }
        }
      }
      if (out.size() >= CONTRIBUTIONS) {
        return out.toArray(Contribution[]::new);
      }
    }
    throw new IllegalStateException(
        reports.size() + " reports give only " + out.size() + " contributions");
  }

  /** Counts what the engine emits; builds nothing. */
  private static final class CountingOutput implements EngineOutput {
    long counts;
    long alerts;

    @Override
    public boolean wantsCounts() {
      return false;
    }

    @Override
    public void countSkipped() {
      counts++;
    }

    @Override
    public void count(final CountChange change) {
      // What an output that writes every change pays (backtest's): the record built.
      if (change.record() != null) {
        counts++;
      }
    }

    @Override
    public void alert(final SurgeAlert alert) {
      alerts++;
    }
  }
}
