package io.surgewatch.streams.app;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;

/**
 * Two log lines a restoration of local state from the changelogs, however many stores and
 * partitions it takes: when its first records come and when the last of them is done (none when
 * nothing was restored). An instance restoring answers its queries of those tasks with 503
 * meanwhile, and after an unclean stop Kafka Streams first logs a TaskCorruptedException at ERROR:
 * the on-call engineer reading that line should find the recovery it starts, and its end, beside
 * it.
 */
final class RestoreLog implements StateRestoreListener {
  private final LongSupplier nanos;
  private final Consumer<String> info;

  private int restoring;
  private int partitions;
  private long records;
  private long since;

  /**
   * Whether the first restoration's line said what restoring is: the tasks of a start restore in
   * several rounds (one a stream thread, one a rebalance), each with its two lines, and the
   * explanation once is enough.
   */
  private boolean explained;

  RestoreLog(final LongSupplier nanos, final Consumer<String> info) {
    this.nanos = nanos;
    this.info = info;
  }

  @Override
  public synchronized void onRestoreStart(
      final TopicPartition changelog,
      final String store,
      final long startingOffset,
      final long endingOffset) {
    if (restoring++ == 0) {
      since = nanos.getAsLong();
      partitions = 0;
      records = 0;
    }
  }

  /**
   * The first batch with records begins the tale: a new app's changelogs hold only transaction
   * markers, whose "restoration" restores nothing and is not worth a line on a first start.
   */
  @Override
  public synchronized void onBatchRestored(
      final TopicPartition changelog,
      final String store,
      final long batchEndOffset,
      final long numRestored) {
    if (records == 0 && numRestored > 0) {
      info.accept(
          explained
              ? "restoring local state from the changelogs; queries of the tasks restoring answer"
                  + " 503 until done"
              : "restoring local state from the changelogs (at every start the in-memory stores,"
                  + " and the persistent ones from their checkpoints; all of a task new to this"
                  + " instance, or of state wiped after an unclean stop: the"
                  + " TaskCorruptedException Kafka Streams logs then is this recovery, not a"
                  + " failure); queries of the tasks restoring answer 503 until done");
      explained = true;
    }
    records += numRestored;
  }

  @Override
  public void onRestoreEnd(
      final TopicPartition changelog, final String store, final long totalRestored) {
    ended();
  }

  @Override
  public void onRestoreSuspended(
      final TopicPartition changelog, final String store, final long totalRestored) {
    ended(); // moved away before it was done: no longer this instance's to finish
  }

  private synchronized void ended() {
    partitions++;
    if (restoring > 0 && --restoring == 0 && records > 0) {
      info.accept(
          "restored "
              + records
              + (records == 1 ? " record into " : " records into ")
              + partitions
              + (partitions == 1 ? " store partition" : " store partitions")
              + " in "
              + TimeUnit.NANOSECONDS.toMillis(nanos.getAsLong() - since)
              + " ms");
    }
  }
}
