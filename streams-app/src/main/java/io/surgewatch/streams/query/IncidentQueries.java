package io.surgewatch.streams.query;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.surgewatch.core.EventJson;
import io.surgewatch.events.v1.IncidentEvent;
import io.surgewatch.streams.query.Forwarder.Answer;
import io.surgewatch.streams.query.Forwarder.Hop;
import io.surgewatch.streams.topology.InternalSerdes;
import io.surgewatch.streams.topology.SurgewatchTopology;
import java.net.URI;
import java.net.URISyntaxException;
import org.apache.kafka.common.serialization.Deserializer;

/** Incidents as counted: an incident's winning report, from the stage-1 task that owns its id. */
public final class IncidentQueries {
  private final QueryRouter router;
  // Avro readers are not documented as thread-safe; HTTP requests run on many threads.
  private final ThreadLocal<Deserializer<IncidentEvent>> reader =
      ThreadLocal.withInitial(() -> InternalSerdes.avroBinary(IncidentEvent.class).deserializer());

  IncidentQueries(final QueryRouter router) {
    this.router = router;
  }

  /**
   * An incident's winning report (its JSON form) with {@code link}: the source's URL when it is an
   * http or https URL, else null.
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
          return out;
        });
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
