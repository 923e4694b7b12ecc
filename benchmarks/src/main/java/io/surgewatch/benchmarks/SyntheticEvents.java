package io.surgewatch.benchmarks;

import io.surgewatch.events.v1.Attribution;
import io.surgewatch.events.v1.Casualties;
import io.surgewatch.events.v1.DatePrecision;
import io.surgewatch.events.v1.EventType;
import io.surgewatch.events.v1.GeoPrecision;
import io.surgewatch.events.v1.IncidentEvent;
import io.surgewatch.events.v1.PerpetratorGroup;
import io.surgewatch.events.v1.Source;
import io.surgewatch.events.v1.SourceKind;
import io.surgewatch.events.v1.TargetType;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Deterministic incident reports with the shape of the cli's {@code bench} (SyntheticIncidents, not a dependency:
 * the cli jar drags in the broker): ~50 countries of Zipf-distributed activity, 10 regions each, 20 groups (one in
 * eight unattributed), reports 0-3 days after the incident (one in 50 two to six weeks late, within the grace),
 * 5% revised, 1% re-sent unchanged, and two regional surges. Every optional field is filled as in seeds/, so the
 * serde encodes what a real feed sends, not a minimal record.
 */
final class SyntheticEvents {
  static final LocalDate FIRST_DAY = LocalDate.of(2023, 1, 1);
  static final int COUNTRIES = 50;
  static final int REGIONS = 10;
  static final int GROUPS = 20;

  private static final String[] COUNTRY_CODES = Arrays.stream(Locale.getISOCountries()).limit(COUNTRIES)
      .toArray(String[]::new);
  private static final EventType[] EVENT_TYPES = EventType.values();
  private static final TargetType[] TARGET_TYPES = TargetType.values();
  // (country, region, first day): one in four of that pair's incidents pulled into 60 days, so alerts open.
  private static final int[][] SURGES = {{0, 2, 150}, {3, 5, 240}};

  private SyntheticEvents() {}

  /** One report as a feed sends it: the seeds' shape (two groups, coordinates, a sentence of notes). */
  static IncidentEvent typical() {
    return IncidentEvent.newBuilder()
        .setId("PAK104217")
        .setReportedAt(Instant.parse("2023-02-01T09:42:00Z"))
        .setRevision(1)
        .setSource(new Source("Dawn", "https://www.dawn.com/news/1734567/police-station-attacked-in-dera-ismail-khan",
            SourceKind.NEWS))
        .setOccurredOn(LocalDate.of(2023, 1, 31))
        .setDatePrecision(DatePrecision.DAY)
        .setCountry("PK")
        .setRegion("Khyber Pakhtunkhwa")
        .setAdmin2("Dera Ismail Khan")
        .setLocation("Kulachi")
        .setLatitude(31.9304)
        .setLongitude(70.4597)
        .setGeoPrecision(GeoPrecision.NEAR)
        .setGroups(List.of(new PerpetratorGroup("TTP", Attribution.CLAIMED),
            new PerpetratorGroup("Hafiz Gul Bahadur Group", Attribution.SUSPECTED)))
        .setEventType(EventType.ARMED_CLASH)
        .setTargetType(TargetType.SECURITY_FORCES)
        .setKilled(Casualties.newBuilder().setSecurityForces(4).setCivilians(1).setMilitants(3).build())
        .setInjured(Casualties.newBuilder().setSecurityForces(6).setUnknown(2).setLow(6).setHigh(9).build())
        .setNotes("Militants attacked a police station near Kulachi at night with small arms and hand grenades; "
            + "an exchange of fire lasted two hours. The TTP claimed the attack in a statement.")
        .build();
  }

