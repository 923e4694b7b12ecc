package io.surgewatch.core;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The largest input record that is published: the producer's {@code max.request.size} (and the
 * topic's {@code max.message.bytes}, when it is known and smaller), less {@link #HEADROOM} for the
 * records the app wraps an input record in (its dead letter, which adds a reason; its stores'
 * changelog records, which add a position). A larger record is rejected like any invalid one
 * ({@code VALIDATION}, naming the largest field), the same in {@code produce}, the ingest API and
 * {@code backtest}: sending it would fail at the producer, stop a file partway and, once on a
 * topic, fail the app's own records.
 *
 * <p>A record's size is the one the producer checks: Kafka's upper bound of a record batch holding
 * it alone (its key, its value in the Confluent wire format, its headers, uncompressed), worked out
 * here so that {@code backtest}, which has no producer, counts the same.
 */
public final class RecordSizeLimit {
  /** Kafka's default {@code max.request.size} (and, near enough, a topic's max.message.bytes). */
  public static final int KAFKA_DEFAULT = 1_048_576;

  /**
   * Kept below the limit for the records that wrap an input record in the app: a 32nd of it, 32 KiB
   * at most (a dead letter's reason is 4,000 characters at most, {@link
   * DeadLetters#MAX_REASON_CHARS}).
   */
  public static final int HEADROOM = 32_768;

  public static final String MAX_REQUEST_SIZE = "max.request.size";
  public static final String MAX_MESSAGE_BYTES = "max.message.bytes";

  /** A record batch's header, before its first record. */
  private static final int BATCH_OVERHEAD = 61;

  /** A record's length, attributes, timestamp and offset deltas at their largest. */
  private static final int RECORD_OVERHEAD = 21;

  /** The Confluent wire format's magic byte and schema id, before the Avro body. */
  private static final int WIRE_HEADER = 5;

  private final int bytes;
  private final String setting;

  private RecordSizeLimit(final int limit, final String setting) {
    this.bytes = limit;
    this.setting = setting;
  }

  /** The producer's {@code max.request.size} as the configuration gives it (Kafka's default). */
  public static RecordSizeLimit of(final SurgewatchConfig config) {
    return of(config.clientProperties());
  }

  /** The producer's {@code max.request.size} of these client properties (Kafka's default). */
  public static RecordSizeLimit of(final Map<String, Object> clientProperties) {
    final Object set = clientProperties.get(MAX_REQUEST_SIZE);
    final int limit;
    try {
      limit = set == null ? KAFKA_DEFAULT : Integer.parseInt(set.toString().trim());
    } catch (final NumberFormatException e) {
      throw new IllegalArgumentException(
          MAX_REQUEST_SIZE + " must be a whole number of bytes, got '" + set + "'", e);
    }
    return new RecordSizeLimit(limit, MAX_REQUEST_SIZE + " " + limit);
  }

  /** Kafka's defaults. */
  public static RecordSizeLimit standard() {
    return of(Map.of());
  }

  /** This limit, or a topic's {@code max.message.bytes} when that is smaller. */
  public RecordSizeLimit andTopic(final String topic, final int maxMessageBytes) {
    return maxMessageBytes < bytes
        ? new RecordSizeLimit(
            maxMessageBytes, MAX_MESSAGE_BYTES + " " + maxMessageBytes + " of topic " + topic)
        : this;
  }

  /** The largest input record published, in bytes. */
  public int bytes() {
    return bytes - headroom();
  }

  private int headroom() {
    return Math.min(HEADROOM, bytes / 32);
  }

  /**
   * Why {@code event}, published keyed by {@code id} with {@code headers}, is too large; null when
   * it is not.
   */
  public InvalidEventException check(
      final String id, final SpecificRecord event, final Headers headers) {
    final int size = sizeOf(id, WIRE_HEADER + avroBytes(event), headers);
    return size <= bytes() ? null : tooLarge(size, event, "");
  }

