package io.surgewatch.inputs;

import io.surgewatch.events.v1.Attribution;
import io.surgewatch.events.v1.Casualties;
import io.surgewatch.events.v1.EventType;
import io.surgewatch.events.v1.IncidentEvent;
import io.surgewatch.events.v1.PerpetratorGroup;
import io.surgewatch.events.v1.Source;
import io.surgewatch.events.v1.SourceKind;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A deterministic synthetic incident history with a realistic shape: about 50 countries of very
 * different activity (Zipf), 10 regions each, 20 groups, five years of days, reports arriving 0-3
 * days after the incident (some weeks late), 5% revised, 1% re-sent unchanged, and a few surges (a
 * region's rate several times higher for two months). Held in primitive arrays sorted by arrival,
 * so millions of reports fit in a small heap.
 */
public final class SyntheticIncidents {
  static final LocalDate FIRST_DAY = LocalDate.of(2019, 1, 1);

  /** Longer spans end where the default one does, so no incident day is in the future. */
  private static final LocalDate LAST_DAY = FIRST_DAY.plusDays(5 * 365);

  static final int DAYS = 5 * 365;
  static final int COUNTRIES = 50;
  static final int REGIONS = 10;
  static final int GROUPS = 20;

  private final int size;
  private final long[] reportedAt; // epoch seconds
  private final int[] day;
  private final short[] country;
  private final byte[] region;
  private final byte[] group;
  private final short[] killed;
  private final short[] injured;
  private final int[] incident;
  private final byte[] revision;
  private final String[] countryCodes;
  private final LocalDate firstDay;

  private SyntheticIncidents(final int n, final int days) {
    size = n;
    firstDay = days <= DAYS ? FIRST_DAY : LAST_DAY.minusDays(days);
    reportedAt = new long[n];
    day = new int[n];
    country = new short[n];
    region = new byte[n];
    group = new byte[n];
    killed = new short[n];
    injured = new short[n];
    incident = new int[n];
    revision = new byte[n];
    countryCodes = Arrays.stream(Locale.getISOCountries()).limit(COUNTRIES).toArray(String[]::new);
  }

  /**
   * Generates {@code total} reports (incidents, revisions and duplicates together), in arrival
   * order.
   */
  public static SyntheticIncidents generate(final int total, final long seed) {
    return generate(total, seed, DAYS, SURGES, 0);
  }

  private static final int[][] SURGES = {
    {0, 2, 900}, {3, 5, 1200}, {7, 1, 400}, {12, 8, 1500}, {1, 0, 1700}
  };

  /**
   * A longer history with edits years late, as ACLED's: {@code years} of incident days, and a share
   * of incidents re-edited (new figures) between half a year and the end of the span after they
   * were first reported.
   */
  public static SyntheticIncidents generate(
      final int total, final long seed, final int years, final double lateEdits) {
    return generate(total, seed, years * 365, SURGES, lateEdits);
  }

  public static SyntheticIncidents generate(
      final int total, final long seed, final int days, final int[][] surges) {
    return generate(total, seed, days, surges, 0);
  }

  /**
   * @param days the span of incident days from 2019-01-01
   * @param surges (country index, region index, first day[, n]): one in n (default 4) of that
   *     pair's incidents pulled into the 60 days from the first day
   */
  private static SyntheticIncidents generate(
      final int total,
      final long seed,
      final int days,
      final int[][] surges,
      final double lateEdits) {
    final SplittableRandom random = new SplittableRandom(seed);
    final SyntheticIncidents raw = new SyntheticIncidents(total, days);
    final double[] countryWeight = new double[COUNTRIES];
    double sum = 0;
    for (int c = 0; c < COUNTRIES; c++) {
      countryWeight[c] = 1.0 / (c + 1);
      sum += countryWeight[c];
    }
    int n = 0;
    int incidents = 0;
    while (n < total) {
      final int i = n;
      int c = 0;
      for (double u = random.nextDouble() * sum;
          c < COUNTRIES - 1 && (u -= countryWeight[c]) > 0;
          c++) {
        // walk the cumulative weights
      }
      final int r = random.nextInt(REGIONS);
      int d = random.nextInt(days);
      for (final int[] s : surges) {
        if (s[0] == c && s[1] == r && random.nextInt(s.length > 3 ? s[3] : 4) == 0) {
          d = s[2] + random.nextInt(60); // pulls extra incidents into the surge window
        }
      }
      raw.incident[i] = incidents++;
      raw.day[i] = d;
      raw.country[i] = (short) c;
      raw.region[i] = (byte) r;
      raw.group[i] = (byte) (random.nextInt(8) == 0 ? -1 : random.nextInt(GROUPS));
      raw.killed[i] = (short) (random.nextInt(10) < 6 ? random.nextInt(4) : random.nextInt(40));
      raw.injured[i] = (short) random.nextInt(6);
      final long dayStart = raw.firstDay.plusDays(d).toEpochDay() * 86_400L;
      final int lag = random.nextInt(50) == 0 ? 14 + random.nextInt(30) : random.nextInt(3);
      raw.reportedAt[i] = dayStart + lag * 86_400L + 3600 + random.nextInt(20 * 3600);
      n++;
      final int roll = random.nextInt(100);
      if (roll < 5 && n < total) { // a revision, days later, figures up or down
        raw.copy(i, n);
        raw.revision[n] = 1;
        raw.reportedAt[n] = raw.reportedAt[i] + 3600 + random.nextInt(5 * 86_400);
        raw.killed[n] = (short) Math.max(0, raw.killed[i] + random.nextInt(11) - 4);
        n++;
      } else if (roll == 5 && n < total) { // re-sent unchanged
        raw.copy(i, n);
        raw.reportedAt[n] = raw.reportedAt[i] + random.nextInt(3600);
        n++;
      }
      if (lateEdits > 0
          && n < total
          && random.nextDouble() < lateEdits) { // edited years later, as ACLED does
        raw.copy(i, n);
        raw.revision[n] = 2;
        final int lateBy = 182 + random.nextInt(Math.max(1, days - d - 182 + 1));
        raw.reportedAt[n] = raw.reportedAt[i] + lateBy * 86_400L;
        raw.killed[n] = (short) Math.max(0, raw.killed[i] + random.nextInt(7) - 3);
        n++;
      }
    }
    return raw.sortedByArrival();
  }

  private void copy(final int from, final int to) {
    reportedAt[to] = reportedAt[from];
    day[to] = day[from];
    country[to] = country[from];
    region[to] = region[from];
    group[to] = group[from];
    killed[to] = killed[from];
    injured[to] = injured[from];
    incident[to] = incident[from];
    revision[to] = revision[from];
  }

  private SyntheticIncidents sortedByArrival() {
    final long[] order = new long[size];
    for (int i = 0; i < size; i++) {
      order[i] =
          (reportedAt[i] << 24) | i; // seconds fit in 40 bits until year 36812; index in 24 bits
    }
    if (size >= 1 << 24) {
      throw new IllegalArgumentException("at most " + ((1 << 24) - 1) + " reports");
    }
    Arrays.sort(order);
    final SyntheticIncidents s =
        new SyntheticIncidents(size, (int) (LAST_DAY.toEpochDay() - firstDay.toEpochDay()));
    for (int j = 0; j < size; j++) {
      final int i = (int) (order[j] & 0xffffff);
      s.reportedAt[j] = reportedAt[i];
      s.day[j] = day[i];
      s.country[j] = country[i];
      s.region[j] = region[i];
      s.group[j] = group[i];
      s.killed[j] = killed[i];
      s.injured[j] = injured[i];
      s.incident[j] = incident[i];
      s.revision[j] = revision[i];
    }
    return s;
  }

  public int size() {
    return size;
  }

  public String id(final int i) {
    return "SYN" + incident[i];
  }

  public IncidentEvent event(final int i) {
    return IncidentEvent.newBuilder()
        .setId(id(i))
        .setReportedAt(Instant.ofEpochSecond(reportedAt[i]))
        .setRevision(revision[i])
        .setSource(new Source("Synthetic benchmark feed", null, SourceKind.OTHER))
        .setOccurredOn(firstDay.plusDays(day[i]))
        .setCountry(countryCodes[country[i]])
        .setRegion("Region " + (region[i] + 1))
        .setGroups(
            group[i] < 0
                ? List.of()
                : List.of(new PerpetratorGroup("Group " + (group[i] + 1), Attribution.ATTRIBUTED)))
        .setEventType(EventType.ATTACK)
        .setKilled(Casualties.newBuilder().setCivilians(killed[i]).build())
        .setInjured(Casualties.newBuilder().setUnknown(injured[i]).build())
        .build();
  }

  /**
   * Writes the reports as an ACLED CSV export (fatalities only, as ACLED has), in arrival order.
   */
  public void writeAcled(final Path file) throws IOException {
    try (Writer w =
        new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 20)) {
      w.write(
          "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,"
              + "assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,"
              + "admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,"
              + "tags,timestamp\n");
      final StringBuilder b = new StringBuilder(256);
      for (int i = 0; i < size; i++) {
        final LocalDate d = firstDay.plusDays(day[i]);
        b.setLength(0);
        b.append(id(i))
            .append(',')
            .append(d)
            .append(',')
            .append(d.getYear())
            .append(",1,Political violence,")
            .append("Explosions/Remote violence,Remote explosive/landmine/IED,")
            .append(group[i] < 0 ? "Unidentified Armed Group" : "Group " + (group[i] + 1))
            .append(",,2,,,,,,,Synthetic,")
            .append(countryCodes[country[i]])
            .append(",Region ")
            .append(region[i] + 1)
            .append(",,,Place,10.0,20.0,1,Synthetic benchmark feed,Local,,")
            .append(killed[i])
            .append(",,")
            .append(reportedAt[i])
            .append('\n');
        w.append(b);
      }
    }
  }
}