  /** {@code incidents} incidents over {@code days} days from {@link #FIRST_DAY}, plus revisions and duplicates, in arrival order. */
  static List<IncidentEvent> reports(final int incidents, final int days, final long seed) {
    final SplittableRandom random = new SplittableRandom(seed);
    final double[] weight = new double[COUNTRIES];
    double sum = 0;
    for (int c = 0; c < COUNTRIES; c++) {
      weight[c] = 1.0 / (c + 1);
      sum += weight[c];
    }
    final List<IncidentEvent> out = new ArrayList<>(incidents + incidents / 10);
    for (int n = 0; n < incidents; n++) {
      int c = 0;
      for (double u = random.nextDouble() * sum; c < COUNTRIES - 1 && (u -= weight[c]) > 0; c++) {
        // walk the cumulative weights
      }
      final int r = random.nextInt(REGIONS);
      int d = random.nextInt(days);
      for (final int[] s : SURGES) {
        if (s[0] == c && s[1] == r && random.nextInt(4) == 0) {
          d = Math.min(days - 1, s[2] + random.nextInt(60));
        }
      }
      final int lag = random.nextInt(50) == 0 ? 14 + random.nextInt(30) : random.nextInt(3);
      final long reportedAt = (FIRST_DAY.plusDays(d + lag).toEpochDay() * 86_400L + 3600 + random.nextInt(20 * 3600)) * 1000;
      final int group = random.nextInt(8) == 0 ? -1 : random.nextInt(GROUPS);
      final int killed = random.nextInt(10) < 6 ? random.nextInt(4) : random.nextInt(40);
      final IncidentEvent e = event(random, "SYN" + n, reportedAt, d, c, r, group, killed, random.nextInt(6));
      out.add(e);
      final int roll = random.nextInt(100);
      if (roll < 5) { // a revision, hours to days later, figures up or down
        out.add(IncidentEvent.newBuilder(e).setRevision(1)
            .setReportedAt(Instant.ofEpochMilli(reportedAt + 3_600_000L + random.nextInt(5 * 86_400) * 1000L))
            .setKilled(Casualties.newBuilder(e.getKilled()).setCivilians(Math.max(0, killed + random.nextInt(11) - 4)).build())
            .build());
      } else if (roll == 5) { // re-sent unchanged
        out.add(IncidentEvent.newBuilder(e).setReportedAt(Instant.ofEpochMilli(reportedAt + random.nextInt(3_600_000)))
            .build());
      }
    }
    out.sort(Comparator.comparing(IncidentEvent::getReportedAt)); // stable: ties keep generation order
    return out;
  }

  private static IncidentEvent event(final SplittableRandom random, final String id, final long reportedAt,
      final int day, final int country, final int region, final int group, final int killed, final int injured) {
    return IncidentEvent.newBuilder()
        .setId(id)
        .setReportedAt(Instant.ofEpochMilli(reportedAt))
        .setSource(new Source("Synthetic benchmark feed", "https://example.org/reports/" + id, SourceKind.TRACKER))
        .setOccurredOn(FIRST_DAY.plusDays(day))
        .setDatePrecision(DatePrecision.DAY)
        .setCountry(COUNTRY_CODES[country])
        .setRegion("Region " + (region + 1))
        .setAdmin2("District " + (region * 7 + random.nextInt(7)))
        .setLocation("Place " + random.nextInt(500))
        .setLatitude(-60 + 120 * random.nextDouble())
        .setLongitude(-180 + 360 * random.nextDouble())
        .setGeoPrecision(GeoPrecision.NEAR)
        .setGroups(group < 0 ? List.of()
            : List.of(new PerpetratorGroup("Group " + (group + 1), Attribution.ATTRIBUTED)))
        .setEventType(EVENT_TYPES[random.nextInt(EVENT_TYPES.length)])
        .setTargetType(TARGET_TYPES[random.nextInt(TARGET_TYPES.length)])
        .setKilled(Casualties.newBuilder().setCivilians(killed).build())
        .setInjured(Casualties.newBuilder().setUnknown(injured).build())
        .setNotes("Synthetic report " + id + ".")
        .build();
  }
}
