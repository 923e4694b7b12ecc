package io.surgewatch.producers.ingest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.surgewatch.core.EventJson;
import io.surgewatch.core.Outage;
import io.surgewatch.core.OutageLog;
import io.surgewatch.events.v1.IncidentEvent;
import io.surgewatch.events.v1.StatementEvent;
import io.surgewatch.http.Problems;
import io.surgewatch.producers.EventPublisher;
import io.surgewatch.producers.ProgressWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the records of a valid request and answers it: {@code 202} with where each landed, only
 * once the broker acknowledged every one (waiting at most {@code ingest.ack-timeout-ms}); {@code
 * 503} with {@code Retry-After: 5} when the broker or registry is unavailable, never a 202; {@code
 * 500} for any other failure. After a 503 or a 500 some records of the request may be stored:
 * re-posting them is harmless, because the streams app deduplicates reports by id and reportedAt
 * and takes a statement as first sent (both answers say so). Acknowledged records are promised by
 * the next progress markers, and their names become known to the warnings.
 */
final class IngestPublisher {
  /** The service's logger: its lines on stderr keep the name they always had. */
  private static final Logger LOG = LoggerFactory.getLogger(IngestServer.class);

  static final String RETRY_AFTER_SECONDS = "5";

  private final EventPublisher publisher;
  private final HealthCheck health;
  private final ProgressWriter progress;
  private final IngestWarnings warnings;
  private final IngestMetrics metrics;

  /**
   * Longest wait for the broker's acknowledgements before answering 503 (ingest.ack-timeout-ms).
   */
  private final Duration ackTimeout;

  /**
   * An outage in the log once, then a minute apart, and its end: every POST meeting it would log a
   * line, many a second with several upstreams retrying.
   */
  private final OutageLog outage =
      new OutageLog("the broker or the registry", System::nanoTime, LOG::warn, LOG::info);

  IngestPublisher(
      final EventPublisher publisher,
      final HealthCheck health,
      final ProgressWriter progress,
      final IngestWarnings warnings,
      final IngestMetrics metrics,
      final Duration ackTimeout) {
    this.publisher = publisher;
    this.health = health;
    this.progress = progress;
    this.warnings = warnings;
    this.metrics = metrics;
    this.ackTimeout = ackTimeout;
  }

  /**
   * @param kind {@code incident} or {@code statement}, for the metrics and the messages
   */
  <T extends SpecificRecord> void publish(
      final Context ctx, final String kind, final IngestValidator.Valid<T> valid) {
    final List<T> events = valid.events();
    final List<List<IngestWarnings.Warning>> said = valid.warnings();
    // The contract: broker or registry unreachable is a 503, never a 202. A serializer with the
    // schema id cached could still store the records while the registry is down, so the (cached)
    // readiness check decides first; it also keeps a request from being stored in part when the
    // broker is known to be down.
    final HealthCheck.Status status = health.check();
    if (!status.ready()) {
      unavailable(ctx, kind, events.size(), 0, new NotReady(status));
      return;
    }
    final long deadline = System.nanoTime() + ackTimeout.toNanos();
    final List<CompletableFuture<RecordMetadata>> sends = send(events, deadline);
    final ObjectNode accepted;
    try {
      accepted = acknowledged(events, said, sends, deadline);
    } catch (final InterruptedException e) {
      Thread.currentThread().interrupt();
      unavailable(ctx, kind, events.size(), sends.size(), e);
      return;
    } catch (final TimeoutException e) {
      unavailable(ctx, kind, events.size(), sends.size(), e);
      return;
    } catch (final ExecutionException e) {
      if (isUnavailable(e.getCause())) {
        unavailable(ctx, kind, events.size(), sends.size(), e.getCause());
      } else {
        failed(ctx, kind, events.size(), e.getCause());
      }
      return;
    }
    metrics.accepted(kind, events.size());
    outage.answered("POSTs are published and answered 202 again");
    learn(events, said);
    ctx.status(202).contentType("application/json").result(accepted.toString());
  }

  /**
   * Sends the events, stopping at the first send that failed at once or at the deadline: a send
   * blocks ({@code max.block.ms}) while the topic's metadata is missing, so sending on after a
   * failed or late send would hold the request thread for that long a record (hours for a large
   * array). One deadline serves the sends and their acknowledgements.
   */
  private <T extends SpecificRecord> List<CompletableFuture<RecordMetadata>> send(
      final List<T> events, final long deadline) {
    final List<CompletableFuture<RecordMetadata>> sends = new ArrayList<>(events.size());
    for (final T event : events) {
      final CompletableFuture<RecordMetadata> sent = publisher.publish(event);
      sends.add(sent);
      if (sent.isCompletedExceptionally() || System.nanoTime() - deadline > 0) {
        break;
      }
    }
    return sends;
  }

