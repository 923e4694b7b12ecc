package io.surgewatch.streams.topology;

import io.surgewatch.core.DeadLetters;
import io.surgewatch.core.ProgressMarkers;
import io.surgewatch.core.StatementTaking;
import io.surgewatch.events.v1.DeadLetter;
import io.surgewatch.events.v1.StatementEvent;
import io.surgewatch.serde.SchemaRegistryClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Decodes and validates statements; a statement is taken once per id, as first sent ({@link
 * StatementTaking}: a repeat changes nothing, other content under a taken id is dead-lettered with
 * what differs). Statements are remembered by id as long as the timeline or the stories keep them
 * (measured from the latest statement seen; always while the timeline keeps every statement): a
 * bounded timeline bounds this store too.
 *
 * <p>Places each statement in the story order ({@link StoryPosition}) as stage 1 places reports: at
 * its effective made-at (its own, or the partition's latest if that is later, or just after what a
 * progress marker promised), its partition and its offset; and tells the story stage at once when a
 * marker moves the partition on, so that the alerts after the partition's last statement need not
 * wait for the next one. A partition quiet for {@code progress.statements-idle-ms} says so, and the
 * story stage stops waiting for it until it sends again.
 */
final class StatementIntakeProcessor
    implements Processor<String, byte[], String, Routed<StoryInput>> {
  static final String SEEN = "statement-ids";

  /** The partition's latest effective made-at and its markers' promise ({@link PartitionClock}). */
  static final String POSITIONS = "statement-positions";

  /** How often expired ids are purged: statements are few next to incidents, so a scan is cheap. */
  static final Duration PURGE_EVERY = Duration.ofHours(1);

  private final SchemaRegistryClient registry;
  private final Map<String, Object> serdeConfig;
  private ProcessorContext<String, Routed<StoryInput>> context;
  private InputDecoder<StatementEvent> decoder;
  private KeyValueStore<String, byte[]> seen;
  private PartitionClock clock;
  private final int idDays;
  private final Duration progressEvery;
  private final long idleMs;
  private int partition;

  /** How far the partition has come (the last statement placed, or a marker's promise). */
  private StoryPosition frontier = StoryPosition.NOWHERE;

  /**
   * The statements topic's partitions: the task of partition p reads statements partition p, and
   * the sub-topology's tasks beyond them (it has one per cube partition too) read none.
   */
  private final int statementPartitions;

  StatementIntakeProcessor(
      final SchemaRegistryClient registry,
      final Map<String, Object> serdeConfig,
      final int idDays,
      final Duration progressEvery,
      final Duration idleAfter,
      final int statementPartitions) {
    this.statementPartitions = statementPartitions;
    this.registry = registry;
    this.serdeConfig = serdeConfig;
    this.idDays = idDays; // 0: remembered always
    this.progressEvery = progressEvery;
    this.idleMs = idleAfter.toMillis();
  }

  @Override
  public void init(final ProcessorContext<String, Routed<StoryInput>> context) {
    this.context = context;
    this.decoder = InputDecoder.statements(registry, serdeConfig);
    this.seen = context.getStateStore(SEEN);
    this.clock =
        new PartitionClock(context.getStateStore(POSITIONS), context.currentSystemTimeMs());
    this.partition = context.taskId().partition();
    // A task revived after an aborted transaction runs init again on the same processor: what it
    // told the story stage may have been in that transaction.
    frontier =
        clock.promisedAny() ? StoryPosition.through(clock.promised()) : StoryPosition.NOWHERE;
    if (idDays > 0) {
      context.schedule(PURGE_EVERY, PunctuationType.WALL_CLOCK_TIME, now -> purge());
    }
    if (idleMs > 0 && partition < statementPartitions) {
      context.schedule(progressEvery, PunctuationType.WALL_CLOCK_TIME, this::tellIdle);
    }
  }

  private void tellIdle(final long now) {
    if (clock.becameIdle(now, idleMs)) {
      context.forward(
          new Record<>(
              ProgressMarkers.KEY,
              Routed.of(
                  new StoryInput.Progress(StoryPosition.STATEMENT, partition, frontier, true)),
              now));
    }
  }

  /** Forgets ids of statements older than the id memory before the latest one seen. */
  void purge() {
    long latest = Long.MIN_VALUE;
    final List<String> expired = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> it = seen.all()) {
      while (it.hasNext()) {
        latest = Math.max(latest, TakenStatement.madeAt(it.next().value));
      }
    }
    try (KeyValueIterator<String, byte[]> it = seen.all()) {
      while (it.hasNext()) {
        final KeyValue<String, byte[]> kv = it.next();
        // By day, as the timeline and the stories keep statements: an id outlives its statement
        // there.
        if (day(TakenStatement.madeAt(kv.value)) < day(latest) - idDays) {
          expired.add(kv.key);
        }
      }
    }
    expired.forEach(
        seen::delete); // after the scan: deleting while iterating the cached store is not safe
  }

  @Override
  public void process(final Record<String, byte[]> record) {
    final long marker;
    try {
      marker = clock.read(record.headers(), context.currentSystemTimeMs());
    } catch (final IllegalArgumentException e) {
      final var where = context.recordMetadata().orElse(null);
      context.forward(
          record.withValue(
              Routed.dead(
                  InputDecoder.dead(record, where, DeadLetters.VALIDATION, null, e.getMessage()))));
      return;
    }
    if (marker != Long.MIN_VALUE) {
      if (clock.promise(marker)) {
        // Markers come every progress.interval-ms at most: tell the story stage at once.
        frontier = max(frontier, StoryPosition.through(marker));
        context.forward(
            new Record<>(
                ProgressMarkers.KEY,
                Routed.of(
                    new StoryInput.Progress(StoryPosition.STATEMENT, partition, frontier, false)),
                record.timestamp()));
      }
      return;
    }
    final var where = context.recordMetadata().orElse(null);
    final Routed<StatementEvent> decoded = decoder.decode(record, where);
    if (decoded.isDead()) {
      context.forward(record.withValue(Routed.dead(decoded.deadLetter())));
      return;
    }
    final StatementEvent statement = decoded.value();
    final String id = statement.getId();
    final byte[] remembered = seen.get(id);
    final StatementEvent taken = remembered == null ? null : TakenStatement.statement(remembered);
    switch (StatementTaking.of(remembered != null, taken, statement)) {
      case REPEAT -> {
        return;
      }
      case CHANGED -> {
        final DeadLetter dead =
            InputDecoder.dead(
                record,
                where,
                DeadLetters.VALIDATION,
                null,
                StatementTaking.changedReason(taken, statement));
        dead.setField(StatementTaking.FIELD);
        context.forward(record.withValue(Routed.dead(dead)));
        return;
      }
      case NEW -> seen.put(id, TakenStatement.of(statement));
    }
    final long at = clock.arrived(statement.getMadeAt().toEpochMilli());
    final long offset = where == null ? 0 : where.offset();
    final StoryPosition position = StoryPosition.ofStatement(at, partition, offset);
    frontier = max(frontier, position);
    context.forward(
        record.withValue(
            Routed.of(
                new StoryInput.Placed(
                    position, record.timestamp(), new StoryEvent(null, statement)))));
  }

  private static long day(final long epochMillis) {
    return Math.floorDiv(epochMillis, 86_400_000L);
  }

  private static StoryPosition max(final StoryPosition a, final StoryPosition b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
