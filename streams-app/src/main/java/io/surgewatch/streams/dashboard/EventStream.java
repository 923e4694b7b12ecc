package io.surgewatch.streams.dashboard;

import io.javalin.Javalin;
import io.javalin.http.sse.SseClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.surgewatch.core.EventJson;
import io.surgewatch.core.SurgewatchConfig;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The live-update stream {@code /api/v1/events}: server-sent events to every open page, {@code
 * hello} (the published windows) on connect, then each count and alert the {@link LiveFeed} sees,
 * with a heartbeat comment every 15 s so that proxies keep idle streams open and closed ones are
 * noticed.
 */
final class EventStream implements AutoCloseable {
  static final String PATH = "/api/v1/events";

  private final LiveFeed feed;
  private final String hello;
  private final Set<Subscriber> clients = ConcurrentHashMap.newKeySet();

  /** A writer a page, while it has events to take (see {@link Subscriber}). */
  private final ExecutorService writers =
      Executors.newCachedThreadPool(daemon("surgewatch-dashboard-events"));

  private final ScheduledExecutorService heartbeats =
      Executors.newSingleThreadScheduledExecutor(daemon("surgewatch-dashboard-heartbeat"));

  private static ThreadFactory daemon(final String name) {
    return r -> {
      final Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * @param windows the published windows, for {@code hello}
   */
  EventStream(
      final SurgewatchConfig config, final MeterRegistry metrics, final List<String> windows) {
    this.hello = "{\"windows\":" + EventJson.MAPPER.valueToTree(windows) + "}";
    this.feed = new LiveFeed(config, metrics);
    feed.listen(this::broadcast);
  }

  void register(final Javalin app) {
    // Javalin answers a request that does not accept the stream with an empty 200: say why instead.
    app.before(
        PATH,
        ctx -> {
          final String accept = ctx.header("Accept");
          if (accept == null || !accept.contains("text/event-stream")) {
            Responses.problem(
                ctx,
                406,
                "not-acceptable",
                "Not acceptable",
                "the live events are a server-sent event stream: send Accept: text/event-stream"
                    + " (as EventSource does)");
            ctx.skipRemainingHandlers();
          }
        });
    // HEAD says what GET would open, without opening it: a stream never ends, and HEAD has no body.
    app.head(PATH, ctx -> ctx.contentType("text/event-stream").header("Cache-Control", "no-cache"));
    app.sse(
        PATH,
        client -> {
          client.keepAlive();
          final Subscriber subscriber = new Subscriber(sinkOf(client), writers);
          client.onClose(() -> clients.remove(subscriber));
          clients.add(subscriber);
          subscriber.event("hello", hello);
        });
  }

  /** Starts following the topics, and the heartbeats. */
  void start() {
    feed.start();
    heartbeats.scheduleAtFixedRate(this::heartbeat, 15, 15, TimeUnit.SECONDS);
  }

  /** Whether the live feed follows its topics already (tests wait for it before writing). */
  boolean live() {
    return feed.assigned();
  }

  /** Queues the event for every page: never waits for one (see {@link Subscriber}). */
  private void broadcast(final LiveFeed.Event event) {
    clients.removeIf(c -> !c.event(event.type(), event.json()));
  }

  private void heartbeat() {
    clients.removeIf(c -> !c.comment("heartbeat"));
  }

  private static Subscriber.Sink sinkOf(final SseClient client) {
    return new Subscriber.Sink() {
      @Override
      public void event(final String type, final String json) {
        client.sendEvent(type, json);
      }

      @Override
      public void comment(final String text) {
        client.sendComment(text);
      }

      @Override
      public boolean terminated() {
        return client.terminated();
      }

      @Override
      public void close() {
        client.close();
      }
    };
  }

  @Override
  public void close() {
    heartbeats.shutdownNow();
    feed.close();
    clients.forEach(Subscriber::close);
    clients.clear();
    writers.shutdownNow();
  }
}
