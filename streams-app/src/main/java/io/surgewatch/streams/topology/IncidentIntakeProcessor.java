package io.surgewatch.streams.topology;

import io.surgewatch.core.DeadLetters;
import io.surgewatch.events.v1.DeadLetter;
import io.surgewatch.events.v1.IncidentEvent;
import io.surgewatch.streams.engine.Contribution;
import io.surgewatch.streams.engine.RevisionTracker;
import java.util.Map;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/** Stage 1, keyed by incident id: decode, validate, and let the latest report of each incident win. */
final class IncidentIntakeProcessor implements Processor<String, byte[], String, Routed<Contribution>> {
  static final String LATEST = "incident-latest";
  static final String WATERMARK = "incident-watermark";
  /** The winning report of every incident, whole, for the query API's incident details. */
  static final String DETAILS = "incident-details";

  /** Every report reads and writes its incident's latest report: decoded, written back once per commit. */
  static org.apache.kafka.streams.state.StoreBuilder<WriteBackStore<RevisionTracker.Report>> latestStore() {
    return WriteBackStore.builder(LATEST, io.surgewatch.streams.engine.Codec::decodeReport,
        io.surgewatch.streams.engine.Codec::encode, 50_000);
  }

  private final io.surgewatch.serde.SchemaRegistryClient registry;
  private final Map<String, Object> serdeConfig;
  private final int historyDays;
  private final io.surgewatch.core.EventTypes types;
  private ProcessorContext<String, Routed<Contribution>> context;
  private InputDecoder<IncidentEvent> decoder;
  private RevisionTracker tracker;
  private KeyValueStore<String, byte[]> details;
  private final org.apache.kafka.common.serialization.Serializer<IncidentEvent> detailBytes =
      InternalSerdes.avroBinary(IncidentEvent.class).serializer();

  IncidentIntakeProcessor(final io.surgewatch.serde.SchemaRegistryClient registry, final Map<String, Object> serdeConfig,
      final int historyDays, final io.surgewatch.core.EventTypes types) {
    this.registry = registry;
    this.serdeConfig = serdeConfig;
    this.historyDays = historyDays;
    this.types = types;
  }

  @Override
  public void init(final ProcessorContext<String, Routed<Contribution>> context) {
    this.context = context;
    this.decoder = InputDecoder.incidents(registry, serdeConfig);
    final WriteBackStore<RevisionTracker.Report> latest = context.getStateStore(LATEST);
    final KeyValueStore<String, Long> watermark = context.getStateStore(WATERMARK);
    this.details = context.getStateStore(DETAILS);
    this.tracker = new RevisionTracker(new RevisionTracker.Store() {
      private Long mark; // read for every report: kept here, the processor being the store's only writer

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
    }, historyDays, types);
  }

  private final org.apache.kafka.common.serialization.Deserializer<IncidentEvent> detailReader =
      InternalSerdes.avroBinary(IncidentEvent.class).deserializer();

  private boolean notOlder(final IncidentEvent event, final byte[] stored) {
    if (stored == null) {
      return true;
    }
    final IncidentEvent before = detailReader.deserialize(null, stored);
    final int c = event.getReportedAt().compareTo(before.getReportedAt());
    return c > 0 || c == 0 && event.getRevision() >= before.getRevision();
  }

  @Override
  public void process(final Record<String, byte[]> record) {
    final var where = context.recordMetadata().orElse(null);
    final Routed<IncidentEvent> decoded = decoder.decode(record, where);
    if (decoded.isDead()) {
      context.forward(record.withKey(record.key()).withValue(Routed.dead(decoded.deadLetter())));
      return;
    }
    final IncidentEvent event = decoded.value();
    final RevisionTracker.Outcome outcome = tracker.accept(event);
    if (outcome instanceof RevisionTracker.Counted || outcome instanceof RevisionTracker.SetAside
        || outcome instanceof RevisionTracker.Unchanged && notOlder(event, details.get(event.getId()))) {
      // The report that now stands for the incident (a retraction too: its details say so; a duplicate of the
      // figures may still correct the place or the source).
      details.put(event.getId(), detailBytes.serialize(null, event));
    }
    if (outcome instanceof RevisionTracker.Counted counted) {
      for (final Contribution c : counted.contributions()) {
        context.forward(record.withKey(c.shardKey()).withValue(Routed.of(c)));
      }
    } else if (outcome instanceof RevisionTracker.SetAside setAside) {
      for (final Contribution c : setAside.contributions()) {
        context.forward(record.withKey(c.shardKey()).withValue(Routed.of(c)));
      }
      final DeadLetter dead = InputDecoder.dead(record, where, DeadLetters.NOT_COUNTED, null, setAside.reason());
      dead.setField(RevisionTracker.SetAside.FIELD);
      context.forward(record.withValue(Routed.dead(dead)));
    } else if (outcome instanceof RevisionTracker.TooLate late) {
      final DeadLetter dead = InputDecoder.dead(record, where, DeadLetters.TOO_LATE, null, late.reason());
      dead.setField(RevisionTracker.TooLate.FIELD);
      context.forward(record.withValue(Routed.dead(dead)));
    }
  }
}
