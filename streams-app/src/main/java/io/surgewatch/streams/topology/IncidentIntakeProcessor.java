package io.surgewatch.streams.topology;

import io.surgewatch.core.DeadLetters;
import io.surgewatch.core.EventTypes;
import io.surgewatch.core.ProgressMarkers;
import io.surgewatch.core.ReplacementHeaders;
import io.surgewatch.core.ShardPlacement;
import io.surgewatch.core.SourceHeaders;
import io.surgewatch.engine.Codec;
import io.surgewatch.engine.Contribution;
import io.surgewatch.engine.RevisionTracker;
import io.surgewatch.events.v1.DeadLetter;
import io.surgewatch.events.v1.IncidentEvent;
import io.surgewatch.serde.SchemaRegistryClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * Stage 1, keyed by incident id: decode, validate, let the latest report of each incident win, and
 * place what it sends the cube in the one arrival order ({@link ArrivalPosition}).
 *
 * <p>A report's effective reported-at is its own, or the partition's latest so far if that is later
 * (a report written out of order is late for its partition and takes its place as it arrives), or
 * just after the time a progress marker on the partition promised (see {@link ProgressMarkers}).
 * Every {@code progress.interval-ms}, and whenever a marker moves it, the task tells every shard
 * how far its partition has come: a shard applies a reported-at's reports once every partition has
 * passed that time, and a partition's own reports say only that its earlier times are done. A
 * partition it declares idle ({@code progress.idle-ms}) is taken as done with its latest time: its
 * next report is placed after it, so a time's reports are never split between two releases.
 */
