package io.surgewatch.streams.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.surgewatch.core.CubeKey;
import io.surgewatch.core.EventJson;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The thing asked for does not exist (an unknown alert or incident id): HTTP 404. */
public final class NotFoundException extends RuntimeException {
  public NotFoundException(final String message) {
    super(message);
  }

  /** A 404 answer (perhaps another instance's) as the exception that answers so here. */
  public static NotFoundException of(final Forwarder.Answer answer) {
    try {
      return new NotFoundException(
          EventJson.MAPPER.readTree(answer.body()).path("detail").asText("not found"));
    } catch (final JsonProcessingException e) {
      return new NotFoundException("not found");
    }
  }

  /**
   * No report was ever counted under these cube keys: a misspelt region or group reads as a clear
   * error, not as a key with no incidents ("0 killed, all quiet").
   */
  static NotFoundException noCounts(final List<CubeKey> keys) {
    return new NotFoundException(
        "no counts for "
            + String.join(", ", keys.stream().map(CubeKey::id).toList())
            + ": no report counted there so far (GET /api/v1/keys?country="
            + URLEncoder.encode(keys.get(0).country(), StandardCharsets.UTF_8)
            + " lists the keys there are)");
  }
}
