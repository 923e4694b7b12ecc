package io.surgewatch.streams.topology;

import io.surgewatch.streams.engine.CountChange;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * The count records a cube task has changed since its last commit, the latest value of each record
 * key, written to the counts topic at the commit: once per key and commit rather than once per
 * change. A busy key ({@code * / * / *}, a large country) changes with nearly every report, and its
 * records were most of the output; under exactly-once a read_committed consumer saw them all at the
 * same moment, the commit, so holding them back delays nothing it could see (under at_least_once
 * they now come at the commit rather than as they happen). The topic's last value per key, what
 * compaction keeps and what dashboards read, is the same either way.
 *
 * <p>Kafka Streams' own record cache does this for a KTable, but the cube's output is a stream from
 * a processor (a KTable after it would add a repartition topic), and the cache would serialise
 * every change. The hook is the one {@link WriteBackStore} relies on ({@link PreCommitStore}): the
 * records forwarded before a commit belong to the transaction that commits their input. A task
 * closed dirty after a failure drops what it holds (it is re-initialised, and its input processed
 * again); one that Kafka Streams revives after corrupted state first prepares a commit, which
 * writes what was held, and then writes the reprocessed values again: repeated records for the same
 * keys, as with Kafka Streams' own caches, with the same last value. Past {@code limit} keys the
 * least recently changed is written at once, so memory stays bounded whatever the commit interval.
 *
 * <p>Not logged and not persistent: nothing held outlives a commit.
 */
final class HeldCounts extends PreCommitStore {
  static final String NAME = "cube-held-counts";

  private interface Emitter {
    void emit(CountChange change, long timestamp);
  }

  /**
   * A record key: the cube key (one string instance per key, its hash cached), window and day.
   * Equality written out: a record's generated equals ran through method handles the compiler left
   * un-inlined, a visible share of every put.
   */
  private record Slot(String cubeKey, int window, int day) {
    @Override
    public boolean equals(final Object o) {
      return o instanceof Slot s
          && day == s.day
          && window == s.window
          && (cubeKey == s.cubeKey || cubeKey.equals(s.cubeKey));
    }

    @Override
    public int hashCode() {
      return (cubeKey.hashCode() * 31 + window) * 31 + day;
    }
  }

  /** A record's latest change (its own copy of the sums) and timestamp. */
  private static final class Held {
    private final CountChange change;
    private long timestamp;

    Held(final CountChange change, final long timestamp) {
      this.change = change;
      this.timestamp = timestamp;
    }

    CountChange change() {
      return change;
    }

    long timestamp() {
      return timestamp;
    }
  }

  private final int limit;
  private final LinkedHashMap<Slot, Held> held;
  private Emitter emitter;

  private HeldCounts(final int limit) {
    super(NAME);
    this.limit = limit;
    this.held =
        // In the order of the last change: the eldest is the key least likely to change again
        // before the commit (busy keys would be written early under a first-in order).
        new LinkedHashMap<>(1024, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(final Map.Entry<Slot, Held> eldest) {
            if (size() <= HeldCounts.this.limit) {
              return false;
            }
            // Called from put, inside the processor: it can forward directly.
            write(eldest.getValue());
            return true;
          }
        };
  }

  /** A store holding up to {@code limit} count records between commits; 0 writes each at once. */
  static StoreBuilder<HeldCounts> builder(final int limit) {
    return PreCommitStore.builder(NAME, name -> new HeldCounts(limit));
  }

  /**
   * Connects the processor that forwards the records, to its child node {@code child} (the counts
   * topic's sink, whatever the processor's other outputs are). Call from the processor's init.
   */
  void connect(final ProcessorContext<?, ?> context, final String child) {
    // The child takes count changes whatever the processor's declared output type: a sink's
    // serializers (CountRecordSerializers, which write the record's key and value from the
    // change), not the DSL, type what reaches it.
    @SuppressWarnings({"unchecked", "rawtypes"})
    final ProcessorContext<CountChange, CountChange> counts = (ProcessorContext) context;
    this.emitter = (change, at) -> counts.forward(new Record<>(change, change, at), child);
    connect(context);
  }

  /**
   * Holds the record's latest value until the commit (or writes it now, with a limit of 0); past
   * the limit, writes the least recently changed.
   */
  void put(final CountChange change, final long timestamp) {
    if (limit == 0) {
      write(new Held(change, timestamp));
    } else {
      // A record already held (a busy key changes with nearly every report) takes the new sums
      // into its copy, allocating nothing; one lookup either way, an access in the map's order.
      held.compute(
          new Slot(change.cubeKey(), change.window(), change.day()),
          (slot, known) -> {
            if (known == null) {
              return new Held(change.kept(), timestamp);
            }
            change.copySumsTo(known.change);
            known.timestamp = timestamp;
            return known;
          });
    }
  }

  private void write(final Held h) {
    emitter.emit(h.change(), h.timestamp());
  }

  @Override
  void beforeCommit() {
    // Each record leaves the map as it is written: a flush that fails part-way must not write the
    // first part again.
    final Iterator<Map.Entry<Slot, Held>> it = held.entrySet().iterator();
    while (it.hasNext()) {
      final Map.Entry<Slot, Held> e = it.next();
      it.remove();
      write(e.getValue());
    }
  }

  @Override
  void discard() {
    held.clear();
  }
}
