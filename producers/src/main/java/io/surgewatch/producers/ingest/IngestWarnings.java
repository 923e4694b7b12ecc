package io.surgewatch.producers.ingest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.surgewatch.core.Canonicalizer;
import io.surgewatch.core.ConfigException;
import io.surgewatch.core.DeadLetters;
import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.events.v1.IncidentEvent;
import io.surgewatch.events.v1.PerpetratorGroup;
import io.surgewatch.producers.TooLatePrediction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a {@code 202} says of each accepted incident that will not count as sent, as far as the
 * ingest service can know it:
 *
 * <ul>
 *   <li>{@link #TOO_LATE} (a prediction): its day is before {@code history.days} back from the
 *       latest reported-at this service knows. The streams app judges by its own watermark, the
 *       latest reported-at it has read, which this service does not see; what it knows instead is
 *       the input topic itself, read back at start ({@code ingest.scan-records}, the newest
 *       reports) and followed from then on ({@link IncidentTopicFollower}), plus every report it
 *       accepted. The app's watermark when it reads the report is at least that (every report this
 *       service knows is before it in the topic, with one input partition), so a report said to be
 *       too late will be; one not said to be may still be, when reports this service has not seen
 *       yet are ahead of it, or when it revises a report of an incident day already outside the
 *       history.
 *   <li>{@link #NOT_COUNTED} (not a prediction: it follows from the report and {@code
 *       incidents.counted-types}): its {@code sourceEventType} is not counted; the app sets it
 *       aside (dead letter NOT_COUNTED, once: a repeat of it is no new letter).
 *   <li>{@link #NEW_NAME} (not a prediction: a fact about what this service knows): a region or
 *       group name that neither the alias tables nor the data so far hold for the report's country.
 *       The data so far: the counted reports of the input topic this service has read (above) and
 *       those it accepted. It will be counted under that name, a series of its own: a typo ({@code
 *       Atlantis}) is seen at once. With {@code ingest.unknown-names=reject} such a report is a
 *       {@code 400} instead.
 * </ul>
 *
 * Retractions and reports of a type that is not counted count nothing, so they get no TOO_LATE and
 * no NEW_NAME (nor are their names learnt). Thread-safe.
 */
final class IngestWarnings implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(IngestWarnings.class);
  static final String TOO_LATE = DeadLetters.TOO_LATE;
  static final String NOT_COUNTED = DeadLetters.NOT_COUNTED;
  static final String NEW_NAME = "NEW_NAME";

  /**
   * Names remembered from the data, at most (a flood of made-up names must not exhaust the heap).
   */
  private static final int MAX_NAMES = 1_000_000;

  /**
   * One thing a 202 says of a record. {@code value}: the canonical value the streams app will see.
   */
  record Warning(String code, String field, String value, boolean prediction, String message) {
    void addTo(final ArrayNode warnings) {
      warnings
          .addObject()
          .put("code", code)
          .put("field", field)
          .put("value", value)
          .put("prediction", prediction)
          .put("message", message);
    }
  }

  /** {@code ingest.unknown-names}. */
  enum UnknownNames {
    WARN,
    REJECT
  }

  private final TooLatePrediction prediction;
  private final Canonicalizer names;
  private final UnknownNames unknownNames;
  private final AtomicLong latestReportedAt = new AtomicLong(Long.MIN_VALUE);

  /** The latest progress marker's time on the incidents topic that this service has read. */
  private final AtomicLong latestMarked = new AtomicLong(Long.MIN_VALUE);

  /** Names in the data so far: "PK|region|Atlantis", "PK|group|TTP". */
  private final Set<String> seen = ConcurrentHashMap.newKeySet();

  /**
   * A name of the data so far by its matching form ("PK|group|katibamacina" -> "Katiba Macina"): a
   * new name that differs from one only in capitals or punctuation is counted apart, and said so.
   */
  private final Map<String, String> seenForms = new ConcurrentHashMap<>();

  /** The input topic read back at start and followed: the data so far of other producers. */
  private final IncidentTopicFollower follower;

  IngestWarnings(final SurgewatchConfig config, final Canonicalizer names) {
    this.prediction = TooLatePrediction.from(config);
    // Longest wait of a request for the read-back of the topic at start.
    final Duration catchUpWait = config.getMillis(Keys.INGEST_CATCH_UP_TIMEOUT_MS);
    this.names = names;
    this.unknownNames = unknownNames(config);
    final int scan = config.getInt(Keys.INGEST_SCAN_RECORDS);
    if (scan < 0) {
      throw new ConfigException(Keys.INGEST_SCAN_RECORDS + " must not be negative, got " + scan);
    }
    this.follower =
        new IncidentTopicFollower(
            config,
            scan,
            catchUpWait,
            this::learn,
            marked -> latestMarked.accumulateAndGet(marked, Math::max));
    follower.start();
  }

  static UnknownNames unknownNames(final SurgewatchConfig config) {
    final String value = config.get(Keys.INGEST_UNKNOWN_NAMES).trim().toLowerCase(Locale.ROOT);
    return switch (value) {
      case "warn" -> UnknownNames.WARN;
      case "reject" -> UnknownNames.REJECT;
      default ->
          throw new ConfigException(
              Keys.INGEST_UNKNOWN_NAMES
                  + " must be warn or reject, got '"
                  + config.get(Keys.INGEST_UNKNOWN_NAMES)
                  + "'");
    };
  }

  boolean rejectsUnknownNames() {
    return unknownNames == UnknownNames.REJECT;
  }

  /**
   * The checks of one request: what the service knew before it, plus the request's own reports, in
   * order.
   */
  Request request() {
    try {
      if (!follower.awaitCaughtUp()) {
        LOG.warn(
            "the input topic's newest reports are not read back yet: warnings rest on less than it holds");
      }
    } catch (final InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return new Request(latestReportedAt.get());
  }

  /**
   * The latest time on the incidents topic that this service knows (Long.MIN_VALUE: none yet): a
   * report's reported-at, read back or accepted, or a progress marker's, read back. The app places
   * a report at or before it just after it (a backfill's end markers lie past the newest report).
   */
  long latestKnown() {
    return Math.max(latestReportedAt.get(), latestMarked.get());
  }

  /** After the broker acknowledged them: the reports are data now. */
  void learn(final List<IncidentEvent> accepted) {
    accepted.forEach(this::learn);
  }

  private void learn(final IncidentEvent event) {
    latestReportedAt.accumulateAndGet(event.getReportedAt().toEpochMilli(), Math::max);
    if (!counts(event)) {
      return;
    }
    final Optional<String> country = names.country(event.getCountry());
    if (country.isEmpty()) {
      return;
    }
    final String cc = country.get();
    if (seen.size() >= MAX_NAMES) {
      return;
    }
    if (event.getRegion() != null && !event.getRegion().isBlank()) {
      see(cc, "region", names.region(cc, event.getRegion()));
    }
    for (final PerpetratorGroup g : event.getGroups()) {
      see(cc, "group", names.group(cc, g.getName()));
    }
  }

  private void see(final String cc, final String kind, final String name) {
    seen.add(cc + "|" + kind + "|" + name);
    seenForms.putIfAbsent(cc + "|" + kind + "|" + Canonicalizer.matchingForm(name), name);
  }

  /**
   * What becomes of a report with a new name, as this service treats it: counted under the name
   * (warn), or refused, nothing published (reject).
   */
  private String ofItsOwn(final String what, final String table) {
    return unknownNames == UnknownNames.REJECT
        ? "the report is refused rather than counted as a "
            + what
            + " of its own (check the spelling, or add an alias to "
            + table
            + ")"
        : "it will be counted as a "
            + what
            + " of its own (check the spelling, or add an alias to "
            + table
            + ")";
  }

  /** What the NEW_NAME warning adds when the data so far has the name in another writing. */
  private String alsoWritten(final String cc, final String kind, final String name) {
    final String other = seenForms.get(cc + "|" + kind + "|" + Canonicalizer.matchingForm(name));
    return other == null || other.equals(name)
        ? ""
        : "; the data so far has '"
            + other
            + "', the same letters written otherwise: write it so to count them as one "
            + kind
            + " (or add an alias)";
  }

  /** Counted when it arrives as it is ({@link TooLatePrediction#counts}). */
  private boolean counts(final IncidentEvent event) {
    return prediction.counts(event);
  }

  final class Request {
    private long latest;

    private Request(final long latest) {
      this.latest = latest;
    }

    /**
     * The warnings of the next report of the request.
     *
     * @param sent the report as sent (for the fields' paths: groups[i] of what the client wrote)
     * @param event the same report prepared (canonical)
     */
    List<Warning> check(final IncidentEvent sent, final IncidentEvent event) {
      latest = Math.max(latest, event.getReportedAt().toEpochMilli());
      final List<Warning> out = new ArrayList<>(0);
      if (!counts(event)) {
        if (!event.getRetracted()) {
          out.add(
              new Warning(
                  NOT_COUNTED,
                  "sourceEventType",
                  event.getSourceEventType(),
                  false,
                  "event type '"
                      + event.getSourceEventType()
                      + "' is not counted as an incident (counted: "
                      + prediction.types().describe()
                      + "; setting incidents.counted-types): the streams app sets the report aside (dead letter "
                      + NOT_COUNTED
                      + ", once: not for a repeat of a report it set aside) and takes out the figures"
                      + " of an earlier counted report of "
                      + event.getId()
                      + ", if any"));
        }
        return out;
      }
      tooLate(event).ifPresent(out::add);
      final String cc = event.getCountry();
      if (sent.getRegion() != null && !sent.getRegion().isBlank()) {
        final String region = event.getRegion();
        if (!Canonicalizer.UNKNOWN.equals(region)
            && !names.isTableRegion(cc, region)
            && !seen.contains(cc + "|region|" + region)) {
          out.add(
              new Warning(
                  NEW_NAME,
                  "region",
                  region,
                  false,
                  "new region name for "
                      + cc
                      + ": '"
                      + region
                      + "'"
                      + asWritten(sent.getRegion(), region)
                      + " is in neither the alias tables (regions.csv "
                      + (names.hasTableRegions(cc)
                          ? "lists other regions of " + cc
                          : "has no region of " + cc)
                      + ") nor the data so far; "
                      + ofItsOwn("region", "regions.csv")
                      + alsoWritten(cc, "region", region)));
        }
      }
      final Map<String, Boolean> reported = new HashMap<>();
      for (int i = 0; i < sent.getGroups().size(); i++) {
        final String raw = sent.getGroups().get(i).getName();
        final String group = names.group(cc, raw);
        if (!Canonicalizer.UNKNOWN.equals(group)
            && !names.isTableGroup(cc, group)
            && !seen.contains(cc + "|group|" + group)
            && reported.put(group, true) == null) {
          out.add(
              new Warning(
                  NEW_NAME,
                  "groups[" + i + "].name",
                  group,
                  false,
                  "new group name for "
                      + cc
                      + ": '"
                      + group
                      + "'"
                      + asWritten(raw, group)
                      + " is in neither the alias tables (groups.csv) nor the data so "
                      + "far of "
                      + cc
                      + "; "
                      + ofItsOwn("group", "groups.csv")
                      + alsoWritten(cc, "group", group)));
        }
      }
      return out;
    }

    private Optional<Warning> tooLate(final IncidentEvent event) {
      return prediction
          .tooLate(event, latest, "this service knows")
          .map(
              message ->
                  new Warning(
                      TOO_LATE, "occurredOn", event.getOccurredOn().toString(), true, message));
    }
  }

  private static String asWritten(final String raw, final String canonical) {
    return raw.strip().equals(canonical) ? "" : " (written '" + raw.strip() + "')";
  }

  @Override
  public void close() {
    follower.shutdown();
  }
}
