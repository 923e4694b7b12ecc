package io.surgewatch.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.surgewatch.events.v1.IncidentEvent;
import io.surgewatch.events.v1.StatementEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;

/**
 * The JSON form of every event and output record, derived from its Avro schema so the two forms
 * cannot drift: field names as in the schema, dates as {@code 2023-01-30}, instants as ISO-8601
 * UTC, enums as their symbols, optional fields omitted or null, no Avro union wrappers. Avro's own
 * JSON encoding wraps unions ({@code {"string": "x"}}) and writes dates as day numbers, which no
 * upstream feed would write: hence this class.
 */
public final class EventJson {

  /**
   * Strict about what follows a value: "{...}{...}" or "{...} xyz" is an error, not the first
   * object alone.
   */
  public static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /**
   * Fields of the JSON form that are not in the schema but are allowed (the record-type
   * discriminator).
   */
  private static final List<String> ENVELOPE_FIELDS = List.of("type");

  private EventJson() {}

  /**
   * What a JSON parser said was wrong, for a person: Jackson's message without its redacted source
   * descriptions ("[Source: REDACTED (`StreamReadFeature...` disabled); line: 1, column: 1]" reads
   * "[line: 1, column: 1]").
   */
  public static String describe(final JsonProcessingException e) {
    return e.getOriginalMessage().replaceAll("\\[Source: [^;\\]]*; ", "[");
  }

  /**
   * Parses one JSON object into a record of the given class, or throws with every problem named by
   * field path.
   */
  public static <T extends SpecificRecord> T parse(final String json, final Class<T> type) {
    final JsonNode node;
    try {
      node = MAPPER.readTree(json);
    } catch (final JsonProcessingException e) {
      throw new InvalidEventException(
          List.of(
              new FieldError(
                  null,
                  "not valid JSON: "
                      + describe(e)
                      + " at column "
                      + e.getLocation().getColumnNr())));
    }
    return fromTree(node, type);
  }

  public static <T extends SpecificRecord> T fromTree(final JsonNode node, final Class<T> type) {
    final Partial<T> partial = partial(node, type);
    if (!partial.errors().isEmpty()) {
      throw new InvalidEventException(partial.errors());
    }
    return partial.record();
  }

  /**
   * A record as far as its JSON form gives it: the errors of its form (a field missing, of another
   * type), and the record with a neutral stand-in where each was, so that the checks of its values
   * can run on the rest and a caller hears of every problem at once. The stand-ins are empty text,
   * zeros, the first enum symbol, 1970-01-01, and now for an instant (never in the future, never
   * before an event's day).
   */
  public record Partial<T>(T record, List<FieldError> errors) {
    /** Whether {@code error} is about a field whose form was wrong (its value is a stand-in). */
    public boolean standsIn(final FieldError error) {
      final String field = error.field();
      if (field == null) {
        return false;
      }
      for (final FieldError e : errors) {
        final String p = e.field();
        if (p != null
            && field.startsWith(p)
            && (field.length() == p.length()
                || field.charAt(p.length()) == '.'
                || field.charAt(p.length()) == '[')) {
          return true;
        }
      }
      return false;
    }
  }

  /** See {@link Partial}; throws only when {@code node} is not a JSON object. */
  public static <T extends SpecificRecord> Partial<T> partial(
      final JsonNode node, final Class<T> type) {
    final Schema schema = SpecificData.get().getSchema(type);
    final List<FieldError> errors = new ArrayList<>();
    if (node == null || !node.isObject()) {
      throw new InvalidEventException(List.of(new FieldError(null, "expected a JSON object")));
    }
    // A retraction counts nothing: it may leave out the figures and the source the schema requires.
    final JsonNode form = type == IncidentEvent.class ? RetractionDefaults.fill(node) : node;
    final GenericRecord generic = (GenericRecord) convert(form, schema, "", errors, true);
    if (!errors.isEmpty()) {
      standIns(generic);
    }
    return new Partial<>(toSpecific(generic, type), List.copyOf(errors));
  }

  /** Puts a stand-in wherever a required value is missing (see {@link Partial}). */
  private static void standIns(final GenericRecord record) {
    for (final Schema.Field field : record.getSchema().getFields()) {
      final Object value = record.get(field.pos());
      if (value == null) {
        if (!isNullable(field.schema())) {
          record.put(field.pos(), standIn(field.schema()));
        }
      } else {
        standInsWithin(value);
      }
    }
  }

