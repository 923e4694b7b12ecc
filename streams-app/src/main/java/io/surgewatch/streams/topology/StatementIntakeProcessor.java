package io.surgewatch.streams.topology;

import io.surgewatch.events.v1.StatementEvent;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/** Decodes and validates statements; a statement re-sent with the same id is counted once. */
final class StatementIntakeProcessor implements Processor<String, byte[], String, Routed<StatementEvent>> {
  static final String SEEN = "statement-ids";
  private final io.surgewatch.serde.SchemaRegistryClient registry;
  private final java.util.Map<String, Object> serdeConfig;
  private ProcessorContext<String, Routed<StatementEvent>> context;
  private InputDecoder<StatementEvent> decoder;
  private KeyValueStore<String, Long> seen;

  StatementIntakeProcessor(final io.surgewatch.serde.SchemaRegistryClient registry,
      final java.util.Map<String, Object> serdeConfig) {
    this.registry = registry;
    this.serdeConfig = serdeConfig;
  }

  @Override
  public void init(final ProcessorContext<String, Routed<StatementEvent>> context) {
    this.context = context;
    this.decoder = InputDecoder.statements(registry, serdeConfig);
    this.seen = context.getStateStore(SEEN);
  }

  @Override
  public void process(final Record<String, byte[]> record) {
    final Routed<StatementEvent> decoded = decoder.decode(record, context.recordMetadata().orElse(null));
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
