/**
 * Kafka serdes for Avro records in the Confluent wire format (magic byte 0, 4-byte big-endian
 * schema id, Avro binary), over the Confluent Schema Registry REST API, without Confluent's client.
 *
 * <p>Entry points: {@link io.surgewatch.serde.AvroSerde} ({@code new
 * AvroSerde<>(IncidentEvent.class)} then {@code configure}), {@link
 * io.surgewatch.serde.AvroSerdes#specific}, or {@link io.surgewatch.serde.AvroSerializer} / {@link
 * io.surgewatch.serde.AvroDeserializer} by class name in Kafka client configs. Config keys are
 * Confluent's (see {@link io.surgewatch.serde.AvroSerdeConfig}); {@code mock://scope} selects the
 * in-memory {@link io.surgewatch.serde.MockSchemaRegistry}. Every failure is a Kafka {@code
 * SerializationException} subclass whose message names the topic and the problem.
 */
package io.surgewatch.serde;
