package io.surgewatch.streams.query;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.surgewatch.core.EventJson;
import io.surgewatch.core.EventTypes;
import io.surgewatch.engine.Codec;
import io.surgewatch.engine.RevisionTracker;
import io.surgewatch.events.v1.IncidentEvent;
import io.surgewatch.streams.query.Forwarder.Answer;
import io.surgewatch.streams.query.Forwarder.Hop;
import io.surgewatch.streams.topology.InternalSerdes;
import io.surgewatch.streams.topology.RefusedReport;
import io.surgewatch.streams.topology.SurgewatchTopology;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.kafka.common.serialization.Deserializer;

/** Incidents as counted: an incident's winning report, from the stage-1 task that owns its id. */
public final class IncidentQueries {
  private final QueryRouter router;

  /**
   * The source types counted now (incidents.counted-types), named in a set-aside report's reason.
   */
  private final EventTypes counted;

  /** The topic a refused report's dead letter is on (topic.dead-letter). */
  private final String deadLetterTopic;

  // Avro readers are not documented as thread-safe; HTTP requests run on many threads.
  private final ThreadLocal<Deserializer<IncidentEvent>> reader =
      ThreadLocal.withInitial(() -> InternalSerdes.avroBinary(IncidentEvent.class).deserializer());

  IncidentQueries(
      final QueryRouter router, final EventTypes counted, final String deadLetterTopic) {
    this.router = router;
    this.counted = counted;
    this.deadLetterTopic = deadLetterTopic;
  }

  /**
   * An incident's winning report (its JSON form) with {@code link}: the source's URL when it is an
   * http or https URL, else null; and {@code counted}, with {@code notCounted} saying why not: the
   * report that stands is not always in the counts (a retraction, a type set aside); and {@code
   * refusedReport}, the latest later report stage 1 refused as too late, or null.
   */
  public Answer incident(final String id, final Hop hop) {
    return router.routed(
        SurgewatchTopology.STORE_INCIDENTS,
        id,
        hop,
        partition -> {
          final byte[] bytes =
              router.<byte[]>store(SurgewatchTopology.STORE_INCIDENTS, partition).get(id);
          if (bytes == null) {
            throw new NotFoundException("no incident " + id);
          }
          final IncidentEvent e = reader.get().deserialize(null, bytes);
          final ObjectNode out = EventJson.toTree(e);
          out.put("link", e.getSource() == null ? null : safeLink(e.getSource().getUrl()));
          // Stage 1's own decision, as it stands in its store: judged when the report came, under
          // the types counted then, not under today's configuration.
          final byte[] decided =
              router.<byte[]>store(SurgewatchTopology.STORE_INCIDENT_DECISIONS, partition).get(id);
          final String why = notCounted(e, decided == null ? null : Codec.decodeReport(decided));
          out.put("counted", why == null);
          out.put("notCounted", why);
          final byte[] refused =
              router.<byte[]>store(SurgewatchTopology.STORE_INCIDENT_REFUSALS, partition).get(id);
          out.set(
              "refusedReport",
              refused == null
                  ? NullNode.getInstance()
                  : refusedReport(
                      RefusedReport.decode(refused, SurgewatchTopology.STORE_INCIDENT_REFUSALS)));
          return out;
        });
  }

  /**
   * Why the report that stands for an incident is out of the counts, or null when it counts.
   *
   * @param decided stage 1's stored report of the incident, or null when not written yet. A
   *     set-aside one is stored retracted, with its type since stage-1 report layout 2 (one set
   *     aside by a release before reads as a retraction): either is told from a retraction by the
   *     report that stands, which a retraction marks retracted and a set-aside report does not
   */
  String notCounted(final IncidentEvent standing, final RevisionTracker.Report decided) {
    if (standing.getRetracted()) {
      // Stage 1 stores a report revised to a day before the history (history.days) as retracted
      // too: it took its incident out of the counts, as a retraction does.
      return "retracted: the incident is out of every count (withdrawn by its source, no longer in"
          + " a newer export, or revised to a day before the history the app keeps, which"
          + " refusedReport names, with its TOO_LATE dead letter)";
    }
    if (decided != null && decided.retracted()) {
      return "set aside when it came: its event type, "
          + standing.getSourceEventType()
          + ", was not counted then (incidents.counted-types; counted now: "
          + counted.describe()
          + "); after adding a type, replay-dead-letters --category NOT_COUNTED counts it";
    }
    return null;
  }

  /**
   * A refused report as the API gives it: its reported-at, revision, whether it is a retraction and
   * its incident day (null for a retraction, whose day is not judged), and its dead letter's JSON
   * form as the dead-letters API gives it, less the original bytes or text, with the topic it is on
   * (keyed by its {@code originalKey}).
   */
  ObjectNode refusedReport(final RefusedReport refused) {
    final ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("reportedAt", Instant.ofEpochMilli(refused.reportedAt()).toString());
    out.put("revision", refused.revision());
    out.put("retracted", refused.retracted());
    out.put(
        "occurredOn",
        refused.retracted() ? null : LocalDate.ofEpochDay(refused.occurredOn()).toString());
    final ObjectNode letter = EventJson.toTree(refused.deadLetter());
    letter.remove(List.of("originalValue", "originalText"));
    out.set(
        "deadLetter",
        JsonNodeFactory.instance.objectNode().put("topic", deadLetterTopic).setAll(letter));
    return out;
  }

  /** An http(s) URL, or null: a page may link it without running anything. */
  static String safeLink(final String url) {
    if (url == null) {
      return null;
    }
    try {
      final URI u = new URI(url.trim());
      final String scheme = u.getScheme();
      return scheme != null
              && (scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
              && u.getHost() != null
          ? u.toString()
          : null;
    } catch (final URISyntaxException e) {
      return null;
    }
  }
}
