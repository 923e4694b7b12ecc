package io.surgewatch.streams.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A page that does not take its events delays no other page; one far behind is closed. */
class SubscriberTest {
  private final ExecutorService writers = Executors.newCachedThreadPool();
  private final CountDownLatch stuck = new CountDownLatch(1);

  @AfterEach
  void stop() {
    stuck.countDown();
    writers.shutdownNow();
  }

  /** A page's stream: what it was sent, in order; {@code blocks}: a page that takes nothing. */
  private final class Page implements Subscriber.Sink {
    final List<String> got = new CopyOnWriteArrayList<>();
    final AtomicBoolean closed = new AtomicBoolean();
    final boolean blocks;

    Page(final boolean blocks) {
      this.blocks = blocks;
    }

    @Override
    public void event(final String type, final String json) {
      if (blocks) {
        try {
          stuck.await(); // a blocking write to a page that reads nothing
        } catch (final InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      got.add(type + ":" + json);
    }

    @Override
    public void comment(final String text) {
      got.add("#" + text);
    }

    @Override
    public boolean terminated() {
      return false;
    }

    @Override
    public void close() {
      closed.set(true);
    }
  }

  @Test
  void aPageThatTakesNothingDelaysNoOtherAndIsClosedOnceFarBehind() {
    final Page slow = new Page(true);
    final Page quick = new Page(false);
    final Subscriber slowOne = new Subscriber(slow, writers, 50);
    final Subscriber quickOne = new Subscriber(quick, writers, 50);
    boolean slowKept = true;
    for (int i = 0; i < 200; i++) {
      slowKept &= slowOne.event("count", "{\"n\":" + i + "}");
      assertTrue(quickOne.event("count", "{\"n\":" + i + "}"));
      if (i % 40 == 39) { // a feed that sends in bursts: the quick page takes each at once
        final int sent = i + 1;
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> quick.got.size() == sent);
      }
    }
    assertTrue(quickOne.comment("heartbeat"));
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> quick.got.size() == 201);
    assertEquals("count:{\"n\":0}", quick.got.get(0));
    assertEquals("count:{\"n\":199}", quick.got.get(199));
    assertEquals("#heartbeat", quick.got.get(200));
    assertFalse(slowKept, "the page that takes nothing fell 50 events behind");
    assertTrue(slowOne.closed());
    assertTrue(slow.closed.get(), "closed: its EventSource connects again and reads its view anew");
    assertFalse(slowOne.event("count", "{}"));
    assertFalse(quickOne.closed());
  }

  @Test
  void eventsQueuedWhileAWriterFinishesAreSentToo() throws Exception {
    final Page page = new Page(false);
    final Subscriber one = new Subscriber(page, writers, 10_000);
    for (int i = 0; i < 5_000; i++) {
      assertTrue(one.event("count", Integer.toString(i)));
    }
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> page.got.size() == 5_000);
    for (int i = 0; i < 5_000; i++) {
      assertEquals("count:" + i, page.got.get(i));
    }
    writers.shutdown();
    assertTrue(writers.awaitTermination(10, TimeUnit.SECONDS));
  }
}
