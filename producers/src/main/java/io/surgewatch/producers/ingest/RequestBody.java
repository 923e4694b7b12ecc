package io.surgewatch.producers.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.surgewatch.core.EventJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The body of a {@code POST} to the ingest API, read within the size limit, and the records in it:
 * an {@code application/json} body is one object or an array of them, an {@code
 * application/x-ndjson} one holds one object a line (blank lines aside).
 */
final class RequestBody {

  /** How the records are written, by the request's Content-Type. */
  enum Format {
    JSON,
    NDJSON;

    /**
     * The format of a Content-Type (parameters and letter case aside); empty when it is not one the
     * API accepts.
     */
    static Optional<Format> of(final String contentType) {
      final String mediaType = mediaType(contentType);
      if (mediaType.equals("application/x-ndjson") || mediaType.equals("application/ndjson")) {
        return Optional.of(NDJSON);
      }
      return mediaType.equals("application/json") ? Optional.of(JSON) : Optional.empty();
    }

    private static String mediaType(final String contentType) {
      if (contentType == null) {
        return "";
      }
      final int semicolon = contentType.indexOf(';');
      return (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
          .trim()
          .toLowerCase(Locale.ROOT);
    }
  }

  /** One record of a request: where it was (index in an array, line of NDJSON) and its JSON. */
  record Item(Integer index, Integer line, JsonNode node) {
    /** Adds where the record was to an entry of the problem's {@code errors}. */
    ObjectNode locate(final ObjectNode error) {
      if (index != null) {
        error.put("index", index);
      }
      if (line != null) {
        error.put("line", line);
      }
      return error;
    }
  }

  private final byte[] bytes;
  private final Format format;

  private RequestBody(final byte[] bytes, final Format format) {
    this.bytes = bytes;
    this.format = format;
  }

  /**
   * The body, or empty when it exceeds {@code maxBytes} (by Content-Length, or while reading a
   * chunked body).
   */
  static Optional<RequestBody> read(final Context ctx, final Format format, final long maxBytes) {
    final long declared = ctx.req().getContentLengthLong();
    if (declared > maxBytes) {
      return Optional.empty();
    }
    final ByteArrayOutputStream out =
        new ByteArrayOutputStream(declared > 0 ? (int) declared : 8192);
    try (InputStream in = ctx.req().getInputStream()) {
      final byte[] buffer = new byte[8192];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
        if (out.size() > maxBytes) {
          return Optional.empty();
        }
      }
    } catch (final IOException e) {
      throw new UncheckedIOException("cannot read the request body", e);
    }
    return Optional.of(new RequestBody(out.toByteArray(), format));
  }

  /**
   * The records that are JSON; what is not JSON goes to {@code errors} (of NDJSON, with its line).
   */
  List<Item> items(final ArrayNode errors) {
    return format == Format.NDJSON ? ndjsonItems(errors) : jsonItems(errors);
  }

  /**
   * How many records the body holds: NDJSON lines that are not JSON at all are records too, though
   * not items.
   */
  long records(final List<Item> items) {
    return format == Format.NDJSON
        ? new String(bytes, StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).count()
        : items.size();
  }

  private List<Item> jsonItems(final ArrayNode errors) {
    final JsonNode root;
    try {
      root = EventJson.MAPPER.readTree(bytes);
    } catch (final JsonProcessingException e) {
      errors
          .addObject()
          .putNull("field")
          .put(
              "message",
              "not valid JSON: "
                  + EventJson.describe(e)
                  + " (line "
                  + e.getLocation().getLineNr()
                  + ", column "
                  + e.getLocation().getColumnNr()
                  + ")");
      return List.of();
    } catch (final IOException e) {
      throw new UncheckedIOException(e);
    }
    if (root == null || root.isMissingNode()) {
      return List.of();
    }
    if (root.isArray()) {
      final List<Item> items = new ArrayList<>(root.size());
      for (int i = 0; i < root.size(); i++) {
        items.add(new Item(i, null, root.get(i)));
      }
      return items;
    }
    return List.of(new Item(null, null, root));
  }

  private List<Item> ndjsonItems(final ArrayNode errors) {
    final List<Item> items = new ArrayList<>();
    int line = 0;
    // Lines split on the byte 0x0A (never inside a UTF-8 sequence), each decoded strictly: a
    // Latin-1
    // "Ségou" would otherwise be stored as "S\uFFFDgou" with a 202 and counted as a region of its
    // own.
    for (int from = 0; from <= bytes.length; ) {
      int to = from;
      while (to < bytes.length && bytes[to] != '\n') {
        to++;
      }
      line++;
      final int end = to > from && bytes[to - 1] == '\r' ? to - 1 : to;
      final String row;
      try {
        row =
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes, from, end - from))
                .toString();
      } catch (final CharacterCodingException e) {
        errors
            .addObject()
            .putNull("field")
            .put(
                "message",
                "not UTF-8 text (application/x-ndjson is UTF-8): send the line in UTF-8, not as"
                    + " saved in another encoding")
            .put("line", line);
        from = to + 1;
        continue;
      }
      from = to + 1;
      // A byte-order mark (Notepad writes one) opens the body, not its first record: the JSON
      // body, produce and backtest skip it too.
      final String text = line == 1 && row.startsWith("\uFEFF") ? row.substring(1) : row;
      if (text.isBlank()) {
        continue;
      }
      try {
        items.add(new Item(null, line, EventJson.MAPPER.readTree(text)));
      } catch (final JsonProcessingException e) {
        errors
            .addObject()
            .putNull("field")
            .put("message", "not valid JSON: " + EventJson.describe(e))
            .put("line", line);
      }
    }
    return items;
  }
}
