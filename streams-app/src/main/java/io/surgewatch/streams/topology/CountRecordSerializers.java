package io.surgewatch.streams.topology;

import io.surgewatch.engine.CountChange;
import io.surgewatch.engine.Tally;
import io.surgewatch.events.v1.RollingCount;
import io.surgewatch.serde.AvroSerializer;
import io.surgewatch.serde.RollingCountWriter;
import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.io.Encoder;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The counts topic's key and value serializers, written from the cube's {@link CountChange} rather
 * than from a built {@link RollingCount}: the bytes are the same (a string key, the record in the
 * registry's wire format), without the five objects a record and the calendar arithmetic of its two
 * dates, for the fourteen count records the app writes a report. The value is written by {@link
 * RollingCountWriter}, the serde's one layout of the record, and only for the schema it was written
 * for; under another the record is built and written by the registry serializer as any other.
 */
final class CountRecordSerializers {
  private CountRecordSerializers() {}

  /** The record key, {@code country|region|group|P30D|2023-01-30}, in UTF-8. */
  static Serializer<CountChange> key() {
    return (topic, change) -> change == null ? null : change.recordKeyUtf8();
  }

  /** The record, in the wire format of {@code avro}'s registry. */
  static Serializer<CountChange> value(final AvroSerializer<RollingCount> avro) {
    final Schema schema = RollingCount.getClassSchema();
    if (!RollingCountWriter.writes(schema)) {
      return (topic, change) -> change == null ? null : avro.serialize(topic, change.record());
    }
    return (topic, change) ->
        change == null
            ? null
            : avro.serialize(
                topic, schema, out -> RollingCountWriter.write(new Fields(change), out));
  }

  /** A change's fields as the record has them. */
  private record Fields(CountChange change) implements RollingCountWriter.Fields {
    @Override
    public void writePlace(final Encoder out) throws IOException {
      // Avro writes a string as its UTF-8 length and bytes, as it writes bytes: the three parts
      // are written from the key's own UTF-8, between its separators ('|' is never part of a
      // multi-byte character).
      final byte[] key = change.cubeKeyUtf8();
      int from = 0;
      for (int part = 0; part < 2; part++) {
        int bar = from;
        while (key[bar] != '|') {
          bar++;
        }
        out.writeBytes(key, from, bar - from);
        from = bar + 1;
      }
      out.writeBytes(key, from, key.length - from);
    }

    @Override
    public String window() {
      return change.windowName();
    }

    @Override
    public int windowStart() {
      return change.windowStart();
    }

    @Override
    public int windowEnd() {
      return change.day();
    }

    @Override
    public long incidents() {
      return change.sum(Tally.INCIDENTS);
    }

    @Override
    public long killed() {
      return change.killed();
    }

    @Override
    public long injured() {
      return change.injured();
    }

    @Override
    public long killedBy(final int category) {
      return change.sum(Tally.KILLED + category);
    }

    @Override
    public long injuredBy(final int category) {
      return change.sum(Tally.INJURED + category);
    }
  }
}