  /**
   * Why a record the app read ({@code valueBytes} of value, decoded as {@code event}) is too large
   * to be held and wrapped by the app's own records; null when it is not. Half the headroom is
   * allowed past {@link #bytes()}, for the headers a writer adds: what {@code produce} and the
   * ingest API publish always passes.
   */
  public InvalidEventException checkAsRead(
      final String key, final int valueBytes, final Headers headers, final SpecificRecord event) {
    // Every report passes here: a bound from the lengths alone settles nearly all of them without
    // encoding a string; the exact size only near the limit.
    if (upperBound(key, valueBytes, headers) <= bytes() + headroom() / 2) {
      return null;
    }
    final int size = sizeOf(key, valueBytes, headers);
    return size <= bytes() + headroom() / 2
        ? null
        : tooLarge(
            size,
            event,
            "; no writer of Surgewatch's publishes it, and this dead letter leaves its bytes out,"
                + " which it could not hold: they are on the input topic at the offset it names");
  }

  private InvalidEventException tooLarge(
      final int size, final SpecificRecord event, final String more) {
    final Largest largest = new Largest();
    largest.visit("", event);
    return new InvalidEventException(
        List.of(
            new FieldError(
                largest.path.isEmpty() ? null : largest.path,
                "the record is "
                    + size
                    + " bytes as published, more than the "
                    + bytes()
                    + " an input record may be ("
                    + setting
                    + ", less "
                    + headroom()
                    + " kept for the app's records that wrap it)"
                    + (largest.path.isEmpty()
                        ? ""
                        : ": " + largest.bytes + " bytes of it are its " + largest.path)
                    + "; shorten it, or raise "
                    + MAX_REQUEST_SIZE
                    + " and the topics' "
                    + MAX_MESSAGE_BYTES
                    + more)));
  }

  /** Kafka's upper bound of a batch holding one record of this key, value size and headers. */
  /**
   * At least {@link #sizeOf}: a character is at most three bytes of UTF-8 and a varint of a length
   * at most five.
   */
  static long upperBound(final String key, final int valueBytes, final Headers headers) {
    long bound = BATCH_OVERHEAD + RECORD_OVERHEAD + 5L + 5L + valueBytes + 5L;
    bound += key == null ? 0 : 3L * key.length();
    if (headers != null) {
      for (final Header h : headers) {
        bound += 5L + 3L * h.key().length() + 5L + (h.value() == null ? 0 : h.value().length);
      }
    }
    return bound;
  }

  static int sizeOf(final String key, final int valueBytes, final Headers headers) {
    int size = BATCH_OVERHEAD + RECORD_OVERHEAD;
    if (key == null) {
      size += 1;
    } else {
      final int k = key.getBytes(StandardCharsets.UTF_8).length;
      size += varintSize(k) + k;
    }
    size += varintSize(valueBytes) + valueBytes;
    final Header[] all = headers == null ? new Header[0] : headers.toArray();
    size += varintSize(all.length);
    for (final Header h : all) {
      final int k = h.key().getBytes(StandardCharsets.UTF_8).length;
      size += varintSize(k) + k;
      size += h.value() == null ? 1 : varintSize(h.value().length) + h.value().length;
    }
    return size;
  }

  /** Bytes of a zig-zag varint, as Kafka's record format writes lengths. */
  private static int varintSize(final int value) {
    int v = (value << 1) ^ (value >> 31);
    int bytes = 1;
    while ((v & 0xffffff80) != 0) {
      bytes++;
      v >>>= 7;
    }
    return bytes;
  }

  private static int avroBytes(final SpecificRecord event) {
    try {
      final ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
      final BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
      new SpecificDatumWriter<SpecificRecord>(event.getSchema()).write(event, encoder);
      encoder.flush();
      return out.size();
    } catch (final IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The longest text in a record, by UTF-8 bytes, and its path ({@code quote}, {@code
   * groups[2].name}).
   */
  private static final class Largest {
    private String path = "";
    private int bytes = -1;

    void visit(final String at, final Object value) {
      if (value instanceof CharSequence text) {
        final int n = text.toString().getBytes(StandardCharsets.UTF_8).length;
        if (n > bytes) {
          bytes = n;
          path = at;
        }
      } else if (value instanceof SpecificRecord record) {
        for (final Schema.Field f : record.getSchema().getFields()) {
          visit(at.isEmpty() ? f.name() : at + "." + f.name(), record.get(f.pos()));
        }
      } else if (value instanceof List<?> list) {
        for (int i = 0; i < list.size(); i++) {
          visit(at + "[" + i + "]", list.get(i));
        }
      }
    }
  }
}
