package io.surgewatch.serde;

import io.surgewatch.events.v1.RollingCount;
import io.surgewatch.events.v1.VictimCounts;
import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.Encoder;

/**
 * Writes a {@link RollingCount} field by field, as Avro's generated custom coders would. The
 * streams app writes about fourteen of these a report, and the generic writer, which walks the
 * schema and boxes each of the eleven longs through {@code get(int)}, was about a fifteenth of its
 * stream threads' time. Avro generates custom coders only for records without logical types, and
 * this one has two {@code date} fields; so it is written here, for the one schema it was written
 * for ({@link #WRITTEN_FOR}), and {@link AvroSerializer} keeps the generic writer for any other.
 */
final class RollingCountWriter implements DatumWriter<RollingCount> {

  /**
   * The parsing fingerprint of the schema the fields below follow. A change of RollingCount's
   * schema changes it, and the serializer falls back to Avro's writer until this class is brought
   * in line (RollingCountWriterTest says so).
   */
  static final long WRITTEN_FOR = 2540631383661439278L;

  /** Whether this writer encodes {@code schema} (the one it was written for). */
  static boolean writes(final Schema schema) {
    return SchemaNormalization.parsingFingerprint64(schema) == WRITTEN_FOR;
  }

  @Override
  public void setSchema(final Schema schema) {
    if (!writes(schema)) {
      throw new IllegalArgumentException(
          "RollingCountWriter writes only the schema it was written for, not " + schema);
    }
  }

  @Override
  public void write(final RollingCount r, final Encoder out) throws IOException {
    out.writeString(r.getCountry());
    out.writeString(r.getRegion());
    out.writeString(r.getGroup());
    out.writeString(r.getWindow());
    out.writeInt(Math.toIntExact(r.getWindowStart().toEpochDay()));
    out.writeInt(Math.toIntExact(r.getWindowEnd().toEpochDay()));
    out.writeLong(r.getIncidents());
    out.writeLong(r.getKilled());
    out.writeLong(r.getInjured());
    write(r.getKilledBy(), out);
    write(r.getInjuredBy(), out);
  }

  private static void write(final VictimCounts v, final Encoder out) throws IOException {
    out.writeLong(v.getSecurityForces());
    out.writeLong(v.getCivilians());
    out.writeLong(v.getMilitants());
    out.writeLong(v.getUnknown());
  }
}