  private static void standInsWithin(final Object value) {
    if (value instanceof GenericRecord nested) {
      standIns(nested);
    } else if (value instanceof GenericData.Array<?> array) {
      @SuppressWarnings("unchecked")
      final GenericData.Array<Object> items = (GenericData.Array<Object>) array;
      final Schema element = array.getSchema().getElementType();
      for (int i = 0; i < items.size(); i++) {
        if (items.get(i) == null) {
          if (!isNullable(element)) {
            items.set(i, standIn(element));
          }
        } else {
          standInsWithin(items.get(i));
        }
      }
    }
  }

  private static Object standIn(final Schema schema) {
    switch (schema.getType()) {
      case RECORD:
        {
          final GenericRecord record = new GenericData.Record(schema);
          for (final Schema.Field field : schema.getFields()) {
            if (field.hasDefaultValue()) {
              record.put(field.pos(), GenericData.get().getDefaultValue(field));
            }
          }
          standIns(record);
          return record;
        }
      case ARRAY:
        return new GenericData.Array<>(0, schema);
      case ENUM:
        return new GenericData.EnumSymbol(schema, schema.getEnumSymbols().get(0));
      case STRING:
        return "";
      case INT:
        return 0;
      case LONG:
        return schema.getLogicalType() instanceof LogicalTypes.TimestampMillis
            ? System.currentTimeMillis()
            : 0L;
      case DOUBLE:
        return 0.0;
      case FLOAT:
        return 0.0f;
      case BOOLEAN:
        return false;
      case BYTES:
        return ByteBuffer.allocate(0);
      case UNION:
        return schema.getTypes().stream()
            .filter(s -> s.getType() != Schema.Type.NULL)
            .findFirst()
            .map(EventJson::standIn)
            .orElse(null);
      default:
        throw new IllegalStateException("no stand-in for a " + schema.getType());
    }
  }

