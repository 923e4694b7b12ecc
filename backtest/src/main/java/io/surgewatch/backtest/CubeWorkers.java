package io.surgewatch.backtest;

import io.surgewatch.engine.Contribution;
import io.surgewatch.engine.CubeEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.IntFunction;

/**
 * Runs the cube's partitions on several threads, as the streams app runs them as several tasks:
 * each partition's engine sees its contributions in arrival order, on one thread, so results do not
 * depend on the thread count. Contributions travel in batches to keep the hand-off cheap.
 */
final class CubeWorkers {
  private static final int BATCH = 4096;
  private static final Object END = new Object();

  /** The arrival sequence of the contribution an engine is applying, for ordering what it emits. */
  interface SequenceAware {
    void sequence(long seq);
  }

  private record Item(long seq, int partition, Contribution contribution, long reportedAt) {}

  private final CubeEngine[] engines;
  private final SequenceAware[] sequences;
  private final Worker[] workers;
  private final List<List<Item>> pending = new ArrayList<>();

  CubeWorkers(
      final int partitions,
      final int threads,
      final IntFunction<CubeEngine> engine,
      final IntFunction<SequenceAware> sequence) {
    engines = new CubeEngine[partitions];
    sequences = new SequenceAware[partitions];
    for (int p = 0; p < partitions; p++) {
      engines[p] = engine.apply(p);
      sequences[p] = sequence.apply(p);
    }
    workers = new Worker[Math.max(1, Math.min(threads, partitions))];
    for (int w = 0; w < workers.length; w++) {
      workers[w] = new Worker();
      workers[w].setName("backtest-cube-" + w);
      workers[w].setDaemon(true);
      workers[w].start();
      pending.add(new ArrayList<>(BATCH));
    }
  }

  /**
   * @param reportedAt the reported-at of the report in arrival order, the latest seen (see {@link
   *     CubeEngine#apply})
   */
  void apply(
      final long seq, final int partition, final Contribution contribution, final long reportedAt) {
    final int worker = partition % workers.length;
    final List<Item> batch = pending.get(worker);
    batch.add(new Item(seq, partition, contribution, reportedAt));
    if (batch.size() == BATCH) {
      workers[worker].put(new ArrayList<>(batch));
      batch.clear();
    }
  }

  /**
   * Hands over what is pending, lets each engine flush its open day, and waits for every worker.
   */
  void finish() {
    for (int w = 0; w < workers.length; w++) {
      workers[w].put(new ArrayList<>(pending.get(w)));
      workers[w].put(END);
    }
    for (final Worker w : workers) {
      try {
        w.join();
      } catch (final InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
      if (w.failure != null) {
        throw new IllegalStateException(
            "backtest worker failed: " + w.failure.getMessage(), w.failure);
      }
    }
  }

  private final class Worker extends Thread {
    // Deep enough that the busiest partition does not block the reader while the others starve.
    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(1024);
    private volatile Throwable failure;

    void put(final Object batchOrEnd) {
      try {
        queue.put(batchOrEnd);
      } catch (final InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }

    @Override
    public void run() {
      try {
        while (true) {
          final Object o = queue.take();
          if (o == END) {
            break;
          }
          @SuppressWarnings("unchecked")
          final List<Item> batch = (List<Item>) o;
          for (final Item item : batch) {
            final CubeEngine engine = engines[item.partition()];
            // The tie before ends under its own report's sequence, as the app numbers it.
            engine.endTieBefore(item.reportedAt());
            sequences[item.partition()].sequence(item.seq());
            engine.apply(item.contribution(), item.reportedAt());
          }
        }
        for (int p = 0; p < engines.length; p++) {
          if (p % workers.length == indexOf(this)) {
            engines[p].endTie();
            engines[p].flushOpenDay();
          }
        }
      } catch (final Throwable t) {
        failure = t;
        queue.clear();
      }
    }
  }

  private int indexOf(final Worker worker) {
    for (int i = 0; i < workers.length; i++) {
      if (workers[i] == worker) {
        return i;
      }
    }
    return -1;
  }
}
