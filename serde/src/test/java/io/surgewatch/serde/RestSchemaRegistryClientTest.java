package io.surgewatch.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.surgewatch.events.v1.IncidentEvent;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The REST client against a scripted HTTP server: paths, headers, error mapping, retries. */
class RestSchemaRegistryClientTest {
  private static final String SUBJECT = "security.incidents.v1-value";
  private static final String VERSIONS = "/subjects/security.incidents.v1-value/versions";

  private final FakeRegistryServer server = new FakeRegistryServer();

  @AfterEach
  void stop() {
    server.close();
  }

  private RestSchemaRegistryClient client(final Object... keyValues) {
    final Map<String, Object> config =
        new HashMap<>(
            Map.of(
                AvroSerdeConfig.SCHEMA_REGISTRY_URL,
                server.url(),
                AvroSerdeConfig.RETRY_BACKOFF_MS,
                10));
    for (int i = 0; i < keyValues.length; i += 2) {
      config.put((String) keyValues[i], keyValues[i + 1]);
    }
    return new RestSchemaRegistryClient(config);
  }

  @Test
  void registersWithConfluentsPathContentTypeAndBodyThenCaches() throws IOException {
    server.on(VERSIONS, 200, "{\"id\":42}");
    final RestSchemaRegistryClient client = client();
    assertEquals(42, client.register(SUBJECT, IncidentEvent.getClassSchema()));
    assertEquals(42, client.register(SUBJECT, IncidentEvent.getClassSchema()));
    assertEquals(1, server.requests.size(), "the second registration is cached");
    final FakeRegistryServer.Request request = server.requests.get(0);
    assertEquals("POST", request.method());
    assertEquals("application/vnd.schemaregistry.v1+json", request.header("Content-Type"));
    assertEquals(
        IncidentEvent.getClassSchema().toString(),
        new ObjectMapper().readTree(request.body()).get("schema").asText());
    assertEquals(
        IncidentEvent.getClassSchema(), client.schemaById(42), "registration fills the id cache");
    assertEquals(1, server.requests.size());
  }

  @Test
  void fetchesASchemaByIdOnce() {
    server.on(
        "/schemas/ids/7",
        200,
        "{\"schema\":" + quote(IncidentEvent.getClassSchema().toString()) + "}");
    final RestSchemaRegistryClient client = client();
    assertEquals(IncidentEvent.getClassSchema(), client.schemaById(7));
    assertEquals(IncidentEvent.getClassSchema(), client.schemaById(7));
    assertEquals(1, server.requests.size());
  }

  @Test
  void anUnknownIdIsNamedWithTheRegistryUrl() {
    server.on("/schemas/ids/17", 404, "{\"error_code\":40403,\"message\":\"Schema 17 not found\"}");
    final UnknownSchemaIdException e =
        assertThrows(UnknownSchemaIdException.class, () -> client().schemaById(17));
    assertTrue(
        e.getMessage().startsWith("schema id 17 not found in registry " + server.url()),
        e.getMessage());
    assertEquals(40403, e.errorCode());
  }

  @Test
  void aNotFoundWithoutARegistrysErrorCodeSaysTheApiBasePathIsLikelyMissing() {
    // Apicurio's root, without /apis/ccompat/v7: its web server answers, no registry API does.
    server.on(
        VERSIONS,
        404,
        "RESTEASY003210: Could not find resource for full path: "
            + server.url()
            + VERSIONS
            + "?"
            + "x".repeat(400));
    final SchemaRegistryException e =
        assertThrows(
            SchemaRegistryException.class,
            () -> client().register(SUBJECT, IncidentEvent.getClassSchema()));
    assertFalse(e instanceof SchemaNotFoundException, "not a subject the registry lacks");
    assertTrue(
        e.getMessage()
            .contains(
                "no Confluent-compatible API answers at that address; is its base path missing"
                    + " from schema.registry.url (/apis/ccompat/v7 for Apicurio)?"),
        e.getMessage());
    assertTrue(e.getMessage().contains("RESTEASY003210"), e.getMessage());
    assertTrue(
        e.getMessage().length() < 500, "the server's answer is cut short: " + e.getMessage());
  }

  @Test
  void aSubjectTheRegistryLacksIsNotFoundWithoutTheHint() {
    server.on(
        "/subjects/" + SUBJECT,
        404,
        "{\"error_code\":40401,\"message\":\"Subject '" + SUBJECT + "' not found.\"}");
    final SchemaNotFoundException e =
        assertThrows(
            SchemaNotFoundException.class,
            () -> client().lookup(SUBJECT, IncidentEvent.getClassSchema()));
    assertFalse(e.getMessage().contains("base path"), e.getMessage());
  }

