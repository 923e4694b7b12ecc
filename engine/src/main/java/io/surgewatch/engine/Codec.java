package io.surgewatch.engine;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Binary encoding of the engine's internal state and repartition records. These never leave the app
 * (changelogs and repartition topics), so a compact fixed layout is used instead of Avro: it is
 * several times faster on the per-event path and needs no registry round trip. A leading version
 * byte lets the layout evolve.
 */
public final class Codec {
  static final byte VERSION = 1;

  /**
   * A contribution that carries the figures it revises (the same layout twice, the new figures
   * first).
   */
  static final byte REVISION = 2;

  private Codec() {}

  public static byte[] encode(final Contribution contribution) {
    final Contribution previous = contribution.previous();
    final ByteBuffer buf =
        ByteBuffer.allocate(size(contribution) + (previous == null ? 0 : size(previous) - 2));
    buf.put(contribution.previous() == null ? VERSION : REVISION)
        .put((byte) contribution.shard().ordinal());
    putFigures(buf, contribution);
    if (contribution.previous() != null) {
      putFigures(buf, contribution.previous());
    }
    return buf.array();
  }

  private static int size(final Contribution contribution) {
    int size =
        1
            + 1
            + 4
            + Tally.SIZE * 8
            + 4 * 3
            + utf8(contribution.incidentId()).length
            + utf8(contribution.country()).length
            + utf8(contribution.region()).length
            + 4;
    for (final String group : contribution.groups()) {
      size += 4 + utf8(group).length;
    }
    return size;
  }

  private static void putFigures(final ByteBuffer buf, final Contribution contribution) {
    buf.putInt(contribution.day());
    for (final long v : contribution.tally()) {
      buf.putLong(v);
    }
    put(buf, utf8(contribution.incidentId()));
    put(buf, utf8(contribution.country()));
    put(buf, utf8(contribution.region()));
    buf.putInt(contribution.groups().size());
    contribution.groups().forEach(group -> put(buf, utf8(group)));
  }

  public static Contribution decodeContribution(final byte[] bytes) {
    final ByteBuffer buf = ByteBuffer.wrap(bytes);
    final byte version = buf.get();
    if (version != VERSION && version != REVISION) {
      checkVersion(version);
    }
    final int kind = buf.get();
    if (kind < 0 || kind >= Contribution.Shard.values().length) {
      throw new IllegalStateException(
          "a cube contribution of shard kind "
              + kind
              + ", which this release does not know (written by a newer release: upgrade every"
              + " instance)");
    }
    final Contribution.Shard shard = Contribution.Shard.values()[kind];
    final Contribution c = figures(buf, shard);
    return version == REVISION ? c.revising(figures(buf, shard)) : c;
  }

  private static Contribution figures(final ByteBuffer buf, final Contribution.Shard shard) {
    final int day = buf.getInt();
    final long[] tally = new long[Tally.SIZE];
    for (int i = 0; i < Tally.SIZE; i++) {
      tally[i] = buf.getLong();
    }
    final String id = string(buf);
    final String country = string(buf);
    final String region = string(buf);
    final int n = buf.getInt();
    final List<String> groups = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      groups.add(string(buf));
    }
    return new Contribution(shard, id, day, country, region, groups, tally);
  }

  /**
   * The layout of a stored stage-1 report. Reports stored before version 1 have no version byte:
   * they start with the reported-at, a big-endian long whose first byte is 0x00 (0xFF before 1970)
   * for any time within 2^56 ms (two million years) of 1970, so a first byte of 0x00 or 0xFF is
   * such a report and any other is a version. Versions are therefore never 0 or 255.
   */
  static final StoredFormat REPORT = new StoredFormat("stage-1 report", 2, 1);

  /** Version 2's state byte of a report set aside (retracted for the counts, its type follows). */
  private static final byte SET_ASIDE = 2;

  /**
   * A stage-1 report: the format version, its ordering fields, its state (0 counted, 1 retracted, 2
   * set aside: then its source event type), then its contribution. Version 1 had no state 2: it
   * stored a set-aside report as retracted.
   */
  public static byte[] encode(final RevisionTracker.Report report) {
    final byte[] counts = encode(report.counts());
    final boolean aside = report.retracted() && report.setAsideType() != null;
    final byte[] type = aside ? utf8(report.setAsideType()) : null;
    final ByteBuffer buf =
        ByteBuffer.allocate(1 + 8 + 4 + 1 + (aside ? 4 + type.length : 0) + counts.length)
            .put(REPORT.current())
            .putLong(report.reportedAt())
            .putInt(report.revision())
            .put(aside ? SET_ASIDE : (byte) (report.retracted() ? 1 : 0));
    if (aside) {
      put(buf, type);
    }
    return buf.put(counts).array();
  }

  public static RevisionTracker.Report decodeReport(final byte[] bytes) {
    final ByteBuffer buf = ByteBuffer.wrap(bytes);
    if (bytes[0] != 0 && bytes[0] != (byte) 0xFF) {
      REPORT.read(buf); // not a report from before the version byte (see REPORT)
    }
    final long at = buf.getLong();
    final int revision = buf.getInt();
    final byte state = buf.get();
    final String setAsideType = state == SET_ASIDE ? string(buf) : null;
    return new RevisionTracker.Report(
        at,
        revision,
        state != 0,
        decodeContribution(Arrays.copyOfRange(bytes, buf.position(), bytes.length)),
        setAsideType);
  }

  static void checkVersion(final byte version) {
    if (version != VERSION) {
      throw new IllegalStateException(
          "unknown internal record version " + version + " (expected " + VERSION + ")");
    }
  }

  static byte[] utf8(final String text) {
    return text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8);
  }

  static void put(final ByteBuffer buf, final byte[] bytes) {
    buf.putInt(bytes.length).put(bytes);
  }

  static String string(final ByteBuffer buf) {
    final int n = buf.getInt();
    final String s =
        new String(buf.array(), buf.arrayOffset() + buf.position(), n, StandardCharsets.UTF_8);
    buf.position(buf.position() + n);
    return s;
  }
}
