package io.surgewatch.streams.topology;

import io.surgewatch.engine.CountChange;
import java.util.Arrays;
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
   * A held record: its key (the cube key, one string instance per key, window and day), its latest
   * change (its own copy of the sums) and timestamp, and its place in the order of last change.
   */
  private static final class Held {
    private final CountChange change;
    private final int hash;
    private long timestamp;

    /** Its neighbours in the order of last change. */
    private Held older;

    private Held newer;

    Held(final CountChange change, final int hash, final long timestamp) {
      this.change = change;
      this.hash = hash;
      this.timestamp = timestamp;
    }

    boolean holds(final CountChange c) {
      return change.day() == c.day()
          && change.window() == c.window()
          && (change.cubeKey() == c.cubeKey() || change.cubeKey().equals(c.cubeKey()));
    }
  }

  private final int limit;

  /**
   * The held records by key: open addressing, linear probing, at most half full. Written by hand
   * rather than a LinkedHashMap in access order: a put there allocated a key and an entry and went
   * through a lambda, for the forty-odd changes a report makes; the held record itself is the entry
   * here, and its links the order of last change.
   */
  private Held[] table = new Held[1024];

  /** Each slot's record's hash, so that probing reads no record but the one it finds. */
  private int[] hashes = new int[1024];

  /** 32 less the table's bits: a record's slot is the top bits of its hash. */
  private int shift = 32 - 10;

  private int size;

  /** The ends of the order of last change: the first written past the limit, and the latest. */
  private Held oldest;

  private Held newest;

  private Emitter emitter;

  private HeldCounts(final int limit) {
    super(NAME);
    this.limit = limit;
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
      emitter.emit(change, timestamp);
      return;
    }
    final int hash = hash(change);
    int i = hash >>> shift;
    for (Held h; (h = table[i]) != null; i = (i + 1) & (table.length - 1)) {
      if (hashes[i] == hash && h.holds(change)) {
        // A busy key changes with nearly every report: its copy takes the new sums, allocating
        // nothing.
        change.copySumsTo(h.change);
        h.timestamp = timestamp;
        if (h != newest) {
          unlink(h);
          linkNewest(h);
        }
        return;
      }
    }
    final Held h = new Held(change.kept(), hash, timestamp);
    table[i] = h;
    hashes[i] = hash;
    size++;
    linkNewest(h);
    if (2 * size > table.length) {
      grow();
    }
    if (size > limit) {
      write(oldest);
    }
  }

  /** Mixes the record key's hash so that its top bits pick the slot. */
  private static int hash(final CountChange c) {
    return ((c.cubeKey().hashCode() * 31 + c.window()) * 31 + c.day()) * 0x9E3779B9;
  }

  /** Takes the record out of the map, then writes it. */
  private void write(final Held h) {
    remove(h);
    emitter.emit(h.change, h.timestamp);
  }

  private void linkNewest(final Held h) {
    h.older = newest;
    h.newer = null;
    if (newest == null) {
      oldest = h;
    } else {
      newest.newer = h;
    }
    newest = h;
  }

  private void unlink(final Held h) {
    if (h.older == null) {
      oldest = h.newer;
    } else {
      h.older.newer = h.newer;
    }
    if (h.newer == null) {
      newest = h.older;
    } else {
      h.newer.older = h.older;
    }
  }

  /** Removes a held record from the table and the order (Knuth's deletion for linear probing). */
  private void remove(final Held h) {
    unlink(h);
    final int mask = table.length - 1;
    int gap = h.hash >>> shift;
    while (table[gap] != h) {
      gap = (gap + 1) & mask;
    }
    // Entries after the gap that would no longer be found across it move into it.
    for (int j = (gap + 1) & mask; table[j] != null; j = (j + 1) & mask) {
      final int home = hashes[j] >>> shift;
      final boolean reachable = gap <= j ? gap < home && home <= j : gap < home || home <= j;
      if (!reachable) {
        table[gap] = table[j];
        hashes[gap] = hashes[j];
        gap = j;
      }
    }
    table[gap] = null;
    size--;
  }

  private void grow() {
    final Held[] old = table;
    table = new Held[old.length * 2];
    hashes = new int[table.length];
    shift--;
    final int mask = table.length - 1;
    for (final Held h : old) {
      if (h != null) {
        int i = h.hash >>> shift;
        while (table[i] != null) {
          i = (i + 1) & mask;
        }
        table[i] = h;
        hashes[i] = h.hash;
      }
    }
  }

  @Override
  void beforeCommit() {
    // Each record leaves the order as it is written, and the table is emptied at once after the
    // last: removing each from the table read its slot and the slots after it, for a table that
    // the commit empties anyway. A flush that fails part-way fails the commit, and Kafka Streams
    // closes the task dirty (discard): everything is dropped here too, so that nothing is written
    // twice and the table never holds a record the order has lost.
    try {
      while (oldest != null) {
        final Held h = oldest;
        unlink(h);
        emitter.emit(h.change, h.timestamp);
      }
    } catch (final RuntimeException | Error e) {
      discard();
      throw e;
    }
    Arrays.fill(table, null);
    size = 0;
  }

  @Override
  void discard() {
    Arrays.fill(table, null);
    size = 0;
    oldest = null;
    newest = null;
  }
}
