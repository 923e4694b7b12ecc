package io.surgewatch.serde;

import java.util.List;
import org.apache.avro.Schema;

/**
 * The part of the Confluent Schema Registry REST API the serdes and tools need. Implementations
 * cache what cannot change (an id's schema, a subject+schema's id), so that callers may ask on
 * every record. Every method throws a {@link SchemaRegistryException} subclass on failure.
 */
public interface SchemaRegistryClient {

  /** A schema as registered under a subject. */
  record RegisteredSchema(String subject, int version, int id, Schema schema) {}

  /**
   * Registers {@code schema} under {@code subject} (or finds it registered) and returns its id.
   * POST /subjects/{s}/versions.
   */
  int register(String subject, Schema schema);

  /**
   * The registration of {@code schema} under {@code subject}, without registering. POST
   * /subjects/{s}.
   */
  RegisteredSchema lookup(String subject, Schema schema);

  /** The schema with this id. GET /schemas/ids/{id}. */
  Schema schemaById(int id);

  /** The latest version under {@code subject}. GET /subjects/{s}/versions/latest. */
  RegisteredSchema latest(String subject);

  /**
   * Whether {@code schema} is compatible with the latest version of {@code subject}. POST
   * /compatibility/subjects/{s}/versions/latest.
   */
  boolean isCompatible(String subject, Schema schema);

  /**
   * Sets the compatibility level (NONE, BACKWARD, FORWARD, FULL, ..._TRANSITIVE) of {@code
   * subject}. PUT /config/{s}.
   */
  void setCompatibility(String subject, String level);

  /** Every subject. GET /subjects. */
  List<String> subjects();

  /** The registry's address, for messages. */
  String url();
}
