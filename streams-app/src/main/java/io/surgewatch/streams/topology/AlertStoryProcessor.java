package io.surgewatch.streams.topology;

import io.surgewatch.engine.AlertStories;
import io.surgewatch.engine.StoredFormat;
import io.surgewatch.events.v1.StatementEvent;
import io.surgewatch.events.v1.SurgeAlert;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
 *
 * <p>What a story says depends on what came before it (the statements kept, the alerts open), so
 * the stage tells them in one order, {@code backtest}'s, whatever order the cube shards and the
 * statements partitions happen to reach it in: by {@link StoryPosition}, merged under the least of
 * the upstream frontiers ({@link ArrivalMerge}, as a cube shard merges the input partitions). Every
 * cube shard is waited for; a statements partition once it has been heard from (a statement or a
 * progress marker), so that a deployment publishing no statements is not held back. Records of the
 * release before positions are told as they come. A statement goes into the {@link
 * StatementTimeline} as it arrives (the query API and the dashboard show it at once) and into the
 * stories' statements when it is told, so the stories told before its place leave it out.
 */
final class AlertStoryProcessor implements Processor<String, StoryInput, String, SurgeAlert> {
  static final String STATEMENTS = "story-statements";

  /** The merge's stores: what waits for a slower upstream, and every upstream's frontier. */
  static final String PENDING = "story-pending";

  static final String FRONTIERS = "story-frontiers";
  static final String COMMIT_HOOK = "story-commit-hook";

  /** Layout of a pending event's value: the record's timestamp, then a {@link StoryEvent}. */
  static final StoredFormat PENDING_FORMAT = new StoredFormat("pending story event", 1);

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
  private final int timelineDays;
  private final int shards;
  private final int statementPartitions;
  private ArrivalMerge<StoryPosition, StoryInput.Placed> merge;

  /**
   * Statements in the stories' store but not told yet: a release before the timeline stored them
   * there as they arrived, and those still waiting are left out of the stories until their place.
   */
  private final Set<String> untold = new HashSet<>();

  private StatementTimeline timeline;
  private KeyValueStore<String, byte[]> storyStatements;

  /** Whether the timeline has been filled from the stories' statements (see {@link #process}). */
  private boolean timelineChecked;

  private AlertStories stories;
  private KeyValueStore<String, byte[]> latest;
  private KeyValueStore<String, byte[]> history;
  private final Serializer<SurgeAlert> alertBytes =
      InternalSerdes.avroBinary(SurgeAlert.class).serializer();
  private ProcessorContext<String, SurgeAlert> context;

  /**
   * Whether a statements partition holds the stories back before it is first heard from ({@code
   * progress.statements-idle-ms=0}). Otherwise one never heard from is not waited for, so that a
   * deployment without statements still gets its alerts; but then, at start, a cube shard that
   * tells its first alerts before the statement intake has passed on anything of a partition gets
   * them told without that partition's statements.
   */
  private final boolean awaitUnheardStatements;

  /**
   * @param timelineDays statement.timeline-days (see {@link StatementTimeline})
   * @param shards the cube's partitions, one upstream task each
   * @param statementPartitions the statements topic's partitions, one upstream task each
   * @param awaitUnheardStatements wait for every statements partition, heard from yet or not
   */
  AlertStoryProcessor(
      final int contextDays,
      final int retentionDays,
      final int timelineDays,
      final int shards,
      final int statementPartitions,
      final boolean awaitUnheardStatements) {
    this.contextDays = contextDays;
    this.retentionDays = retentionDays;
    this.timelineDays = timelineDays;
    this.shards = shards;
    this.statementPartitions = statementPartitions;
    this.awaitUnheardStatements = awaitUnheardStatements;
  }

