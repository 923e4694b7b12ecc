package io.surgewatch.serde;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/**
 * An in-memory registry for {@code mock://<scope>} URLs, shared by every client of the same scope
 * in the JVM (as Confluent's MockSchemaRegistry), so a test's serializer and deserializer see the
 * same ids. Ids are per scope, one per distinct schema (the same schema under two subjects keeps
 * its id, as in Confluent). Compatibility is NONE unless set per subject; BACKWARD(_TRANSITIVE) and
 * FORWARD/FULL are checked with Avro's own {@link SchemaCompatibility} against the latest version
 * (or every version, for the transitive levels).
 */
public final class MockSchemaRegistry implements SchemaRegistryClient {
  private static final Map<String, MockSchemaRegistry> SCOPES = new ConcurrentHashMap<>();

  private final String scope;
  private final Map<String, Integer> idBySchema = new HashMap<>();
  private final Map<Integer, Schema> schemaById = new HashMap<>();
  private final Map<String, List<Integer>> versionsBySubject = new HashMap<>();
  private final Map<String, String> compatibilityBySubject = new HashMap<>();

  private MockSchemaRegistry(final String scope) {
    this.scope = scope;
  }

  /** The registry of {@code scope}, created on first use. */
  public static MockSchemaRegistry forScope(final String scope) {
    return SCOPES.computeIfAbsent(scope, MockSchemaRegistry::new);
  }

  /** Forgets {@code scope}: the next use starts an empty registry. */
  public static void drop(final String scope) {
    SCOPES.remove(scope);
  }

  @Override
  public String url() {
    return "mock://" + scope;
  }

  @Override
  public synchronized int register(final String subject, final Schema schema) {
    final List<Integer> versions =
        versionsBySubject.computeIfAbsent(subject, s -> new ArrayList<>());
    final Integer existing = idBySchema.get(schema.toString());
    if (existing != null && versions.contains(existing)) {
      return existing;
    }
    final String problem = incompatibility(subject, schema);
    if (problem != null) {
      throw new IncompatibleSchemaException(
          "registering a schema under subject '"
              + subject
              + "' at registry "
              + url()
              + ": incompatible schema (HTTP 409, error 409): "
              + problem,
          409,
          409,
          null);
    }
    final int id = existing != null ? existing : schemaById.size() + 1;
    idBySchema.put(schema.toString(), id);
    schemaById.put(id, schema);
    versions.add(id);
    return id;
  }

  @Override
  public synchronized RegisteredSchema lookup(final String subject, final Schema schema) {
    final List<Integer> versions = versionsBySubject.get(subject);
    if (versions == null) {
      throw notFound("subject '" + subject + "' not found", 40401);
    }
    final Integer id = idBySchema.get(schema.toString());
    if (id == null || !versions.contains(id)) {
      throw notFound("schema not found under subject '" + subject + "'", 40403);
    }
    return new RegisteredSchema(subject, versions.indexOf(id) + 1, id, schemaById.get(id));
  }

  @Override
  public synchronized Schema schemaById(final int id) {
    final Schema schema = schemaById.get(id);
    if (schema == null) {
      throw new UnknownSchemaIdException(
          "schema id " + id + " not found in registry " + url() + " (HTTP 404, error 40403)",
          404,
          40403,
          null);
    }
    return schema;
  }

  @Override
  public synchronized RegisteredSchema latest(final String subject) {
    final List<Integer> versions = versionsBySubject.get(subject);
    if (versions == null || versions.isEmpty()) {
      throw notFound("subject '" + subject + "' not found", 40401);
    }
    final int id = versions.get(versions.size() - 1);
    return new RegisteredSchema(subject, versions.size(), id, schemaById.get(id));
  }

  @Override
  public synchronized boolean isCompatible(final String subject, final Schema schema) {
    return incompatibility(subject, schema) == null;
  }

  @Override
  public synchronized void setCompatibility(final String subject, final String level) {
    compatibilityBySubject.put(subject, level.toUpperCase(Locale.ROOT));
  }

  @Override
  public synchronized List<String> subjects() {
    return versionsBySubject.entrySet().stream()
        .filter(e -> !e.getValue().isEmpty())
        .map(Map.Entry::getKey)
        .sorted()
        .toList();
  }

  /** Why {@code schema} may not join {@code subject} under its compatibility level, or null. */
  private String incompatibility(final String subject, final Schema schema) {
    final String level = compatibilityBySubject.getOrDefault(subject, "NONE");
    final List<Integer> versions = versionsBySubject.getOrDefault(subject, List.of());
    if (level.equals("NONE") || versions.isEmpty()) {
      return null;
    }
    final List<Integer> against =
        level.endsWith("_TRANSITIVE")
            ? versions
            : versions.subList(versions.size() - 1, versions.size());
    for (final int id : against) {
      final Schema old = schemaById.get(id);
      final boolean backward = level.startsWith("BACKWARD") || level.startsWith("FULL");
      final boolean forward = level.startsWith("FORWARD") || level.startsWith("FULL");
      if (backward && !compatible(schema, old)) {
        return level + ": the new schema cannot read data written with schema id " + id;
      }
      if (forward && !compatible(old, schema)) {
        return level + ": schema id " + id + " cannot read data written with the new schema";
      }
    }
    return null;
  }

  private static boolean compatible(final Schema reader, final Schema writer) {
    return SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getType()
        == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE;
  }

  private SchemaNotFoundException notFound(final String what, final int code) {
    return new SchemaNotFoundException(
        what + " in registry " + url() + " (HTTP 404, error " + code + ")", 404, code, null);
  }
}
