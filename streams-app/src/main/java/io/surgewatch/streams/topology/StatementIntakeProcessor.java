package io.surgewatch.streams.topology;

import io.surgewatch.core.ProgressMarkers;
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
 * Decodes and validates statements; a statement re-sent with the same id is counted once. Ids are
 * remembered for the statement retention (measured from the latest statement seen), as long as
 * stories keep statements: without the expiry this store would grow with the whole history.
 */
final class StatementIntakeProcessor
    implements Processor<String, byte[], String, Routed<StatementEvent>> {
  static final String SEEN = "statement-ids";

  /** How often expired ids are purged: statements are few next to incidents, so a scan is cheap. */
  static final Duration PURGE_EVERY = Duration.ofHours(1);

  private final SchemaRegistryClient registry;
  private final Map<String, Object> serdeConfig;
  private ProcessorContext<String, Routed<StatementEvent>> context;
  private InputDecoder<StatementEvent> decoder;
  private KeyValueStore<String, Long> seen;
  private final long retentionMs;

  StatementIntakeProcessor(
      final SchemaRegistryClient registry,
      final Map<String, Object> serdeConfig,
      final int retentionDays) {
    this.registry = registry;
    this.serdeConfig = serdeConfig;
    this.retentionMs = retentionDays * 86_400_000L;
  }

  @Override
  public void init(final ProcessorContext<String, Routed<StatementEvent>> context) {
    this.context = context;
    this.decoder = InputDecoder.statements(registry, serdeConfig);
    this.seen = context.getStateStore(SEEN);
    context.schedule(PURGE_EVERY, PunctuationType.WALL_CLOCK_TIME, now -> purge());
  }

  /** Forgets ids of statements older than the retention before the latest one seen. */
  void purge() {
    long latest = Long.MIN_VALUE;
    final List<String> expired = new ArrayList<>();
    try (KeyValueIterator<String, Long> it = seen.all()) {
      while (it.hasNext()) {
        latest = Math.max(latest, it.next().value);
      }
    }
    try (KeyValueIterator<String, Long> it = seen.all()) {
      while (it.hasNext()) {
        final KeyValue<String, Long> kv = it.next();
        if (kv.value < latest - retentionMs) {
          expired.add(kv.key);
        }
      }
    }
    expired.forEach(
        seen::delete); // after the scan: deleting while iterating the cached store is not safe
  }

  @Override
  public void process(final Record<String, byte[]> record) {
    if (record.headers().lastHeader(ProgressMarkers.HEADER) != null) {
      return; // statements are not merged by arrival order: a writer's progress says nothing here
    }
    final Routed<StatementEvent> decoded =
        decoder.decode(record, context.recordMetadata().orElse(null));
    if (!decoded.isDead()) {
      final String id = decoded.value().getId();
      if (seen.get(id) != null) {
        return;
      }
      seen.put(id, decoded.value().getMadeAt().toEpochMilli());
    }
    context.forward(record.withValue(decoded));
  }
}
