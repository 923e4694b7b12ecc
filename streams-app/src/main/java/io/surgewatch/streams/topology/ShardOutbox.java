package io.surgewatch.streams.topology;

import java.util.ArrayList;
import java.util.List;

/**
 * Stage 1's contributions on their way to the cube: one buffer a cube partition, each sent as one
 * record ({@link ShardInput.Batch}) at the task's commit, before anything that goes to every
 * partition, and when it holds {@link #LIMIT} contributions or {@link #MAX_BYTES}. A record a
 * report and partition was about four records a report on the cube's topic, each paying Kafka
 * Streams' and the producer's per-record work on both sides and the broker's; the cube places a
 * batch's contributions one by one, by their positions, so what it computes does not depend on how
 * they were grouped.
 *
 * <p>Holding them to the commit delays nothing under exactly-once: the cube reads the topic
 * read_committed, so it sees a contribution only once the transaction that wrote it commits (under
 * at_least_once they now reach the cube at the commit, or with the next progress, rather than at
 * once). A partition's buffer keeps the order stage 1 made them in, the order a record each would
 * have had. A task closed dirty reads the input of what it held again, and its processor's init
 * starts a new outbox. Kafka Streams prepares a commit even before a dirty close, which sends what
 * is held (under exactly-once into the transaction it then aborts); what is left when that
 * preparation fails part-way is dropped with the task's stores ({@link #clear}, from its commit
 * hook), never sent later.
 */
final class ShardOutbox {
  /** Contributions a record at most. */
  static final int LIMIT = 500;

  /**
   * Bytes a record at most, by {@link ShardInput#maxBatchBytes}: well under the producer's and the
   * broker's 1 MB (a contribution is some 200-300 bytes, more with long names or a report's file; a
   * record too large would fail the task again on every retry).
   */
  static final int MAX_BYTES = 256 << 10;

  /** Where a partition's batch goes: its key (a member's shard key) and value. */
  interface Sender {
    void send(String shardKey, ShardInput batch, long timestamp);
  }

  private final List<List<ShardInput.Placed>> held;
  private final String[] keys;
  private final long[] timestamps;
  private final int[] bytes;
  private final Sender sender;

  ShardOutbox(final int partitions, final Sender sender) {
    this.held = new ArrayList<>(partitions);
    for (int p = 0; p < partitions; p++) {
      held.add(new ArrayList<>());
    }
    this.keys = new String[partitions];
    this.timestamps = new long[partitions];
    this.bytes = new int[partitions];
    this.sender = sender;
  }

  /**
   * Holds a contribution for its partition, after those held before it.
   *
   * @param shardKey a shard key on {@code partition}: the record's key
   * @param timestamp the Kafka timestamp of its report; the record takes its latest report's
   */
  void add(
      final int partition,
      final String shardKey,
      final ShardInput.Placed placed,
      final long timestamp) {
    final int size = ShardInput.maxBatchBytes(placed);
    final List<ShardInput.Placed> list = held.get(partition);
    if (!list.isEmpty() && bytes[partition] + size > MAX_BYTES) {
      send(partition);
    }
    if (list.isEmpty()) {
      keys[partition] = shardKey;
      timestamps[partition] = timestamp;
      bytes[partition] = 0;
    } else {
      timestamps[partition] = Math.max(timestamps[partition], timestamp);
    }
    list.add(placed);
    bytes[partition] += size;
    if (list.size() >= LIMIT) {
      send(partition);
    }
  }

  /**
   * Sends what goes to every partition (progress, the news of a later day) behind what each
   * partition holds: it says how far the input came, so it must not overtake contributions from
   * before that.
   */
  void toEveryPartition(final String key, final ShardInput value, final long timestamp) {
    flush();
    sender.send(key, value, timestamp);
  }

  /** Sends every partition's held contributions. */
  void flush() {
    for (int p = 0; p < held.size(); p++) {
      send(p);
    }
  }

  /** Drops every partition's held contributions, unsent: their transaction does not commit. */
  void clear() {
    for (final List<ShardInput.Placed> list : held) {
      list.clear();
    }
  }

  private void send(final int partition) {
    final List<ShardInput.Placed> list = held.get(partition);
    if (list.isEmpty()) {
      return;
    }
    final ShardInput value = list.size() == 1 ? list.get(0) : new ShardInput.Batch(list);
    list.clear();
    sender.send(keys[partition], value, timestamps[partition]);
  }
}