  @Test
  void aConflictIsAnIncompatibleSchemaWithTheRegistrysMessage() {
    server.on(
        VERSIONS,
        409,
        "{\"error_code\":409,\"message\":\"Schema being registered is incompatible with an earlier schema\"}");
    final IncompatibleSchemaException e =
        assertThrows(
            IncompatibleSchemaException.class,
            () -> client().register(SUBJECT, IncidentEvent.getClassSchema()));
    assertTrue(e.getMessage().contains("incompatible with an earlier schema"), e.getMessage());
    assertEquals(409, e.status());
    assertEquals(1, server.requests.size(), "a 4xx is not retried");
  }

  @Test
  void anUnprocessableEntityIsAnInvalidSchema() {
    server.on(VERSIONS, 422, "{\"error_code\":42201,\"message\":\"Invalid schema: bad default\"}");
    final InvalidSchemaException e =
        assertThrows(
            InvalidSchemaException.class,
            () -> client().register(SUBJECT, IncidentEvent.getClassSchema()));
    assertTrue(e.getMessage().contains("Invalid schema: bad default"), e.getMessage());
    assertEquals(42201, e.errorCode());
  }

  @Test
  void aServerErrorIsRetriedUntilItSucceeds() {
    server
        .on(VERSIONS, 500, "{\"error_code\":50001,\"message\":\"store error\"}")
        .on(VERSIONS, 503, "busy")
        .on(VERSIONS, 200, "{\"id\":3}");
    assertEquals(3, client().register(SUBJECT, IncidentEvent.getClassSchema()));
    assertEquals(3, server.requests.size());
  }

  @Test
  void retriesAreBoundedAndTheLastServerErrorIsReported() {
    server.on(VERSIONS, 500, "{\"error_code\":50001,\"message\":\"store error\"}");
    final SchemaRegistryException e =
        assertThrows(
            SchemaRegistryException.class,
            () ->
                client(AvroSerdeConfig.MAX_RETRIES, 2)
                    .register(SUBJECT, IncidentEvent.getClassSchema()));
    assertEquals(500, e.status());
    assertTrue(e.getMessage().contains("store error"), e.getMessage());
    assertEquals(3, server.requests.size(), "one attempt and two retries");
  }

  @Test
  void sendsBasicAuthFromUserInfo() {
    server.on("/subjects", 200, "[\"a\",\"b\"]");
    final RestSchemaRegistryClient client =
        client(
            AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE,
            "USER_INFO",
            AvroSerdeConfig.BASIC_AUTH_USER_INFO,
            "alice:s3cret");
    assertEquals(List.of("a", "b"), client.subjects());
    assertEquals(
        "Basic "
            + Base64.getEncoder().encodeToString("alice:s3cret".getBytes(StandardCharsets.UTF_8)),
        server.requests.get(0).header("Authorization"));
  }

  @Test
  void credentialsInTheUrlAreSentWhenNoSourceIsSetAsConfluentsSerdeDefaultsToUrl() {
    server.on("/subjects", 200, "[\"a\"]");
    final String withUser = server.url().replace("://", "://alice:s3cret@");
    final RestSchemaRegistryClient client = client(AvroSerdeConfig.SCHEMA_REGISTRY_URL, withUser);
    assertEquals(List.of("a"), client.subjects());
    assertEquals(
        "Basic "
            + Base64.getEncoder().encodeToString("alice:s3cret".getBytes(StandardCharsets.UTF_8)),
        server.requests.get(0).header("Authorization"));
  }

  @Test
  void sendsTheBearerToken() {
    server.on("/subjects", 200, "[]");
    client(AvroSerdeConfig.BEARER_AUTH_TOKEN, "tok-123").subjects();
    assertEquals("Bearer tok-123", server.requests.get(0).header("Authorization"));
  }

  @Test
  void aRefusedConnectionIsUnreachableAndNamesTheUrl() throws IOException {
    final int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    final String url = "http://127.0.0.1:" + port;
    final RestSchemaRegistryClient client =
        new RestSchemaRegistryClient(
            Map.of(
                AvroSerdeConfig.SCHEMA_REGISTRY_URL,
                url,
                AvroSerdeConfig.MAX_RETRIES,
                "2",
                AvroSerdeConfig.RETRY_BACKOFF_MS,
                "10"));
    final RegistryUnreachableException e =
        assertThrows(RegistryUnreachableException.class, () -> client.schemaById(1));
    assertTrue(e.getMessage().contains("schema registry " + url + " unreachable"), e.getMessage());
    assertTrue(e.getMessage().contains("after 3 attempts"), e.getMessage());
  }

