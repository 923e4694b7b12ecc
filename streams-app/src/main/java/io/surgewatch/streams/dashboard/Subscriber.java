package io.surgewatch.streams.dashboard;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One page's event stream: events wait in a queue of its own and a writer of its own sends them, so
 * that a page on a slow link, or one gone without closing, delays no other page and not the live
 * feed (a stream write blocks until the page takes it). A page that falls {@link #QUEUE} events
 * behind is closed: its EventSource connects again and the page reads its view anew, which is
 * quicker for it than the backlog and costs the others nothing.
 */
final class Subscriber {

  /** Events a page may be behind before it is closed: a bulk load's burst of counts. */
  static final int QUEUE = 20_000;

  /** Where a subscriber's events go: a server-sent event stream. */
  interface Sink {
    void event(String type, String json);

    void comment(String text);

    boolean terminated();

    void close();
  }

  private record Pending(String type, String text) {}

  private final Sink sink;
  private final Executor writers;
  private final ArrayBlockingQueue<Pending> queue;
  private final AtomicBoolean draining = new AtomicBoolean();
  private volatile boolean closed;

  Subscriber(final Sink sink, final Executor writers) {
    this(sink, writers, QUEUE);
  }

  Subscriber(final Sink sink, final Executor writers, final int queue) {
    this.sink = sink;
    this.writers = writers;
    this.queue = new ArrayBlockingQueue<>(queue);
  }

  /** Queues an event; false when this subscriber is closed (now or before): drop it. */
  boolean event(final String type, final String json) {
    return offer(new Pending(type, json));
  }

  /** Queues a comment (a heartbeat); false when closed. */
  boolean comment(final String text) {
    return offer(new Pending(null, text));
  }

  boolean closed() {
    return closed;
  }

  private boolean offer(final Pending pending) {
    if (closed) {
      return false;
    }
    if (!queue.offer(pending)) {
      close(); // too far behind: it reconnects and reads its view anew
      return false;
    }
    if (draining.compareAndSet(false, true)) {
      writers.execute(this::drain);
    }
    return true;
  }

  private void drain() {
    try {
      Pending next;
      while (!closed && (next = queue.poll()) != null) {
        if (next.type() == null) {
          sink.comment(next.text());
        } else {
          sink.event(next.type(), next.text());
        }
        if (sink.terminated()) {
          closed = true;
        }
      }
    } catch (final RuntimeException e) {
      close(); // the page is gone
    } finally {
      draining.set(false);
      // An event queued between the last poll and the flag's reset: drained now, not with the next.
      if (!closed && !queue.isEmpty() && draining.compareAndSet(false, true)) {
        writers.execute(this::drain);
      }
    }
  }

  void close() {
    closed = true;
    queue.clear();
    try {
      sink.close();
    } catch (final RuntimeException e) {
      // already gone
    }
  }
}
