package io.surgewatch.streams.topology;

import io.surgewatch.events.v1.StatementEvent;
import io.surgewatch.events.v1.SurgeAlert;
import io.surgewatch.streams.engine.AlertStories;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Stage 3: attaches statements and related alerts to each alert transition (see {@link
 * AlertStories}).
 */
final class AlertStoryProcessor implements Processor<String, StoryEvent, String, SurgeAlert> {
  static final String STATEMENTS = "story-statements";
  static final String OPEN_ALERTS = "story-open-alerts";

  /** The latest transition of every alert, for the dashboard's table and the query API. */
  static final String ALERTS = "story-alerts";

  /**
   * Every transition of every alert, by alertId: its opening figures, peak and latest state (see
   * {@link AlertHistory}).
   */
  static final String HISTORY = "story-alert-history";

  private final int contextDays;
  private final int retentionDays;
  private AlertStories stories;
  private KeyValueStore<String, byte[]> latest;
  private KeyValueStore<String, byte[]> history;
  private final Serializer<SurgeAlert> alertBytes =
      InternalSerdes.avroBinary(SurgeAlert.class).serializer();
  private ProcessorContext<String, SurgeAlert> context;

  AlertStoryProcessor(final int contextDays, final int retentionDays) {
    this.contextDays = contextDays;
    this.retentionDays = retentionDays;
  }

  @Override
  public void init(final ProcessorContext<String, SurgeAlert> context) {
    this.context = context;
    final KeyValueStore<String, byte[]> statements = context.getStateStore(STATEMENTS);
    final KeyValueStore<String, byte[]> open = context.getStateStore(OPEN_ALERTS);
    latest = context.getStateStore(ALERTS);
    history = context.getStateStore(HISTORY);
    final Serde<StatementEvent> s = InternalSerdes.avroBinary(StatementEvent.class);
    final Serde<SurgeAlert> a = InternalSerdes.avroBinary(SurgeAlert.class);
    stories =
        new AlertStories(
            new AlertStories.Store() {
              @Override
              public void putStatement(final StatementEvent e) {
                statements.put(e.getId(), s.serializer().serialize(null, e));
              }

              @Override
              public void removeStatement(final String id) {
                statements.delete(id);
              }

              @Override
              public Iterable<StatementEvent> statements() {
                return all(statements, s);
              }

              @Override
              public void putOpenAlert(final SurgeAlert alert) {
                open.put(alert.getAlertId(), a.serializer().serialize(null, alert));
              }

              @Override
              public void removeOpenAlert(final String alertId) {
                open.delete(alertId);
              }

              @Override
              public Iterable<SurgeAlert> openAlerts() {
                return all(open, a);
              }
            },
            contextDays,
            retentionDays);
  }

  private static <T> List<T> all(final KeyValueStore<String, byte[]> store, final Serde<T> serde) {
    final List<T> out = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> it = store.all()) {
      while (it.hasNext()) {
        out.add(
            serde.deserializer().deserialize(store.name(), it.next().value)); // named if unreadable
      }
    }
    return out;
  }

  @Override
  public void process(final Record<String, StoryEvent> record) {
    if (record.value().statement() != null) {
      stories.statement(record.value().statement());
    } else {
      stories.alert(
          record.value().alert(),
          (id, alert) -> {
            latest.put(id, alertBytes.serialize(null, alert));
            history.put(
                id,
                AlertHistory.encode(
                    AlertHistory.append(AlertHistory.decode(history.get(id)), alert)));
            context.forward(new Record<>(id, alert, record.timestamp()));
          });
    }
  }
}