  /** The story order: how the merge finds, stores and reads back positions and events. */
  private ArrivalMerge.Order<StoryPosition, StoryInput.Placed> order() {
    final Serde<StoryEvent> events = StoryEvent.serde();
    return new ArrivalMerge.Order<>() {
      @Override
      public StoryPosition nowhere() {
        return StoryPosition.NOWHERE;
      }

      /** Each shard and statements partition sends its events in this order. */
      @Override
      public StoryPosition complete(final StoryPosition frontier, final boolean idle) {
        return frontier;
      }

      @Override
      public StoryPosition position(final StoryInput.Placed event) {
        return event.position();
      }

      @Override
      public int source(final StoryInput.Placed event) {
        return event.source(shards);
      }

      @Override
      public byte[] key(final StoryPosition position) {
        return position.toKey();
      }

      @Override
      public StoryPosition position(final ByteBuffer key) {
        return StoryPosition.get(key);
      }

      @Override
      public byte[] encode(final StoryInput.Placed event) {
        final byte[] e = events.serializer().serialize(PENDING, event.event());
        return ByteBuffer.allocate(1 + 8 + e.length)
            .put(PENDING_FORMAT.current())
            .putLong(event.timestamp())
            .put(e)
            .array();
      }

      @Override
      public StoryInput.Placed decode(final byte[] key, final byte[] value) {
        final ByteBuffer buf = ByteBuffer.wrap(value);
        PENDING_FORMAT.read(buf);
        final long timestamp = buf.getLong();
        return new StoryInput.Placed(
            StoryPosition.get(ByteBuffer.wrap(key)),
            timestamp,
            events
                .deserializer()
                .deserialize(PENDING, Arrays.copyOfRange(value, buf.position(), value.length)));
      }

      @Override
      public String describe(final int source, final int sources) {
        return "a story event from upstream task "
            + source
            + " (cube partitions first, then statements partitions), but the app was started for "
            + shards
            + " cube partitions and "
            + statementPartitions
            + " statements partitions: restart it so that it reads the partition counts again";
      }
    };
  }

  @Override
  public void init(final ProcessorContext<String, SurgeAlert> context) {
    this.context = context;
    final KeyValueStore<String, byte[]> statements = context.getStateStore(STATEMENTS);
    storyStatements = statements;
    final KeyValueStore<String, byte[]> open = context.getStateStore(OPEN_ALERTS);
    latest = context.getStateStore(ALERTS);
    history = context.getStateStore(HISTORY);
    merge =
        new ArrivalMerge<>(
            order(),
            shards + statementPartitions,
            // a statements partition once heard from, unless every one is awaited
            source -> source < shards || awaitUnheardStatements,
            context.getStateStore(PENDING),
            context.getStateStore(FRONTIERS));
    context.<CommitHook>getStateStore(COMMIT_HOOK).onCommit(context, merge::logWaiting);
    final Serde<StatementEvent> s = InternalSerdes.avroBinary(StatementEvent.class);
    final Serde<SurgeAlert> a = InternalSerdes.avroBinary(SurgeAlert.class);
    timeline =
        new StatementTimeline(
            context.getStateStore(StatementTimeline.STORE),
            new StatementIndex(context.getStateStore(StatementIndex.STORE)),
            timelineDays);
    timelineChecked = false;
    untold.clear(); // rebuilt from the pending store, also when a revived task runs init again
    for (final StoryInput.Placed waiting : merge.waitingEvents()) {
      if (waiting.event().statement() != null) {
        untold.add(waiting.event().statement().getId());
      }
    }
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
                final List<StatementEvent> told = all(statements, s);
                if (!untold.isEmpty()) {
                  told.removeIf(e -> untold.contains(e.getId()));
                }
                return told;
              }

              @Override
              public StatementEvent statement(final String id) {
                return s.deserializer().deserialize(STATEMENTS, statements.get(id));
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
  public void process(final Record<String, StoryInput> record) {
    if (!timelineChecked) {
      // Upgraded from a release without the timeline: it starts with what the stories kept. Here
      // rather than in init, so that the writes belong to the processing of a record.
      timeline.fillIfEmpty(all(storyStatements, InternalSerdes.avroBinary(StatementEvent.class)));
      timeline.indexIfNotIndexed(); // and from a release without the index
      timelineChecked = true;
    }
    final StoryInput in = record.value();
    if (in instanceof StoryInput.Placed placed) {
      final StatementEvent statement = placed.event().statement();
      if (statement != null) {
        timeline.put(statement); // shown at once; told in order
      }
      merge.place(placed, this::tell);
    } else if (in instanceof StoryInput.Progress p) {
      merge.progress(
          StoryInput.upstream(p.kind(), p.partition(), shards), p.frontier(), p.idle(), this::tell);
    } else {
      tell(((StoryInput.Unplaced) in).event(), record.timestamp());
    }
  }

  private void tell(final StoryInput.Placed placed) {
    tell(placed.event(), placed.timestamp());
  }

  private void tell(final StoryEvent event, final long timestamp) {
    if (event.statement() != null) {
      untold.remove(event.statement().getId());
      stories.statement(event.statement());
    } else {
      stories.alert(
          event.alert(),
          (id, alert) -> {
            latest.put(id, alertBytes.serialize(null, alert));
            history.put(
                id,
                AlertHistory.encode(
                    AlertHistory.append(AlertHistory.decode(history.get(id)), alert)));
            context.forward(new Record<>(id, alert, timestamp));
          });
    }
  }
}
