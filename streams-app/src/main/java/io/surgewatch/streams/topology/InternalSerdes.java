package io.surgewatch.streams.topology;

import io.surgewatch.streams.engine.Codec;
import io.surgewatch.streams.engine.Contribution;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** Serdes of internal topics and stores: no registry (they never leave the app), compact and fast. */
public final class InternalSerdes {
  private InternalSerdes() {}

  static Serde<Contribution> contributions() {
    return Serdes.serdeFrom((topic, c) -> c == null ? null : Codec.encode(c),
        (topic, b) -> b == null ? null : Codec.decodeContribution(b));
  }

  /** Plain Avro binary of the current schema, for state that this version of the app alone reads and writes. */
  public static <T extends SpecificRecord> Serde<T> avroBinary(final Class<T> type) {
    final SpecificDatumWriter<T> writer = new SpecificDatumWriter<>(type);
    final SpecificDatumReader<T> reader = new SpecificDatumReader<>(type);
    return Serdes.serdeFrom((topic, v) -> {
      if (v == null) {
        return null;
      }
      try {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        final BinaryEncoder enc = EncoderFactory.get().directBinaryEncoder(out, null);
        writer.write(v, enc);
        enc.flush();
        return out.toByteArray();
      } catch (final IOException e) {
        throw new UncheckedIOException(e);
      }
    }, (topic, b) -> {
      if (b == null) {
        return null;
      }
      try {
        return reader.read(null, DecoderFactory.get().binaryDecoder(b, null));
      } catch (final IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }
}