  /**
   * The 202's body, once every event is acknowledged by the deadline: where each landed, and its
   * warnings.
   *
   * @throws TimeoutException when not all were sent, or acknowledged, by the deadline
   * @throws ExecutionException when a send failed
   */
  private static <T extends SpecificRecord> ObjectNode acknowledged(
      final List<T> events,
      final List<List<IngestWarnings.Warning>> said,
      final List<CompletableFuture<RecordMetadata>> sends,
      final long deadline)
      throws InterruptedException, TimeoutException, ExecutionException {
    final ObjectNode accepted = EventJson.MAPPER.createObjectNode();
    final ArrayNode list = accepted.putArray("accepted");
    for (int i = 0; i < sends.size(); i++) {
      final RecordMetadata metadata =
          sends.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      final ArrayNode warned =
          list.addObject()
              .put("id", idOf(events.get(i)))
              .put("partition", metadata.partition())
              .put("offset", metadata.offset())
              .putArray("warnings");
      said.get(i).forEach(w -> w.addTo(warned));
    }
    if (sends.size() < events.size()) {
      throw new TimeoutException(
          "sent "
              + sends.size()
              + " of "
              + events.size()
              + " records before the deadline, each acknowledged");
    }
    return accepted;
  }

  /**
   * What the service learns from acknowledged events: the progress markers may promise them, the
   * warnings know their names, the metrics count their warnings.
   */
  private <T extends SpecificRecord> void learn(
      final List<T> events, final List<List<IngestWarnings.Warning>> said) {
    final List<IncidentEvent> incidents = new ArrayList<>(events.size());
    final long latest = warnings.latestKnown();
    if (latest != Long.MIN_VALUE) {
      // A report older than that (a backfill) is late: the next markers go past it
      // (ProgressWriter).
      progress.reached(Map.of(publisher.topics().incidents().name(), latest));
    }
    for (int i = 0; i < events.size(); i++) {
      progress.published(events.get(i)); // acknowledged: the next markers may promise it
      if (events.get(i) instanceof IncidentEvent incident) {
        incidents.add(incident);
      }
      said.get(i).forEach(w -> metrics.warning(w.code()));
    }
    warnings.learn(incidents);
  }

  /** A send the broker refused for good (a record larger than the topic takes, say): a 500. */
  private void failed(
      final Context ctx, final String kind, final int count, final Throwable cause) {
    metrics.failed(kind, count);
    LOG.error("publishing {} {}s failed", count, kind, cause);
    Problems.send(
        ctx,
        Problems.of(
            500,
            "publish-failed",
            "Publishing failed",
            cause.getMessage()
                + "; records of the request sent before the one that failed may be stored:"
                + " re-posting the same records is harmless (reports are deduplicated by id and"
                + " reportedAt, a statement is taken as first sent), a changed statement under a"
                + " stored id is not taken"));
  }

  /** The readiness check failed before anything was published. */
  private static final class NotReady extends RuntimeException {
    NotReady(final HealthCheck.Status status) {
      super(
          "broker "
              + status.broker()
              + ", topics "
              + status.topics()
              + ", registry "
              + status.registry(),
          null,
          false,
          false);
    }
  }

  /**
   * The broker or the registry away: Kafka's retriable errors (its TimeoutException is one), or the
   * registry unreachable or answering 5xx or 429.
   */
  private static boolean isUnavailable(final Throwable cause) {
    return Outage.in(cause);
  }

  /**
   * @param tried how many of the request's records were handed to the producer before the first
   *     that failed or the deadline (0 when the readiness check refused the request)
   */
  private void unavailable(
      final Context ctx,
      final String kind,
      final int count,
      final int tried,
      final Throwable cause) {
    metrics.failed(kind, count);
    outage.away(cause.toString(), "POSTs answer 503 with Retry-After, and nothing is published");
    ctx.header("Retry-After", RETRY_AFTER_SECONDS);
    final String within =
        ackTimeout.toMillis() % 1000 == 0
            ? ackTimeout.toSeconds() + " s"
            : ackTimeout.toMillis() + " ms";
    Problems.send(
        ctx,
        Problems.of(
            503,
            "unavailable",
            "Broker or registry unavailable",
            (cause instanceof NotReady
                    ? "nothing was published: " + cause.getMessage()
                    : (tried < count
                            ? "sending stopped at record " + tried + " of " + count
                            : "the " + count + " records were sent")
                        + ", not all acknowledged within "
                        + within
                        + " ("
                        + cause
                        + ")")
                + "; retry later: re-posting the same records is harmless, reports are deduplicated by id and reportedAt"));
  }

  private static String idOf(final SpecificRecord event) {
    return event instanceof IncidentEvent i ? i.getId() : ((StatementEvent) event).getId();
  }
}
