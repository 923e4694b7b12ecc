package io.surgewatch.streams.query;

import io.surgewatch.core.OutageLog;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a query on to the instance that owns the data, with the caller's bearer token, and returns
 * its answer.
 */
public final class Forwarder {
  /**
   * Marks a forwarded request: the receiver answers from its own stores or not at all, so requests
   * never loop.
   */
  public static final String HEADER = "X-Surgewatch-Forwarded";

  /**
   * How long an instance has to answer before it is taken as down and a standby copy answers for it
   * (QueryRouter): an instance that hangs (a stopped JVM, a lost host whose connections stay open)
   * keeps its tasks until its session times out, and every query for its data would wait this long
   * meanwhile. A query answers in milliseconds from local stores; 3 s leaves room for a busy
   * instance without making a dashboard wait 10.
   */
  static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(3);

  /** Requests another instance did not answer: a member down, hung or cut off. */
  private final LongAdder unanswered = new LongAdder();

  private static final Logger LOG = LoggerFactory.getLogger(Forwarder.class);

  /**
   * Each instance's outages in the log, by address: an on-call engineer learns of a member down
   * from the instances still up (their queries of its data answer 503 meanwhile), not only from a
   * counter on /metrics.
   */
  private final Map<String, OutageLog> outages = new ConcurrentHashMap<>();

  private final LongSupplier nanos;
  private final Consumer<String> warn;
  private final Consumer<String> info;

  public Forwarder() {
    this(System::nanoTime, LOG::warn, LOG::info);
  }

  Forwarder(final LongSupplier nanos, final Consumer<String> warn, final Consumer<String> info) {
    this.nanos = nanos;
    this.warn = warn;
    this.info = info;
  }

  private OutageLog outageOf(final String address) {
    return outages.computeIfAbsent(
        address, a -> new OutageLog("instance " + a + " (application.server)", nanos, warn, info));
  }

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /**
   * The request as it reached us: path and query to pass on unchanged, the Authorization header,
   * whether forwarded.
   */
  public record Hop(String pathAndQuery, String authorization, boolean forwarded, boolean standby) {
    public Hop(final String pathAndQuery, final String authorization, final boolean forwarded) {
      this(pathAndQuery, authorization, forwarded, false);
    }

    /** The request as it reached an instance: forwarded, and to a standby, as its header says. */
    public static Hop of(
        final String pathAndQuery, final String authorization, final String forwardedHeader) {
      return new Hop(
          pathAndQuery, authorization, forwardedHeader != null, STANDBY.equals(forwardedHeader));
    }

    public static Hop local() {
      return new Hop("", null, true);
    }

    /** This request sent on to an instance that holds a standby copy of the data. */
    Hop toStandby() {
      return new Hop(pathAndQuery, authorization, false, true);
    }
  }

  /**
   * {@link #HEADER}'s value on a request sent to a standby because the data's owner does not
   * answer: the receiver answers from its standby copy.
   */
  static final String STANDBY = "standby";

  /** An HTTP answer: status and JSON body. */
  public record Answer(int status, String body) {}

  public Answer get(final HostInfo host, final Hop hop) {
    final HttpRequest.Builder request =
        HttpRequest.newBuilder(
                URI.create(
                    "http://"
                        + hostPart(host.host())
                        + ":"
                        + host.port()
                        + uriSafe(hop.pathAndQuery())))
            .timeout(ANSWER_TIMEOUT)
            .header(HEADER, hop.standby() ? STANDBY : "1")
            .header("Accept", "application/json")
            .GET();
    if (hop.authorization() != null) {
      request.header("Authorization", hop.authorization());
    }
    try {
      final HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      final OutageLog outage = outages.get(address(host));
      if (outage != null) {
        outage.answered("queries of its data are answered by it again");
      }
      return new Answer(response.statusCode(), response.body());
    } catch (final IOException e) {
      // The owner is down or moving: the same as a rebalance from the caller's point of view.
      unanswered.increment();
      final String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      outageOf(address(host))
          .away(
              why,
              "queries of its data answer 503 with Retry-After (or from a standby copy, with"
                  + " num.standby.replicas) until it returns or the group moves its tasks, when"
                  + " its session times out (session.timeout.ms)");
      throw new NotReadyException("instance " + address(host) + " did not answer (" + why + ")", e);
    } catch (final InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NotReadyException("interrupted while asking " + address(host), e);
    }
  }

  /** How many requests other instances did not answer so far. */
  long unanswered() {
    return unanswered.sum();
  }

  /**
   * The path and query as they reached us, with what {@link URI} refuses percent-encoded: a browser
   * or curl sends {@code key=PK|*|*} as typed, which the owner of the key reads as this instance
   * did, but {@code URI.create} rejects. Escapes the client sent stay as they were (by hand: {@code
   * URLEncoder} and URI's multi-argument constructors encode {@code %} again).
   */
  static String uriSafe(final String pathAndQuery) {
    StringBuilder out = null;
    for (int i = 0; i < pathAndQuery.length(); ) {
      final int c = pathAndQuery.codePointAt(i);
      final int next = i + Character.charCount(c);
      if (c < 128 && (Character.isLetterOrDigit(c) || LEGAL.indexOf(c) >= 0)) {
        if (out != null) {
          out.append((char) c);
        }
      } else {
        if (out == null) {
          out = new StringBuilder(pathAndQuery.length() + 16).append(pathAndQuery, 0, i);
        }
        for (final byte b : pathAndQuery.substring(i, next).getBytes(StandardCharsets.UTF_8)) {
          out.append('%').append(HEX.charAt((b >> 4) & 15)).append(HEX.charAt(b & 15));
        }
      }
      i = next;
    }
    return out == null ? pathAndQuery : out.toString();
  }

  /** RFC 3986's unreserved and sub-delimiters, and what a path and query may hold besides. */
  private static final String LEGAL = "-._~!$&'()*+,;=:@/?%";

  private static final String HEX = "0123456789ABCDEF";

  /** An instance's address as its {@code application.server} names it, for messages. */
  static String address(final HostInfo host) {
    return hostPart(host.host()) + ":" + host.port();
  }

  private static String hostPart(final String host) {
    return host.contains(":") ? "[" + host + "]" : host;
  }
}
