package io.surgewatch.backtest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.events.v1.AlertStatus;
import io.surgewatch.events.v1.DeadLetter;
import io.surgewatch.events.v1.SurgeAlert;
import io.surgewatch.inputs.InputFormat;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The founding example: the seeds' post-ceasefire surge in Pakistan is detected, and the calm
 * months stay quiet.
 */
class SeedsSurgeTest {

  static final Path SEEDS = Path.of("..", "seeds");
  static final List<SurgeAlert> alerts = new ArrayList<>();
  static final List<DeadLetter> deadLetters = new ArrayList<>();
  static Backtest.Summary summary;

  @BeforeAll
  static void replaySeeds() {
    final Backtest.Collected out = new Backtest.Collected();
    summary =
        new Backtest(SurgewatchConfig.defaultsOnly())
            .run(
                List.of(SEEDS.resolve("incidents.ndjson"), SEEDS.resolve("statements.ndjson")),
                InputFormat.NDJSON,
                out);
    alerts.addAll(out.alerts);
    deadLetters.addAll(out.deadLetters);
  }

  private static boolean opened(
      final String country,
      final String region,
      final String group,
      final LocalDate from,
      final LocalDate to) {
    return alerts.stream()
        .anyMatch(
            a ->
                a.getStatus() == AlertStatus.OPEN
                    && a.getCountry().equals(country)
                    && a.getRegion().equals(region)
                    && a.getGroup().equals(group)
                    && !a.getWindowEnd().isBefore(from)
                    && !a.getWindowEnd().isAfter(to));
  }

  @Test
  void opensASurgeForAllOfPakistanAfterTheCeasefireEnded() {
    alerts.stream()
        .filter(a -> a.getStatus() == AlertStatus.OPEN)
        .forEach(
            a -> System.out.println(a.getReason() + " " + a.getAlertId() + " " + a.getSeverity()));
    System.out.println(summary.line());
    assertTrue(
        opened("PK", "*", "*", LocalDate.of(2022, 12, 1), LocalDate.of(2023, 1, 31)),
        "no PK/*/* surge opened");
  }

  @Test
  void opensASurgeForKhyberPakhtunkhwaOrTheTtp() {
    assertTrue(
        opened(
                "PK",
                "Khyber Pakhtunkhwa",
                "*",
                LocalDate.of(2022, 12, 1),
                LocalDate.of(2023, 1, 31))
            || opened("*", "*", "TTP", LocalDate.of(2022, 12, 1), LocalDate.of(2023, 1, 31)));
  }

  @Test
  void staysQuietInTheCalmMonthsOf2022() {
    final LocalDate from = LocalDate.of(2022, 5, 1);
    final LocalDate to = LocalDate.of(2022, 8, 31);
    assertFalse(opened("PK", "*", "*", from, to));
    assertFalse(opened("PK", "Khyber Pakhtunkhwa", "*", from, to));
    assertFalse(opened("*", "*", "TTP", from, to));
  }
}