  /**
   * Generic to specific through Avro binary: the specific reader applies the generated classes'
   * logical-type conversions (LocalDate, Instant) and enum classes, which a field-by-field copy
   * would have to repeat.
   */
  private static <T extends SpecificRecord> T toSpecific(
      final GenericRecord generic, final Class<T> type) {
    try {
      final ByteArrayOutputStream out = new ByteArrayOutputStream(256);
      final BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
      new GenericDatumWriter<GenericRecord>(generic.getSchema()).write(generic, encoder);
      encoder.flush();
      final SpecificDatumReader<T> reader = new SpecificDatumReader<>(type);
      return reader.read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
    } catch (final IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Object convert(
      final JsonNode node,
      final Schema schema,
      final String path,
      final List<FieldError> errors,
      final boolean topLevel) {
    return switch (schema.getType()) {
      case UNION -> union(node, schema, path, errors);
      case RECORD -> record(node, schema, path, errors, topLevel);
      case ARRAY -> array(node, schema, path, errors);
      case ENUM -> enumSymbol(node, schema, path, errors);
      case STRING ->
          node.isTextual() ? node.asText() : error(errors, path, "expected a string, got " + node);
      case INT -> integer(node, schema, path, errors);
      case LONG -> longValue(node, schema, path, errors);
      case DOUBLE, FLOAT -> number(node, schema, path, errors);
      case BOOLEAN ->
          node.isBoolean()
              ? node.booleanValue()
              : error(errors, path, "expected true or false, got " + node);
      case BYTES -> bytes(node, path, errors);
      default -> error(errors, path, "unsupported schema type " + schema.getType());
    };
  }

  /** Adds a field's error and gives null, the value of a field in error. */
  private static Object error(final List<FieldError> errors, final String path, final String why) {
    errors.add(new FieldError(path, why));
    return null;
  }

  /** A union's value: null where it allows null, else the value of its one other branch. */
  private static Object union(
      final JsonNode node, final Schema schema, final String path, final List<FieldError> errors) {
    if (node == null || node.isNull()) {
      return schema.getTypes().stream().anyMatch(s -> s.getType() == Schema.Type.NULL)
          ? null
          : error(errors, path, "must not be null");
    }
    for (final Schema branch : schema.getTypes()) {
      if (branch.getType() != Schema.Type.NULL) {
        return convert(node, branch, path, errors, false);
      }
    }
    return null;
  }

  /**
   * A record: each field from the object (its default, or null where allowed, when missing), and an
   * error for each name that is no field (the envelope's fields aside, at the top).
   */
  private static Object record(
      final JsonNode node,
      final Schema schema,
      final String path,
      final List<FieldError> errors,
      final boolean topLevel) {
    if (!node.isObject()) {
      return error(errors, path, "expected an object");
    }
    final GenericRecord record = new GenericData.Record(schema);
    for (final Schema.Field field : schema.getFields()) {
      final String fieldPath = path.isEmpty() ? field.name() : path + "." + field.name();
      final JsonNode value = node.get(field.name());
      if (value == null || value.isNull()) {
        if (field.hasDefaultValue()) {
          record.put(field.pos(), GenericData.get().getDefaultValue(field));
        } else if (isNullable(field.schema())) {
          record.put(field.pos(), null);
        } else {
          errors.add(new FieldError(fieldPath, "is required"));
        }
        continue;
      }
      record.put(field.pos(), convert(value, field.schema(), fieldPath, errors, false));
    }
    for (final Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      final String name = names.next();
      if (schema.getField(name) == null && !(topLevel && ENVELOPE_FIELDS.contains(name))) {
        errors.add(
            new FieldError(
                path.isEmpty() ? name : path + "." + name,
                "is not a field of " + schema.getName() + " (fields: " + fieldNames(schema) + ")"));
      }
    }
    return record;
  }

  private static Object array(
      final JsonNode node, final Schema schema, final String path, final List<FieldError> errors) {
    if (!node.isArray()) {
      return error(errors, path, "expected an array");
    }
    final List<Object> items = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      items.add(convert(node.get(i), schema.getElementType(), path + "[" + i + "]", errors, false));
    }
    return new GenericData.Array<>(schema, items);
  }

  private static Object enumSymbol(
      final JsonNode node, final Schema schema, final String path, final List<FieldError> errors) {
    if (!node.isTextual() || !schema.hasEnumSymbol(node.asText())) {
      return error(errors, path, "must be one of " + schema.getEnumSymbols() + ", got " + node);
    }
    return new GenericData.EnumSymbol(schema, node.asText());
  }

  /** An int, or a date (its logical type) written as text. */
  private static Object integer(
      final JsonNode node, final Schema schema, final String path, final List<FieldError> errors) {
    if (schema.getLogicalType() instanceof LogicalTypes.Date) {
      return parseDate(node, path, errors);
    }
    if (!node.canConvertToInt() || !node.isIntegralNumber()) {
      return error(
          errors,
          path,
          node.isIntegralNumber()
              ? "expected a whole number from "
                  + Integer.MIN_VALUE
                  + " to "
                  + Integer.MAX_VALUE
                  + ", got "
                  + node
              : "expected a whole number, got " + node);
    }
    return node.intValue();
  }

  /** A long, or a timestamp (its logical type) written as text. */
  private static Object longValue(
      final JsonNode node, final Schema schema, final String path, final List<FieldError> errors) {
    if (schema.getLogicalType() instanceof LogicalTypes.TimestampMillis) {
      return parseInstant(node, path, errors);
    }
    if (!node.isIntegralNumber() || !node.canConvertToLong()) {
      return error(errors, path, "expected a whole number, got " + node);
    }
    return node.longValue();
  }

  private static Object number(
      final JsonNode node, final Schema schema, final String path, final List<FieldError> errors) {
    if (!node.isNumber()) {
      return error(errors, path, "expected a number, got " + node);
    }
    return schema.getType() == Schema.Type.DOUBLE
        ? (Object) node.doubleValue()
        : (Object) node.floatValue();
  }

  private static Object bytes(
      final JsonNode node, final String path, final List<FieldError> errors) {
    if (!node.isTextual()) {
      return error(errors, path, "expected base64 text");
    }
    try {
      return ByteBuffer.wrap(Base64.getDecoder().decode(node.asText()));
    } catch (final IllegalArgumentException e) {
      return error(errors, path, "expected base64 text: " + e.getMessage());
    }
  }

  private static Object parseDate(
      final JsonNode node, final String path, final List<FieldError> errors) {
    try {
      // toIntExact: a date beyond Avro's int of days must be rejected, not wrapped round to another
      // day
      return Math.toIntExact(LocalDate.parse(node.asText()).toEpochDay());
    } catch (final DateTimeParseException | ArithmeticException e) {
      errors.add(new FieldError(path, "expected a date like 2023-01-30, got " + node));
      return null;
    }
  }

  private static Object parseInstant(
      final JsonNode node, final String path, final List<FieldError> errors) {
    // ArithmeticException: an instant beyond a long of milliseconds (year 292 million) is as
    // invalid as a typo.
    try {
      return Instant.parse(node.asText()).toEpochMilli();
    } catch (final DateTimeParseException | ArithmeticException e) {
      try {
        // Accept an offset such as +05:00: the instant is what matters for reportedAt and madeAt.
        return OffsetDateTime.parse(node.asText()).toInstant().toEpochMilli();
      } catch (final DateTimeParseException | ArithmeticException e2) {
        errors.add(
            new FieldError(
                path, "expected an ISO-8601 instant like 2023-02-04T10:00:00Z, got " + node));
        return null;
      }
    }
  }

  private static boolean isNullable(final Schema schema) {
    return schema.getType() == Schema.Type.UNION
        && schema.getTypes().stream().anyMatch(s -> s.getType() == Schema.Type.NULL);
  }

  private static String fieldNames(final Schema schema) {
    return String.join(", ", schema.getFields().stream().map(Schema.Field::name).toList());
  }

  /**
   * The JSON form of a record: every field, nulls as null, dates and instants as ISO-8601 text. A
   * statement leads with {@code "type": "statement"}, so its JSON form is also a line of the NDJSON
   * input as it stands.
   */
  public static ObjectNode toTree(final SpecificRecord record) {
    final ObjectNode fields = (ObjectNode) write(record, record.getSchema());
    if (!(record instanceof StatementEvent)) {
      return fields;
    }
    final ObjectNode out = NODES.objectNode();
    out.put("type", "statement");
    out.setAll(fields);
    return out;
  }

  public static String toJson(final SpecificRecord record) {
    return toTree(record).toString();
  }

  private static JsonNode write(final Object value, final Schema schema) {
    if (value == null) {
      return NODES.nullNode();
    }
    switch (schema.getType()) {
      case UNION:
        for (final Schema branch : schema.getTypes()) {
          if (branch.getType() != Schema.Type.NULL) {
            return write(value, branch);
          }
        }
        return NODES.nullNode();
      case RECORD:
        {
          final ObjectNode out = NODES.objectNode();
          final GenericRecord rec = (GenericRecord) value;
          for (final Schema.Field f : schema.getFields()) {
            out.set(f.name(), write(rec.get(f.pos()), f.schema()));
          }
          return out;
        }
      case ARRAY:
        {
          final ArrayNode out = NODES.arrayNode();
          for (final Object item : (Iterable<?>) value) {
            out.add(write(item, schema.getElementType()));
          }
          return out;
        }
      case MAP:
        {
          final ObjectNode out = NODES.objectNode();
          ((Map<?, ?>) value)
              .forEach((k, v) -> out.set(k.toString(), write(v, schema.getValueType())));
          return out;
        }
      case INT:
        if (value instanceof LocalDate d) {
          return NODES.textNode(d.toString());
        }
        return NODES.numberNode((Integer) value);
      case LONG:
        if (value instanceof Instant i) {
          return NODES.textNode(i.toString());
        }
        return NODES.numberNode((Long) value);
      case DOUBLE:
        return NODES.numberNode((Double) value);
      case FLOAT:
        return NODES.numberNode((Float) value);
      case BOOLEAN:
        return NODES.booleanNode((Boolean) value);
      case BYTES:
        {
          final ByteBuffer buf = ((ByteBuffer) value).duplicate();
          final byte[] bytes = new byte[buf.remaining()];
          buf.get(bytes);
          return NODES.textNode(Base64.getEncoder().encodeToString(bytes));
        }
      default:
        return NODES.textNode(value.toString());
    }
  }
}
