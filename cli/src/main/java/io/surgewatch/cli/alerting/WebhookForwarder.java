package io.surgewatch.cli.alerting;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.surgewatch.core.EventJson;
import io.surgewatch.events.v1.SurgeAlert;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Forwards alerts to a webhook: {@code POST} of the alert's JSON form ({@link #body}: {@link
 * EventJson#toJson} plus {@code coalescedSequences}, {@code reopened} and, when the flapping guard
 * applied, {@code replaces}), with {@code Content-Type: application/json}, {@code Idempotency-Key:
 * <alertId>:<sequence>} (the same on every retry of a transition, so a receiver can deduplicate)
 * and, when configured, {@code Authorization: Bearer <token>}.
 *
 * <ul>
 *   <li>2xx: delivered.
 *   <li>Connection errors, timeouts, 5xx and 429: retried with exponential backoff and jitter
 *       ({@link Backoff}); a {@code Retry-After} header (seconds or HTTP-date) replaces the
 *       computed delay.
 *   <li>Any other status (4xx other than 429; 3xx, since redirects are not followed): never
 *       retried; logged with the status and the start of the response body, and skipped.
 * </ul>
 */
public final class WebhookForwarder implements AlertSink {
  private static final int BODY_IN_LOG = 300;

  private final URI url;
  private final String bearerToken;
  private final Backoff backoff;
  private final Duration requestTimeout;
  private final PrintStream log;
  private final HttpClient client;
  private final RandomGenerator random = RandomGenerator.getDefault();

  /**
   * @param bearerToken sent as {@code Authorization: Bearer}; null or blank for none
   * @param log where retries and skips are reported (stderr in the command)
   */
  public WebhookForwarder(
      final URI url,
      final String bearerToken,
      final Backoff backoff,
      final Duration requestTimeout,
      final PrintStream log) {
    final String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
      throw new IllegalArgumentException(
          "webhook URL must be an absolute http:// or https:// URL: " + url);
    }
    this.url = url;
    this.bearerToken = bearerToken == null || bearerToken.isBlank() ? null : bearerToken.strip();
    this.backoff = backoff;
    this.requestTimeout = requestTimeout;
    this.log = log;
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1) // no h2c upgrade dance with plain-http receivers
            .followRedirects(
                HttpClient.Redirect.NEVER) // a redirected POST may silently become a GET
            .connectTimeout(requestTimeout)
            .build();
  }

  /**
   * {@code <alertId>:<sequence>}. Characters that may not travel in an HTTP header (controls,
   * non-ASCII) are percent-encoded as UTF-8, and so is {@code %} itself, so that percent-decoding
   * the key gives the id back whatever the names in it.
   */
  public static String idempotencyKey(final SurgeAlert alert) {
    final String raw = alert.getAlertId() + ":" + alert.getSequence();
    final StringBuilder out = new StringBuilder(raw.length());
    for (final byte b : raw.getBytes(StandardCharsets.UTF_8)) {
      final int c = b & 0xff;
      if (c >= 0x20 && c < 0x7f && c != '%') {
        out.append((char) c);
      } else {
        out.append('%')
            .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }

  /**
   * The body of a delivery: the alert's JSON form, plus {@code coalescedSequences} (the transitions
   * of this alert it stands for, ascending, ending with its own {@code sequence}), {@code reopened}
   * (true for an {@code OPEN} after a withdrawal of the same alert, {@link Delivery#reopened()};
   * false otherwise) and, when the flapping guard folded the previous alert's end into this OPEN,
   * {@code replaces} ({@code alertId}, {@code sequence}, {@code status}, {@code severity} of that
   * end).
   */
  public static String body(final Delivery delivery) {
    final ObjectNode json = EventJson.toTree(delivery.alert());
    final ArrayNode covered = json.putArray("coalescedSequences");
    delivery.sequences().forEach(covered::add);
    json.put("reopened", delivery.reopened());
    if (delivery.replaced() != null) {
      final SurgeAlert r = delivery.replaced();
      json.putObject("replaces")
          .put("alertId", r.getAlertId().toString())
          .put("sequence", r.getSequence())
          .put("status", r.getStatus().toString())
          .put("severity", r.getSeverity().toString());
    }
    return json.toString();
  }

  @Override
  public Outcome deliver(final SurgeAlert alert, final RetryPause retryPause) {
    return deliver(Delivery.of(alert), retryPause);
  }

  @Override
  public Outcome deliver(final Delivery delivery, final RetryPause retryPause) {
    final SurgeAlert alert = delivery.alert();
    final String key = idempotencyKey(alert);
    final HttpRequest.Builder builder =
        HttpRequest.newBuilder(url)
            .timeout(requestTimeout)
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", key)
            .header("User-Agent", "surgewatch-alerts")
            .POST(HttpRequest.BodyPublishers.ofString(body(delivery), StandardCharsets.UTF_8));
    if (bearerToken != null) {
      builder.header("Authorization", "Bearer " + bearerToken);
    }
    final HttpRequest request = builder.build();
    for (int attempt = 1; ; attempt++) {
      String failure;
      Optional<Duration> retryAfter = Optional.empty();
      try {
        final HttpResponse<String> response =
            client.send(request, HttpResponse.BodyHandlers.ofString());
        final int status = response.statusCode();
        if (status >= 200 && status < 300) {
          if (attempt > 1) {
            log.printf("alerts: %s delivered on attempt %d%n", key, attempt);
          }
          return Outcome.DELIVERED;
        }
        if (status != 429 && status < 500) {
          log.printf(
              "alerts: webhook answered HTTP %d to %s; skipped, not retried (only connection errors, 5xx and "
                  + "429 are): %s%n",
              status, key, snippet(response.body()));
          return Outcome.SKIPPED;
        }
        failure = "HTTP " + status;
        retryAfter =
            response
                .headers()
                .firstValue("Retry-After")
                .flatMap(v -> Backoff.parseRetryAfter(v, Instant.now()));
      } catch (final IOException e) {
        failure = describe(e);
      } catch (final InterruptedException e) {
        Thread.currentThread().interrupt();
        return Outcome.STOPPED;
      }
      if (!backoff.mayRetryAfter(attempt)) {
        throw new DeliveryException(
            "gave up delivering "
                + key
                + " to "
                + url
                + " after "
                + attempt
                + " attempts (last: "
                + failure
                + "); not committed, the next run retries it");
      }
      final Duration wait =
          retryAfter.isPresent()
              ? backoff.retryAfter(retryAfter.get())
              : backoff.delay(attempt, random);
      log.printf(
          "alerts: %s attempt %d failed (%s); retrying in %d ms%s%n",
          key, attempt, failure, wait.toMillis(), retryAfter.isPresent() ? " (Retry-After)" : "");
      if (!retryPause.pause(wait)) {
        return Outcome.STOPPED;
      }
    }
  }

  /**
   * {@code ConnectException: Connection refused}: the JDK client often puts the useful message on
   * the cause.
   */
  private static String describe(final IOException e) {
    Throwable t = e;
    while (t.getMessage() == null && t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    if (t.getMessage() != null) {
      return e.getClass().getSimpleName() + ": " + t.getMessage();
    }
    return t == e
        ? e.getClass().getSimpleName()
        : e.getClass().getSimpleName() + " (" + t.getClass().getName() + ")";
  }

  private static String snippet(final String body) {
    if (body == null || body.isBlank()) {
      return "(empty body)";
    }
    final String flat = body.replaceAll("\\s+", " ").strip();
    return flat.length() <= BODY_IN_LOG ? flat : flat.substring(0, BODY_IN_LOG) + "...";
  }
}
