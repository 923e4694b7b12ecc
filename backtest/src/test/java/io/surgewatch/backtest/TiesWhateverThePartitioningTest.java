package io.surgewatch.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.events.v1.AlertStatus;
import io.surgewatch.events.v1.DeadLetter;
import io.surgewatch.events.v1.RollingCount;
import io.surgewatch.events.v1.SurgeAlert;
import io.surgewatch.inputs.InputFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exports tie: ACLED stamps a week's uploads with one {@code timestamp}, and a row without one is
 * reported at the end of its day (a UCDP file is one tie a day). The reports of one reported-at are
 * applied in one order that does not depend on the input partitions they hash to ({@code
 * TieOrder}), so the alerts and counts are the same with one input partition or many: the app's
 * results at any partitioning equal these (the differential tests hold it to backtest).
 */
class TiesWhateverThePartitioningTest {

  private static final String HEADER =
      "event_id_cnty,event_date,event_type,sub_event_type,actor1,actor2,country,"
          + "admin1,fatalities,timestamp\n";

  private static final String[] REGIONS = {"Khyber Pakhtunkhwa", "Balochistan", "Punjab"};

  @TempDir Path dir;

  private record Run(List<String> alerts, Map<String, String> counts) {}

  /**
   * Half a year of incidents in three regions, a few a day, with surges in Khyber Pakhtunkhwa from
   * June (the founding example's shape); rows stamped by weekly upload (every row of a week shares
   * one {@code timestamp}, the next Monday), or with no time at all (the end of the day).
   */
  private Path export(final boolean weekly) throws IOException {
    final Random random = new Random(28_11_2022L);
    final StringBuilder rows = new StringBuilder(HEADER);
    int n = 0;
    for (LocalDate d = LocalDate.of(2022, 1, 1);
        d.isBefore(LocalDate.of(2022, 7, 15));
        d = d.plusDays(1)) {
      final boolean surge = d.getMonthValue() >= 6 && d.getDayOfMonth() % 10 < 4;
      for (final String region : REGIONS) {
        final int incidents = random.nextInt(3) + (surge && region == REGIONS[0] ? 6 : 0);
        for (int i = 0; i < incidents; i++) {
          final int killed = random.nextInt(surge ? 12 : 3);
          final LocalDate upload = d.with(TemporalAdjusters.next(DayOfWeek.MONDAY));
          rows.append("PAK")
              .append(++n)
              .append(',')
              .append(d)
              .append(",Battles,Armed clash,TTP: Tehrik-i-Taliban Pakistan,,Pakistan,")
              .append(region)
              .append(',')
              .append(killed)
              .append(',')
              .append(
                  weekly ? Long.toString(upload.atStartOfDay().toEpochSecond(ZoneOffset.UTC)) : "")
              .append('\n');
        }
      }
    }
    return Files.writeString(dir.resolve(weekly ? "weekly.csv" : "daily.csv"), rows.toString());
  }

  private static Run backtest(final Path file, final int inputPartitions) {
    final Map<String, String> counts = new TreeMap<>();
    final List<String> alerts = new ArrayList<>();
    new Backtest(
            SurgewatchConfig.defaultsOnly()
                .with(Keys.TOPIC_INPUT_PARTITIONS, Integer.toString(inputPartitions)))
        .run(
            List.of(file),
            InputFormat.ACLED,
            null,
            new Backtest.Sink() {
              @Override
              public void count(final String key, final RollingCount count) {
                synchronized (counts) {
                  counts.put(key, count.toString()); // what the compacted topic keeps
                }
              }

              @Override
              public void alert(final SurgeAlert alert) {
                alerts.add(alert.toString());
              }

              @Override
              public void deadLetter(final DeadLetter deadLetter) {}
            });
    return new Run(alerts, counts);
  }

  private void sameWhateverThePartitioning(final boolean weekly) throws IOException {
    final Path file = export(weekly);
    final Run one = backtest(file, 1);
    assertTrue(
        one.alerts().stream().anyMatch(a -> a.contains(AlertStatus.OPEN.name())),
        "the surges open alerts");
    for (final int partitions : new int[] {2, 3, 6}) {
      final Run many = backtest(file, partitions);
      assertEquals(
          one.alerts(),
          many.alerts(),
          "every alert transition, in order, with " + partitions + " input partitions");
      assertEquals(one.counts(), many.counts(), "every count record's last value");
    }
  }

  @Test
  void weeklyUploadsUnderOneTimestampGiveTheSameAlertsWhateverTheInputPartitions()
      throws IOException {
    sameWhateverThePartitioning(true);
  }

  @Test
  void rowsReportedAtTheEndOfTheirDayGiveTheSameAlertsWhateverTheInputPartitions()
      throws IOException {
    sameWhateverThePartitioning(false);
  }
}
