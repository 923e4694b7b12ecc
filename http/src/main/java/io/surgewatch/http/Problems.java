package io.surgewatch.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.eclipse.jetty.http.HttpStatus;

/**
 * RFC 9457 problem details ({@code application/problem+json}) as every server of ours writes them:
 * the ingest API, the dashboard and query API, and Jetty's own refusals ({@link
 * ProblemErrorHandler}). One place, so that a client reading both APIs meets one set of {@code
 * type} URIs: {@link #TYPE_BASE} and a kind ({@code invalid-events}, {@code not-found}, ...), the
 * same kind for the same problem on either server.
 */
public final class Problems {
  public static final String CONTENT_TYPE = "application/problem+json";

  /**
   * The types' common prefix: identifiers (RFC 9457 asks a type to be a URI that stays the same,
   * not one that resolves); the README lists the kinds.
   */
  public static final String TYPE_BASE = "https://surgewatch.io/problems/";

  private Problems() {}

  /**
   * A problem of the kind {@code kind}.
   *
   * @param title a short summary of the kind, the same for every problem of it
   * @param detail what went wrong with this request
   */
  public static ObjectNode of(
      final int status, final String kind, final String title, final String detail) {
    final ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("type", TYPE_BASE + kind);
    node.put("title", title);
    node.put("status", status);
    node.put("detail", detail);
    return node;
  }

  /**
   * A problem that says no more than its status: its kind and title are the status's reason phrase
   * ({@code 431} is {@code request-header-fields-too-large}, "Request Header Fields Too Large").
   */
  public static ObjectNode ofStatus(final int status, final String detail) {
    final String title = HttpStatus.getMessage(status);
    return of(status, kindOf(title), title, detail);
  }

  static String kindOf(final String reasonPhrase) {
    return reasonPhrase
        .toLowerCase(Locale.ROOT)
        .replaceAll("[^a-z0-9]+", "-")
        .replaceAll("^-|-$", "");
  }

  /** The list of offending fields an invalid request's problem carries. */
  public static ArrayNode errors(final ObjectNode problem) {
    return problem.putArray("errors");
  }

  /** Answers with the problem: its status, {@link #CONTENT_TYPE}, the problem as the body. */
  public static void send(final Context ctx, final ObjectNode problem) {
    final int status = problem.path("status").asInt(500);
    if (status == 401 || status == 413 || status == 415) {
      // The body may be left unread: close the connection rather than risk it being taken for the
      // next request.
      ctx.header("Connection", "close");
    }
    // As bytes: Jetty encodes a String result in the content type's charset, and for this type (no
    // charset parameter, none assumed) that is ISO-8859-1: "Ségou" went out as one byte 0xE9,
    // "’" as '?'. JSON is UTF-8 (RFC 8259).
    ctx.status(status)
        .contentType(CONTENT_TYPE)
        .result(problem.toString().getBytes(StandardCharsets.UTF_8));
  }
}
