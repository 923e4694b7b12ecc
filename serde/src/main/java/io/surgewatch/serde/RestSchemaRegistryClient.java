package io.surgewatch.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Confluent Schema Registry REST client on {@link HttpClient} and Jackson.
 *
 * <p>Retries I/O errors and 5xx answers with capped exponential backoff ({@code
 * schema.registry.max.retries}, default 3, so at most 4 attempts), rotating through the configured
 * URLs. 4xx answers are final; a 404 without a registry's error code says the URL's API base path
 * is likely missing. Caches what the registry never changes: subject+schema to id, and id to
 * schema.
 *
 * <p>Credentials and TLS as {@link RegistryAccess} reads them from the settings.
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {
  private static final Logger LOG = LoggerFactory.getLogger(RestSchemaRegistryClient.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

  private final AvroSerdeConfig config;
  private final List<String> urls;
  private final HttpClient http;
  private final String authorization;
  private final Map<SubjectSchema, Integer> idBySubjectSchema = new ConcurrentHashMap<>();
  private final Map<SubjectSchema, RegisteredSchema> lookups = new ConcurrentHashMap<>();
  private final Map<Integer, Schema> schemaById = new ConcurrentHashMap<>();

  private record SubjectSchema(String subject, String schema) {}

  public RestSchemaRegistryClient(final Map<String, ?> config) {
    this(AvroSerdeConfig.of(config));
  }

  public RestSchemaRegistryClient(final AvroSerdeConfig config) {
    this.config = config;
    this.urls = config.registryUrls().stream().map(RegistryAccess::withoutUserInfo).toList();
    this.authorization = RegistryAccess.authorization(config);
    final HttpClient.Builder builder =
        HttpClient.newBuilder()
            // HTTP/1.1: no h2c upgrade dance with registries behind plain proxies.
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(config.connectTimeout());
    final SSLContext ssl = RegistryAccess.sslContext(config);
    if (ssl != null) {
      builder.sslContext(ssl);
    }
    this.http = builder.build();
  }

  @Override
  public String url() {
    return String.join(",", urls);
  }

  @Override
  public int register(final String subject, final Schema schema) {
    final SubjectSchema key = new SubjectSchema(subject, schema.toString());
    final Integer cached = idBySubjectSchema.get(key);
    if (cached != null) {
      return cached;
    }
    final JsonNode answer =
        call(
            "POST",
            "/subjects/" + encode(subject) + "/versions",
            schemaBody(key.schema()),
            "registering a schema under subject '" + subject + "'");
    final int id = answer.path("id").asInt();
    idBySubjectSchema.put(key, id);
    schemaById.putIfAbsent(id, schema);
    return id;
  }

  @Override
  public RegisteredSchema lookup(final String subject, final Schema schema) {
    final SubjectSchema key = new SubjectSchema(subject, schema.toString());
    final RegisteredSchema cached = lookups.get(key);
    if (cached != null) {
      return cached;
    }
    final JsonNode answer =
        call(
            "POST",
            "/subjects/" + encode(subject),
            schemaBody(key.schema()),
            "looking up a schema under subject '" + subject + "'");
    final RegisteredSchema found =
        new RegisteredSchema(
            subject, answer.path("version").asInt(), answer.path("id").asInt(), schema);
    lookups.put(key, found);
    idBySubjectSchema.putIfAbsent(key, found.id());
    schemaById.putIfAbsent(found.id(), schema);
    return found;
  }

  @Override
  public Schema schemaById(final int id) {
    final Schema cached = schemaById.get(id);
    if (cached != null) {
      return cached;
    }
    final JsonNode answer = call("GET", "/schemas/ids/" + id, null, "fetching schema id " + id);
    final Schema.Parser parser = new Schema.Parser();
    // Schemas registered with references (Apicurio's serde splits nested named types into their own
    // subjects by default, Confluent's can too) need the referenced types parsed first, into the
    // same parser.
    parseReferences(answer.path("references"), parser, new HashSet<>(), "schema id " + id);
    final Schema schema = parse(parser, answer.path("schema").asText(), "schema id " + id);
    schemaById.put(id, schema);
    return schema;
  }

  @Override
  public RegisteredSchema latest(final String subject) {
    final JsonNode answer =
        call(
            "GET",
            "/subjects/" + encode(subject) + "/versions/latest",
            null,
            "fetching the latest version of subject '" + subject + "'");
    final int id = answer.path("id").asInt();
    final Schema schema =
        answer.path("references").isEmpty()
            ? schemaById.computeIfAbsent(
                id, i -> parse(answer.path("schema").asText(), "schema id " + i))
            : schemaById(id);
    return new RegisteredSchema(subject, answer.path("version").asInt(), id, schema);
  }

  @Override
  public boolean isCompatible(final String subject, final Schema schema) {
    final JsonNode answer =
        call(
            "POST",
            "/compatibility/subjects/" + encode(subject) + "/versions/latest",
            schemaBody(schema.toString()),
            "checking compatibility under subject '" + subject + "'");
    return answer.path("is_compatible").asBoolean(false);
  }

  @Override
  public void setCompatibility(final String subject, final String level) {
    final ObjectNode body =
        JSON.createObjectNode().put("compatibility", level.toUpperCase(Locale.ROOT));
    call(
        "PUT",
        "/config/" + encode(subject),
        body.toString(),
        "setting compatibility of subject '" + subject + "'");
  }

  @Override
  public List<String> subjects() {
    final JsonNode answer = call("GET", "/subjects", null, "listing subjects");
    final List<String> subjects = new ArrayList<>();
    answer.forEach(node -> subjects.add(node.asText()));
    return subjects;
  }

  private static String schemaBody(final String schema) {
    // schemaType is omitted: AVRO is the default and older registries reject the field.
    return JSON.createObjectNode().put("schema", schema).toString();
  }

  /**
   * One request with retries; returns the parsed JSON answer or throws the matching
   * SchemaRegistryException.
   */
  private JsonNode call(
      final String method, final String path, final String body, final String what) {
    IOException lastIo = null;
    String lastIoUrl = urls.get(0);
    SchemaRegistryException last5xx = null;
    Duration backoff = config.retryBackoff();
    for (int attempt = 0; attempt <= config.maxRetries(); attempt++) {
      if (attempt > 0) {
        sleep(backoff);
        backoff = min(backoff.multipliedBy(2), config.retryBackoffMax());
      }
      final String base = urls.get(attempt % urls.size());
      final HttpRequest request = request(method, base + path, body);
      final HttpResponse<String> response;
      try {
        response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      } catch (final IOException e) {
        LOG.debug("registry {} attempt {} failed: {}", base, attempt + 1, e.toString());
        lastIo = e;
        lastIoUrl = base;
        last5xx = null; // the last outcome is the one reported
        continue;
      } catch (final InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RegistryUnreachableException(
            "interrupted while " + what + " at registry " + base, -1, -1, e);
      }
      final int status = response.statusCode();
      if (status >= 200 && status < 300) {
        return readJson(response.body(), what, base);
      }
      final SchemaRegistryException error = error(status, response.body(), what, base, path);
      if (status < 500) {
        throw error;
      }
      last5xx = error;
      lastIo = null;
    }
    if (last5xx != null) {
      throw last5xx;
    }
    throw new RegistryUnreachableException(
        "schema registry "
            + lastIoUrl
            + " unreachable while "
            + what
            + " after "
            + (config.maxRetries() + 1)
            + " attempts: "
            + describe(lastIo),
        -1,
        -1,
        lastIo);
  }

  private HttpRequest request(final String method, final String url, final String body) {
    final HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(config.requestTimeout())
            .header("Accept", CONTENT_TYPE + ", application/json");
    if (authorization != null) {
      builder.header("Authorization", authorization);
    }
    if (body == null) {
      builder.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      builder
          .header("Content-Type", CONTENT_TYPE)
          .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    }
    return builder.build();
  }

  private static SchemaRegistryException error(
      final int status,
      final String body,
      final String what,
      final String base,
      final String path) {
    int code = -1;
    String message = body == null ? "" : body.strip();
    try {
      final JsonNode node = JSON.readTree(body);
      if (node != null && node.isObject()) {
        code = node.path("error_code").asInt(-1);
        message = node.path("message").asText(message);
      }
    } catch (final IOException notJson) {
      // keep the raw body as the message
    }
    final String detail =
        " (HTTP " + status + (code > 0 ? ", error " + code : "") + "): " + message;
    if (status == 404 && code / 100 != 404) {
      // A registry's 404 carries its error_code (40401 subject, 40403 schema, ...): one without
      // is the web server's (Confluent's says error 404), for a path no registry API serves.
      return new SchemaRegistryException(
          what + " at registry " + base + ": " + NO_API_HERE + " (" + said(message) + ")",
          status,
          code,
          null);
    }
    return switch (status) {
      case 404 ->
          path.startsWith("/schemas/ids/")
              ? new UnknownSchemaIdException(
                  "schema id "
                      + path.substring("/schemas/ids/".length())
                      + " not found in registry "
                      + base
                      + detail,
                  status,
                  code,
                  null)
              : new SchemaNotFoundException(
                  what + " at registry " + base + ": not found" + detail, status, code, null);
      case 409 ->
          new IncompatibleSchemaException(
              what + " at registry " + base + ": incompatible schema" + detail, status, code, null);
      case 422 ->
          new InvalidSchemaException(
              what + " at registry " + base + ": invalid schema" + detail, status, code, null);
      default ->
          new SchemaRegistryException(
              what + " at registry " + base + " failed" + detail, status, code, null);
    };
  }

  /** What a 404 without a registry's error code says: the likeliest mistake, and its fix. */
  static final String NO_API_HERE =
      "HTTP 404 without a schema registry's error code: no Confluent-compatible API answers at"
          + " that address; is its base path missing from "
          + AvroSerdeConfig.SCHEMA_REGISTRY_URL
          + " (/apis/ccompat/v7 for Apicurio)?";

  /** A web server's answer, on one line and short: it may be a whole HTML page. */
  private static String said(final String body) {
    final String line = body.replaceAll("\\s+", " ").strip();
    return "the server said: " + (line.length() <= 160 ? line : line.substring(0, 160) + "...");
  }

  private static JsonNode readJson(final String body, final String what, final String base) {
    try {
      return JSON.readTree(body == null || body.isEmpty() ? "{}" : body);
    } catch (final IOException e) {
      throw new SchemaRegistryException(
          what + " at registry " + base + ": answer is not JSON: " + body, 200, -1, e);
    }
  }

  private void parseReferences(
      final JsonNode references,
      final Schema.Parser parser,
      final Set<String> seen,
      final String what) {
    for (final JsonNode reference : references) {
      final String subject = reference.path("subject").asText();
      final String version = reference.path("version").asText("latest");
      if (!seen.add(subject + "/" + version)) {
        continue;
      }
      final JsonNode answer =
          call(
              "GET",
              "/subjects/" + encode(subject) + "/versions/" + encode(version),
              null,
              "fetching reference " + subject + " version " + version + " of " + what);
      parseReferences(answer.path("references"), parser, seen, what);
      parse(parser, answer.path("schema").asText(), "reference " + subject + " of " + what);
    }
  }

  static Schema parse(final String text, final String what) {
    return parse(new Schema.Parser(), text, what);
  }

  static Schema parse(final Schema.Parser parser, final String text, final String what) {
    try {
      return parser.parse(text);
    } catch (final RuntimeException e) {
      throw new InvalidSchemaException(
          "registry returned an unparseable Avro schema for " + what + ": " + e.getMessage(),
          -1,
          -1,
          e);
    }
  }

  private static String encode(final String subject) {
    return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String describe(final IOException e) {
    if (e == null) {
      return "no answer";
    }
    final String message = e.getMessage();
    return e.getClass().getSimpleName()
        + (message == null || message.isBlank() ? "" : " (" + message + ")");
  }

  private static Duration min(final Duration a, final Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static void sleep(final Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (final InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryUnreachableException(
          "interrupted during registry retry backoff", -1, -1, e);
    }
  }
}
