package io.surgewatch.engine;

import io.surgewatch.core.CubeKey;
import io.surgewatch.events.v1.RollingCount;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

/**
 * A count record that changed: its cube key, published window and day, and the window's sums,
 * turned into the record only when someone writes it ({@link #recordKey()}, {@link #record()}). An
 * output that writes at a commit (the app's cube) keeps the last change of each record key and
 * builds that one: a busy key changes with nearly every report, and building every change was a
 * tenth of the cube's time.
 */
public final class CountChange {
  private final PublishedWindows windows;
  private final String cubeKey;
  private final int published;
  private final int day;
  private final long[] sums;

  CountChange(
      final PublishedWindows windows,
      final String cubeKey,
      final int published,
      final int day,
      final long[] sums) {
    this.windows = windows;
    this.cubeKey = cubeKey;
    this.published = published;
    this.day = day;
    this.sums = sums;
  }

  /**
   * A change made outside the engine (a test of an output, a tool).
   *
   * @param window the window's index among {@code config}'s published windows
   * @param day the window's last day, as days since the epoch
   */
  public static CountChange of(
      final EngineConfig config,
      final String cubeKey,
      final int window,
      final int day,
      final long[] sums) {
    return new CountChange(new PublishedWindows(config), cubeKey, window, day, sums);
  }

  /**
   * This change with a copy of its sums, to keep past the call: the engine's arrays change after.
   */
  public CountChange kept() {
    return new CountChange(windows, cubeKey, published, day, sums.clone());
  }

  /**
   * Copies this change's sums into {@code kept}, a {@link #kept} change of the same record key: it
   * then holds this change.
   */
  public void copySumsTo(final CountChange kept) {
    System.arraycopy(sums, 0, kept.sums, 0, sums.length);
  }

  /** The cube key, {@code country|region|group}. */
  public String cubeKey() {
    return cubeKey;
  }

  /** The window's index among the published windows. */
  public int window() {
    return published;
  }

  /** The last day of the window, as days since the epoch. */
  public int day() {
    return day;
  }

  /** The record's key on the counts topic: {@code country|region|group|P30D|2023-01-30}. */
  public String recordKey() {
    return cubeKey + '|' + windows.name(published) + '|' + isoDay(day);
  }

  /** The cube key in UTF-8, made once per change: its record's key and value both start with it. */
  private byte[] cubeKeyUtf8;

  /** {@link #cubeKey()} in UTF-8 (the caller must not change the array). */
  public byte[] cubeKeyUtf8() {
    if (cubeKeyUtf8 == null) {
      cubeKeyUtf8 = cubeKey.getBytes(StandardCharsets.UTF_8);
    }
    return cubeKeyUtf8;
  }

  /** {@link #recordKey()} in UTF-8, made without the string (its window and day are ASCII). */
  public byte[] recordKeyUtf8() {
    final byte[] place = cubeKeyUtf8();
    final String window = windows.name(published);
    final String iso = isoDay(day);
    final byte[] out = new byte[place.length + window.length() + iso.length() + 2];
    System.arraycopy(place, 0, out, 0, place.length);
    int at = place.length;
    out[at++] = '|';
    for (int i = 0; i < window.length(); i++) {
      out[at++] = (byte) window.charAt(i);
    }
    out[at++] = '|';
    for (int i = 0; i < iso.length(); i++) {
      out[at++] = (byte) iso.charAt(i);
    }
    return out;
  }

  /** The published window's name, {@code P30D}. */
  public String windowName() {
    return windows.name(published);
  }

  /** The window's first day, as days since the epoch. */
  public int windowStart() {
    return day - (windows.days(published) - 1);
  }

  /** The window's sum at a {@link Tally} index. */
  public long sum(final int index) {
    return sums[index];
  }

  /** The killed of every victim category ({@link Tally#killed}). */
  public long killed() {
    return Tally.killed(sums);
  }

  /** The injured of every victim category ({@link Tally#injured}). */
  public long injured() {
    return Tally.injured(sums);
  }

  /**
   * ISO dates of the days from 1790 to 2149, made once each: every count record's key names one,
   * and {@code LocalDate.toString} was a visible share of writing them. Filled as asked for; a race
   * only makes a day's string twice.
   */
  private static final String[] ISO_DAYS = new String[1 << 17];

  private static String isoDay(final int epochDay) {
    final int i = epochDay + (1 << 16);
    if (i < 0 || i >= ISO_DAYS.length) {
      return LocalDate.ofEpochDay(epochDay).toString();
    }
    String iso = ISO_DAYS[i];
    if (iso == null) {
      iso = LocalDate.ofEpochDay(epochDay).toString();
      ISO_DAYS[i] = iso;
    }
    return iso;
  }

  /**
   * The record key: what Kafka Streams' error messages and handlers print for the counts sink's
   * records, which carry the change itself.
   */
  @Override
  public String toString() {
    return recordKey();
  }

  /** The count record. */
  public RollingCount record() {
    final CubeKey parts = CubeKey.parse(cubeKey);
    final LocalDate end = LocalDate.ofEpochDay(day);
    // The all-fields constructor, not the builder: millions of these, and the builder validates
    // each field.
    return new RollingCount(
        parts.country(),
        parts.region(),
        parts.group(),
        windows.name(published),
        end.minusDays(windows.days(published) - 1L),
        end,
        sums[Tally.INCIDENTS],
        Tally.killed(sums),
        Tally.injured(sums),
        Tally.killedBy(sums),
        Tally.injuredBy(sums));
  }
}
