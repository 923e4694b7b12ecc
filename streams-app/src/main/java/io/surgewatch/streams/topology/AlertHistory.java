package io.surgewatch.streams.topology;

import io.surgewatch.events.v1.AlertStatus;
import io.surgewatch.events.v1.SurgeAlert;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Every transition of one alert, in sequence order, as the story task emitted them: the value of
 * {@link SurgewatchTopology#STORE_ALERT_HISTORY} (plain Avro, an array of SurgeAlert). A transition whose sequence
 * was seen before (a re-opened alert starts again at 1, a replay repeats) replaces it and everything after it.
 */
public final class AlertHistory {
  private static final Schema SCHEMA = Schema.createArray(SurgeAlert.getClassSchema());
  private static final ThreadLocal<SpecificDatumWriter<List<SurgeAlert>>> WRITER =
      ThreadLocal.withInitial(() -> new SpecificDatumWriter<>(SCHEMA));
  private static final ThreadLocal<SpecificDatumReader<List<SurgeAlert>>> READER =
      ThreadLocal.withInitial(() -> new SpecificDatumReader<>(SCHEMA));

  private AlertHistory() {}

  public static List<SurgeAlert> append(final List<SurgeAlert> history, final SurgeAlert next) {
    final List<SurgeAlert> out = new ArrayList<>(history.size() + 1);
    for (final SurgeAlert a : history) {
      if (a.getSequence() < next.getSequence()) {
        out.add(a);
      }
    }
    out.add(next);
    out.sort(Comparator.comparingInt(SurgeAlert::getSequence));
    return out;
  }

  public static byte[] encode(final List<SurgeAlert> history) {
    try {
      final ByteArrayOutputStream out = new ByteArrayOutputStream(512);
      final BinaryEncoder enc = EncoderFactory.get().directBinaryEncoder(out, null);
      WRITER.get().write(history, enc);
      enc.flush();
      return out.toByteArray();
    } catch (final IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static List<SurgeAlert> decode(final byte[] bytes) {
    if (bytes == null) {
      return List.of();
    }
    try {
      return new ArrayList<>(READER.get().read(null, DecoderFactory.get().binaryDecoder(bytes, null)));
    } catch (final IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The OPEN transition (the first one when the history starts later). */
  public static SurgeAlert opened(final List<SurgeAlert> history) {
    return history.stream().filter(a -> a.getStatus() == AlertStatus.OPEN).findFirst().orElse(history.get(0));
  }

  /** The most severe transition (of equal severity, the higher score, then the earlier). */
  public static SurgeAlert peak(final List<SurgeAlert> history) {
    SurgeAlert best = null;
    for (final SurgeAlert a : history) {
      if (a.getStatus() == AlertStatus.RESOLVED || a.getStatus() == AlertStatus.WITHDRAWN) {
        continue; // a resolution's severity describes the quiet window, not the surge
      }
      if (best == null || rank(a.getSeverity()) > rank(best.getSeverity())
          || a.getSeverity() == best.getSeverity() && a.getScore() > best.getScore()) {
        best = a;
      }
    }
    return best == null ? opened(history) : best;
  }

  /** LOW 0 .. CRITICAL 3; UNKNOWN (a future symbol) -1. */
  public static int rank(final io.surgewatch.events.v1.Severity s) {
    return s == io.surgewatch.events.v1.Severity.UNKNOWN ? -1 : s.ordinal();
  }

  public static SurgeAlert latest(final List<SurgeAlert> history) {
    return history.get(history.size() - 1);
  }
}
