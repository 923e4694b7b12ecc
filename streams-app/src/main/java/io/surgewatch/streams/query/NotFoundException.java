package io.surgewatch.streams.query;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The thing asked for does not exist (an unknown alert or incident id): HTTP 404. */
public final class NotFoundException extends RuntimeException {
  public NotFoundException(final String message) {
    super(message);
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