final class IncidentIntakeProcessor
    implements Processor<String, byte[], String, Routed<ShardInput>> {
  static final String LATEST = "incident-latest";
  static final String WATERMARK = "incident-watermark";

  /** The winning report of every incident, whole, for the query API's incident details. */
  static final String DETAILS = "incident-details";

  /**
   * Incident id -> the latest report of the incident refused as too late ({@link RefusedReport}),
   * while it is later than the report that stands: the details alone would pass the figures that
   * stand off as the latest word.
   */
  static final String REFUSED = "incident-refused";

  /** Sends the contributions held for the cube before each commit ({@link ShardOutbox}). */
  static final String COMMIT_HOOK = "incident-commit-hook";

  /**
   * Every report reads and writes its incident's latest report: decoded, written back once per
   * commit. Few kept after: most reports are of an incident never seen before, and revisions come
   * too late for any cache (days to years); 50,000 a task kept each report for some twenty seconds
   * of bench, long enough to be promoted to the old generation as garbage: about half of what stage
   * 1 promoted (the heap after its young collections grew by 270 MB instead of 520).
   */
  static StoreBuilder<WriteBackStore<RevisionTracker.Report>> latestStore() {
    return WriteBackStore.builder(LATEST, Codec::decodeReport, Codec::encode, 4_000);
  }

  private final SchemaRegistryClient registry;
  private final Map<String, Object> serdeConfig;
  private final int historyDays;
  private final EventTypes types;
  private final Duration progressEvery;
  private final long idleMs;

  /** The cube's partitions, over which a commit's contributions go a record a partition. */
  private final int cubePartitions;

  private ProcessorContext<String, Routed<ShardInput>> context;

  /** The partition's effective reported-at and markers, also in {@link #WATERMARK}. */
  private PartitionClock clock;

  /** How far the partition has come, and how far the shards were last told. */
  private ArrivalPosition frontier = ArrivalPosition.NOWHERE;

  private ArrivalPosition told = ArrivalPosition.NOWHERE;

  /** The contributions not yet sent, a buffer a cube partition. */
  private ShardOutbox outbox;

  private int source = -1;
  private InputDecoder<IncidentEvent> decoder;
  private RevisionTracker tracker;
  private KeyValueStore<String, byte[]> details;
  private KeyValueStore<String, byte[]> refused;

  /**
   * Whether {@link #REFUSED} may hold anything, so that a report that stands reads it: most tasks
   * never keep a refusal (refusals need a bounded history and revisions of incidents counted before
   * it), and those that do keep them until later reports supersede them, whatever history.days is
   * after a restart. Null: not looked at since the task (re)started.
   */
  private Boolean refusals;

  private final Serializer<IncidentEvent> detailBytes =
      InternalSerdes.avroBinary(IncidentEvent.class).serializer();

  IncidentIntakeProcessor(
      final SchemaRegistryClient registry,
      final Map<String, Object> serdeConfig,
      final int historyDays,
      final EventTypes types,
      final Duration progressEvery,
      final Duration idleAfter,
      final int cubePartitions) {
    this.progressEvery = progressEvery;
    this.cubePartitions = cubePartitions;
    this.idleMs = idleAfter.toMillis();
    this.registry = registry;
    this.serdeConfig = serdeConfig;
    this.historyDays = historyDays;
    this.types = types;
  }

  @Override
  public void init(final ProcessorContext<String, Routed<ShardInput>> context) {
    this.context = context;
    this.source = context.taskId().partition();
    this.clock =
        new PartitionClock(context.getStateStore(WATERMARK), context.currentSystemTimeMs());
    // The shards keep every frontier they were told (they only move forward): after a restart the
    // next record or marker tells them more. A task revived after an aborted transaction runs init
    // again on the same processor: what it last told may have been in that transaction, so it
    // starts from nothing told (telling a shard again what it has is harmless).
    frontier =
        clock.promisedAny() ? ArrivalPosition.through(clock.promised()) : ArrivalPosition.NOWHERE;
    told = ArrivalPosition.NOWHERE;
    dayReached = Integer.MIN_VALUE; // likewise: the news of a day may have been in that transaction
    context.schedule(progressEvery, PunctuationType.WALL_CLOCK_TIME, this::tellShards);
    // Held contributions of a transaction that did not commit are read again with its input. The
    // records go without the input's headers (SourceHeaders, ReplacementHeaders): read here.
    outbox =
        new ShardOutbox(
            cubePartitions,
            (key, batch, timestamp) ->
                context.forward(
                    new Record<String, Routed<ShardInput>>(key, Routed.of(batch), timestamp)));
    context.<CommitHook>getStateStore(COMMIT_HOOK).onCommit(context, outbox::flush, outbox::clear);
    this.decoder = InputDecoder.incidents(registry, serdeConfig);
    final WriteBackStore<RevisionTracker.Report> latest = context.getStateStore(LATEST);
    final KeyValueStore<String, Long> watermark = context.getStateStore(WATERMARK);
    this.details = context.getStateStore(DETAILS);
    this.refused = context.getStateStore(REFUSED);
    this.refusals = null;
    this.tracker =
        new RevisionTracker(
            new RevisionTracker.Store() {
              private Long
                  mark; // read for every report: kept here, the processor being the store's only

              // writer

              @Override
              public RevisionTracker.Report latest(final String id) {
                return latest.getObject(id);
              }

              @Override
              public void put(final String id, final RevisionTracker.Report report) {
                latest.put(id, report);
              }

              @Override
              public long watermark() {
                if (mark == null) {
                  final Long w = watermark.get("reportedAt");
                  mark = w == null ? Long.MIN_VALUE : w;
                }
                return mark;
              }

              @Override
              public void watermark(final long reportedAtMs) {
                if (mark == null || reportedAtMs != mark) {
                  mark = reportedAtMs;
                  watermark.put("reportedAt", reportedAtMs);
                }
              }
            },
            historyDays,
            types);
  }

  private final Deserializer<IncidentEvent> detailReader =
      InternalSerdes.avroBinary(IncidentEvent.class).deserializer();

  /**
   * What the details keep of a report that stands: the report itself, or for a retraction of an
   * incident known here, the incident as last reported before it, marked retracted with the
   * retraction's time, revision and source. A deletion carries only an id: an analyst following an
   * alert's evidence to it must still see what was taken out. Null for a retraction of an id never
   * seen: there is nothing to show (the query API says "no incident"), not a placeholder.
   */
  private IncidentEvent standing(final IncidentEvent event, final byte[] stored) {
    if (!event.getRetracted()) {
      return event;
    }
    if (stored == null) {
      return null;
    }
    return IncidentEvent.newBuilder(detailReader.deserialize(null, stored))
        .setRetracted(true)
        .setReportedAt(event.getReportedAt())
        .setRevision(event.getRevision())
        .setSource(event.getSource())
        .build();
  }

  private boolean notOlder(final IncidentEvent event, final byte[] stored) {
    return stored == null || order(event, stored) >= 0;
  }

  /**
   * How a report orders against the stored details' report: by reported-at, then revision (0: equal
   * in both, where the later arrival wins).
   */
  private int order(final IncidentEvent event, final byte[] stored) {
    final IncidentEvent before = detailReader.deserialize(null, stored);
    final int c = event.getReportedAt().compareTo(before.getReportedAt());
    return c != 0 ? c : Integer.compare(event.getRevision(), before.getRevision());
  }

  /**
   * Sends the partition's frontier to every shard if it moved since they were last told, or that it
   * is idle.
   */
  private void tellShards(final long now) {
    if (frontier.compareTo(told) > 0) {
      outbox.toEveryPartition(ProgressMarkers.KEY, new ShardInput.Progress(source, frontier), now);
      told = frontier;
    } else if (clock.becameIdle(now, idleMs)) {
      // Quiet: its latest time counts as done (the cube applies it without this partition), so a
      // report that comes later at or before that time is placed just after it, as behind a marker.
      if (clock.promiseLatest()) {
        frontier = ArrivalPosition.max(frontier, ArrivalPosition.through(clock.promised()));
      }
      told = frontier;
      outbox.toEveryPartition(
          ProgressMarkers.KEY, new ShardInput.Progress(source, frontier, true), now);
    }
  }

  @Override
  public void process(final Record<String, byte[]> record) {
    final var where = context.recordMetadata().orElse(null);
    final long offset = where == null ? frontier.offset() + 1 : where.offset();
    final long marker;
    try {
      marker = clock.read(record.headers(), context.currentSystemTimeMs());
    } catch (final IllegalArgumentException e) {
      context.forward(
          record.withValue(
              Routed.dead(
                  InputDecoder.dead(record, where, DeadLetters.VALIDATION, null, e.getMessage()))));
      return;
    }
    if (marker != Long.MIN_VALUE) {
      if (clock.promise(marker)) {
        frontier = ArrivalPosition.max(frontier, ArrivalPosition.through(marker));
        // Told at once, not at the next tick: a shard applies the reports of a time only once
        // every partition has passed it, and a marker is what says so for the partition's latest
        // reports (writers mark every progress.interval-ms, so this is no more often than ticks).
        tellShards(context.currentSystemTimeMs());
      }
      return;
    }
    final Routed<IncidentEvent> decoded = decoder.decode(record, where);
    if (decoded.isDead()) {
      arrived(null, offset);
      context.forward(record.withKey(record.key()).withValue(Routed.dead(decoded.deadLetter())));
      return;
    }
    final IncidentEvent event = decoded.value();
    final long at = arrived(event.getReportedAt().toEpochMilli(), offset);
    final RevisionTracker.Outcome outcome = tracker.accept(event, at);
    // Read only when needed: one store read a report is a visible share of stage 1's work.
    final boolean unchanged = outcome instanceof RevisionTracker.Unchanged;
    final byte[] stored = unchanged || event.getRetracted() ? details.get(event.getId()) : null;
    if (outcome instanceof RevisionTracker.Counted
        || outcome instanceof RevisionTracker.SetAside
        // a report that moves its incident before the history stands, uncounted
        || outcome instanceof RevisionTracker.TooLate && !outcome.contributions().isEmpty()
        || unchanged && stored != null && notOlder(event, stored)) {
      // The report that now stands for the incident (a retraction too: its details say so; a
      // duplicate of the figures may still correct the place or the source).
      // A report that moves its incident before the history stands out of the counts, as a
      // retraction does: the incidents API says so.
      final IncidentEvent standing =
          outcome instanceof RevisionTracker.TooLate
              ? IncidentEvent.newBuilder(event).setRetracted(true).build()
              : standing(event, stored);
      if (standing != null) {
        details.put(event.getId(), detailBytes.serialize(null, standing));
        if (!(outcome instanceof RevisionTracker.TooLate)) {
          supersedeRefusal(event);
        }
      }
    }
    // A shard dead-letters a report only when the history is bounded (TOO_LATE): then the
    // report's contributions carry its file and line, read from its headers once.
    final SourceHeaders.Origin origin =
        historyDays > 0 ? SourceHeaders.origin(record.headers()) : null;
    forwardByPartition(record, outcome.contributions(), at, offset, origin);
    tellDay(
        record, event.getId(), outcome.contributions(), at, offset, outcome.contributions().size());
    if (outcome instanceof RevisionTracker.SetAside setAside) {
      final DeadLetter dead =
          InputDecoder.dead(record, where, DeadLetters.NOT_COUNTED, null, setAside.reason());
      dead.setField(RevisionTracker.SetAside.FIELD);
      context.forward(record.withValue(Routed.dead(dead)));
    } else if (outcome instanceof RevisionTracker.Superseded superseded) {
      // produce --replaces says so in the record's headers: the reason then names the report's
      // reported-at in its file when it raised it, and does not suggest --replaces.
      final String replaces = ReplacementHeaders.replaces(record.headers());
      final DeadLetter dead =
          InputDecoder.dead(
              record,
              where,
              DeadLetters.SUPERSEDED,
              null,
              superseded.reason(
                  replaces == null
                      ? null
                      : new RevisionTracker.Replacing(
                          replaces, ReplacementHeaders.raisedFrom(record.headers()))));
      dead.setField(RevisionTracker.Superseded.FIELD);
      context.forward(record.withValue(Routed.dead(dead)));
    } else if (outcome instanceof RevisionTracker.TooLate late) {
      final DeadLetter dead =
          InputDecoder.dead(record, where, DeadLetters.TOO_LATE, null, late.reason());
      dead.setField(RevisionTracker.TooLate.FIELD);
      keepRefusal(event, dead, !late.contributions().isEmpty());
      context.forward(record.withValue(Routed.dead(dead)));
    }
  }

  /**
   * Keeps a report refused as too late for the incidents API, if it is later than the report that
   * stands and than the refusal kept. Not an older one (no news: the answer shows a later report),
   * nor a copy of the report that stands (a re-published export's rows of days before the history
   * are each refused, unchanged ones too: what stands is still the latest word), nor a report of an
   * incident never shown (never counted, or only retracted: there is no answer to mark, and such
   * reports would fill the store).
   *
   * @param stands whether the report stands (it moved the incident before the history, taking its
   *     counted figures out): its details are the report itself, out of the counts
   */
  private void keepRefusal(final IncidentEvent event, final DeadLetter dead, final boolean stands) {
    if (!stands) {
      final byte[] shown = details.get(event.getId());
      if (shown == null || order(event, shown) <= 0) {
        return;
      }
    }
    final byte[] kept = refused.get(event.getId());
    if (kept == null || RefusedReport.decode(kept, REFUSED).supersededBy(event)) {
      refused.put(event.getId(), RefusedReport.of(event, dead).encode());
      refusals = true;
    }
  }

  /** Clears the refusal kept of a report's incident once the report, which stands, is as late. */
  private void supersedeRefusal(final IncidentEvent event) {
    if (refusals == null) {
      try (var kept = refused.all()) {
        refusals = kept.hasNext();
      }
    }
    if (!refusals) {
      return;
    }
    final byte[] kept = refused.get(event.getId());
    if (kept != null && RefusedReport.decode(kept, REFUSED).supersededBy(event)) {
      refused.delete(event.getId());
    }
  }

  /**
   * The latest incident day this partition's reports reached ({@link Integer#MIN_VALUE}: none since
   * the task started; after a restart the first report tells it again, which changes nothing).
   */
  private int dayReached = Integer.MIN_VALUE;

  /**
   * Tells every shard, after the report's own contributions, that the arrival order reached a later
   * incident day: each shard closes its days by the latest day of all reports, not of its own keys'
   * alone, or a shard whose keys get no more reports would never move its windows on (its counts
   * stuck, its alerts never resolved) and the results would depend on {@code topic.partitions}. The
   * news travels in the arrival order, so every shard closes a day at the same report, whatever the
   * partitioning; backtest tells its shards at the same reports.
   */
  private void tellDay(
      final Record<String, byte[]> record,
      final String incidentId,
      final List<Contribution> contributions,
      final long at,
      final long offset,
      final int index) {
    int day = Integer.MIN_VALUE;
    for (final Contribution c : contributions) {
      day = Math.max(day, c.day());
    }
    if (day > dayReached) {
      dayReached = day;
      final Contribution news = Contribution.dayReached(incidentId, day);
      outbox.toEveryPartition(
          news.shardKey(), placed(record, news, at, offset, index, null), record.timestamp());
    }
  }

  /**
   * Holds a report's contributions, numbered in their order, for the cube partitions they go to
   * ({@link ShardOutbox}).
   */
  private void forwardByPartition(
      final Record<String, byte[]> record,
      final List<Contribution> contributions,
      final long at,
      final long offset,
      final SourceHeaders.Origin origin) {
    for (int i = 0; i < contributions.size(); i++) {
      final Contribution c = contributions.get(i);
      outbox.add(
          ShardPlacement.partition(c.shardKey(), cubePartitions),
          c.shardKey(),
          placed(record, c, at, offset, i, origin),
          record.timestamp());
    }
  }

  private ShardInput.Placed placed(
      final Record<String, byte[]> record,
      final Contribution c,
      final long at,
      final long offset,
      final int index,
      final SourceHeaders.Origin origin) {
    return new ShardInput.Placed(
        new ArrivalPosition(at, source, offset, index), record.timestamp(), c, origin);
  }

  /**
   * Moves the partition on by one record and returns the record's effective reported-at (see {@link
   * PartitionClock#arrived}); a record without one (undecodable) moves the offset only.
   */
  private long arrived(final Long reportedAt, final long offset) {
    final long at = clock.arrived(reportedAt);
    frontier =
        ArrivalPosition.max(frontier, new ArrivalPosition(at, source, offset, Integer.MAX_VALUE));
    return at;
  }
}
