package io.surgewatch.cli.alerting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.events.v1.AlertStatus;
import io.surgewatch.events.v1.SurgeAlert;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ConsolePrintingTest {

  @Test
  void formatsOneReadableLine() {
    final SurgeAlert a =
        TestAlerts.alert(
            "Khyber Pakhtunkhwa", 2, AlertStatus.ESCALATED, "Killed rose to 122\nin 30 days.");
    assertEquals(
        "ESCALATED HIGH     PK/Khyber Pakhtunkhwa/TTP killed windowEnd=2023-01-31 score=11.25: "
            + "Killed rose to 122 in 30 days. [PK|Khyber Pakhtunkhwa|TTP|killed|2023-01-30#2]",
        ConsolePrinter.line(a));
  }

  @Test
  @Timeout(120)
  void printsOneLinePerAlertFromTheTopic() throws Exception {
    final SurgewatchConfig config = TestAlerts.freshAlertTopic();
    final String group = "it-" + UUID.randomUUID();
    final List<SurgeAlert> alerts =
        List.of(
            TestAlerts.alert(
                "Khyber Pakhtunkhwa", 1, AlertStatus.OPEN, "Killed rose to 121 in 30 days."),
            TestAlerts.alert(
                "Khyber Pakhtunkhwa",
                2,
                AlertStatus.RESOLVED,
                "Back below the baseline.\r\nFor now."),
            TestAlerts.alert("Balochistan", 1, AlertStatus.OPEN, "Killed rose to 121 in 30 days."));
    TestAlerts.produce(config, alerts);
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final PrintStream log =
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    try (TestAlerts.Running running =
        TestAlerts.start(
            new AlertFollower(
                config,
                group,
                true,
                new ConsolePrinter(new PrintStream(out, true, StandardCharsets.UTF_8)),
                log))) {
      TestAlerts.await(
          () -> TestAlerts.caughtUp(config, group), Duration.ofSeconds(60), "the commits");
    } // stopped (close joins the follower's thread): each line is printed before its offset is
    // committed
    final List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
    assertEquals(alerts.size(), lines.size(), String.join("\n", lines));
    for (final SurgeAlert a : alerts) {
      assertTrue(
          lines.contains(ConsolePrinter.line(a)),
          "missing line for " + a.getAlertId() + "#" + a.getSequence());
    }
    assertTrue(
        lines.stream()
            .anyMatch(
                l ->
                    l.startsWith(
                            "RESOLVED  HIGH     PK/Khyber Pakhtunkhwa/TTP killed "
                                + "windowEnd=2023-01-31 ")
                        && l.contains("Back below the baseline. For now.")
                        && l.endsWith("[PK|Khyber Pakhtunkhwa|TTP|killed|2023-01-30#2]")),
        String.join("\n", lines));
  }

  @Test
  @Timeout(120)
  void aNewGroupPinsItsStartSoAnAlertPublishedWhileStoppedIsNotLost() throws Exception {
    final SurgewatchConfig config = TestAlerts.freshAlertTopic();
    final String group = "it-" + UUID.randomUUID();
    final PrintStream log =
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    final ByteArrayOutputStream first = new ByteArrayOutputStream();
    try (TestAlerts.Running running =
        TestAlerts.start(
            new AlertFollower(
                config,
                group,
                false,
                new ConsolePrinter(new PrintStream(first, true, StandardCharsets.UTF_8)),
                log))) {
      TestAlerts.await(
          () -> TestAlerts.committed(config, group).size() == TestAlerts.PARTITIONS,
          Duration.ofSeconds(60),
          "the group's start offsets");
    }
    final SurgeAlert meanwhile =
        TestAlerts.alert("Balochistan", 1, AlertStatus.OPEN, "Published while stopped.");
    TestAlerts.produce(config, List.of(meanwhile));
    final ByteArrayOutputStream second = new ByteArrayOutputStream();
    try (TestAlerts.Running running =
        TestAlerts.start(
            new AlertFollower(
                config,
                group,
                false,
                new ConsolePrinter(new PrintStream(second, true, StandardCharsets.UTF_8)),
                log))) {
      TestAlerts.await(
          () -> TestAlerts.caughtUp(config, group), Duration.ofSeconds(60), "the commits");
    }
    assertEquals("", first.toString(StandardCharsets.UTF_8));
    assertEquals(
        List.of(ConsolePrinter.line(meanwhile)),
        second.toString(StandardCharsets.UTF_8).lines().toList());
  }
}