  @Test
  void speaksTheRestOfTheApi() {
    final String schema = quote(IncidentEvent.getClassSchema().toString());
    server
        .on(
            "/subjects/" + SUBJECT,
            200,
            "{\"subject\":\"" + SUBJECT + "\",\"version\":2,\"id\":9,\"schema\":" + schema + "}")
        .on(
            VERSIONS + "/latest",
            200,
            "{\"subject\":\"" + SUBJECT + "\",\"version\":3,\"id\":11,\"schema\":" + schema + "}")
        .on(
            "/compatibility/subjects/" + SUBJECT + "/versions/latest",
            200,
            "{\"is_compatible\":true}")
        .on("/config/" + SUBJECT, 200, "{\"compatibility\":\"BACKWARD\"}");
    final RestSchemaRegistryClient client = client();
    assertEquals(
        new SchemaRegistryClient.RegisteredSchema(SUBJECT, 2, 9, IncidentEvent.getClassSchema()),
        client.lookup(SUBJECT, IncidentEvent.getClassSchema()));
    assertEquals(11, client.latest(SUBJECT).id());
    assertTrue(client.isCompatible(SUBJECT, IncidentEvent.getClassSchema()));
    client.setCompatibility(SUBJECT, "backward");
    assertEquals("PUT", server.requests.get(3).method());
    assertTrue(server.requests.get(3).body().contains("\"BACKWARD\""));
  }

  @Test
  void resolvesSchemaReferencesBeforeParsingTheSchema() {
    final String source =
        "{\"type\":\"record\",\"name\":\"Source\",\"namespace\":\"x\",\"fields\":[{\"name\":\"kind\",\"type\":\"Kind\"}]}";
    final String kind =
        "{\"type\":\"enum\",\"name\":\"Kind\",\"namespace\":\"x\",\"symbols\":[\"A\"]}";
    final String event =
        "{\"type\":\"record\",\"name\":\"E\",\"namespace\":\"x\",\"fields\":[{\"name\":\"s\",\"type\":\"Source\"},{\"name\":\"k\",\"type\":\"Kind\"}]}";
    server
        .on(
            "/schemas/ids/3",
            200,
            "{\"schema\":"
                + quote(event)
                + ",\"references\":[{\"name\":\"x.Source\",\"subject\":\"x.Source\",\"version\":1},"
                + "{\"name\":\"x.Kind\",\"subject\":\"x.Kind\",\"version\":1}]}")
        .on(
            "/subjects/x.Source/versions/1",
            200,
            "{\"schema\":"
                + quote(source)
                + ",\"references\":[{\"name\":\"x.Kind\",\"subject\":\"x.Kind\",\"version\":1}]}")
        .on("/subjects/x.Kind/versions/1", 200, "{\"schema\":" + quote(kind) + "}");
    final Schema schema = client().schemaById(3);
    assertEquals("x.Kind", schema.getField("s").schema().getField("kind").schema().getFullName());
    assertEquals(3, server.requests.size(), "each reference fetched once");
  }

  @Test
  void theSerializerAddsTheTopicToRegistryErrors() {
    server.on(VERSIONS, 409, "{\"error_code\":409,\"message\":\"incompatible with version 1\"}");
    final AvroSerializer<IncidentEvent> serializer = new AvroSerializer<>();
    serializer.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, server.url()), false);
    final IncompatibleSchemaException e =
        assertThrows(
            IncompatibleSchemaException.class,
            () -> serializer.serialize("security.incidents.v1", Incidents.peshawar()));
    assertTrue(e.getMessage().contains("topic 'security.incidents.v1'"), e.getMessage());
    assertTrue(e.getMessage().contains("incompatible with version 1"), e.getMessage());
  }

  @Test
  void serializerAndDeserializerWorkOverRest() {
    final String schema = quote(IncidentEvent.getClassSchema().toString());
    server.on(VERSIONS, 200, "{\"id\":5}").on("/schemas/ids/5", 200, "{\"schema\":" + schema + "}");
    final Map<String, Object> config = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, server.url());
    final byte[] bytes =
        AvroSerdes.specific(IncidentEvent.class, config, false)
            .serializer()
            .serialize("security.incidents.v1", Incidents.peshawar());
    assertEquals(5, ByteBuffer.wrap(bytes, 1, 4).getInt());
    assertEquals(
        Incidents.peshawar(),
        AvroSerdes.specific(IncidentEvent.class, config, false)
            .deserializer()
            .deserialize("security.incidents.v1", bytes));
  }

  private static String quote(final String s) {
    return TextNode.valueOf(s).toString();
  }
}
