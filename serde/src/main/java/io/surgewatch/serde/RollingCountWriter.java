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
 *
 * <p>The fields can also come from elsewhere than a built record ({@link Fields}): the app writes
 * its count records from its own sums, without the record, its two dates and its two victim counts
 * (five objects a record, and the dates' calendar arithmetic, written back to day numbers here).
 */
public final class RollingCountWriter implements DatumWriter<RollingCount> {

  /**
   * A count record's fields, as the record's schema orders them, read without building one; for
   * Avro's binary encoding (a place name may be written as bytes, which binary Avro writes as it
   * writes a string).
   */
  public interface Fields {
    /** Writes the country, region and group, each an Avro string, in that order. */
    void writePlace(Encoder out) throws IOException;

    String window();

    /** The first and last day of the window, as days since the epoch. */
    int windowStart();

    int windowEnd();

    long incidents();

    long killed();

    long injured();

    /**
     * Killed, then injured, of a victim category: 0 security forces, 1 civilians, 2 militants, 3
     * unknown.
     */
    long killedBy(int category);

    long injuredBy(int category);
  }

  /**
   * The parsing fingerprint of the schema the fields below follow. A change of RollingCount's
   * schema changes it, and the serializer falls back to Avro's writer until this class is brought
   * in line (RollingCountWriterTest says so).
   */
  static final long WRITTEN_FOR = 2540631383661439278L;

  /** Whether this writer encodes {@code schema} (the one it was written for). */
  public static boolean writes(final Schema schema) {
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
    write(
        new Fields() {
          @Override
          public void writePlace(final Encoder o) throws IOException {
            o.writeString(r.getCountry());
            o.writeString(r.getRegion());
            o.writeString(r.getGroup());
          }

          @Override
          public String window() {
            return r.getWindow();
          }

          @Override
          public int windowStart() {
            return Math.toIntExact(r.getWindowStart().toEpochDay());
          }

          @Override
          public int windowEnd() {
            return Math.toIntExact(r.getWindowEnd().toEpochDay());
          }

          @Override
          public long incidents() {
            return r.getIncidents();
          }

          @Override
          public long killed() {
            return r.getKilled();
          }

          @Override
          public long injured() {
            return r.getInjured();
          }

          @Override
          public long killedBy(final int category) {
            return byCategory(r.getKilledBy(), category);
          }

          @Override
          public long injuredBy(final int category) {
            return byCategory(r.getInjuredBy(), category);
          }
        },
        out);
  }

  private static long byCategory(final VictimCounts v, final int category) {
    return switch (category) {
      case 0 -> v.getSecurityForces();
      case 1 -> v.getCivilians();
      case 2 -> v.getMilitants();
      default -> v.getUnknown();
    };
  }

  /** Writes a count record's fields: the one layout of {@link #WRITTEN_FOR}. */
  public static void write(final Fields f, final Encoder out) throws IOException {
    f.writePlace(out);
    out.writeString(f.window());
    out.writeInt(f.windowStart());
    out.writeInt(f.windowEnd());
    out.writeLong(f.incidents());
    out.writeLong(f.killed());
    out.writeLong(f.injured());
    for (int c = 0; c < 4; c++) {
      out.writeLong(f.killedBy(c));
    }
    for (int c = 0; c < 4; c++) {
      out.writeLong(f.injuredBy(c));
    }
  }
}
