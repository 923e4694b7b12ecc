package io.surgewatch.streams.query;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.events.v1.AlertStatus;
import io.surgewatch.events.v1.Severity;
import io.surgewatch.events.v1.SurgeAlert;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/**
 * The alert filters of the query API: names as asked first; in another writing only where none is
 * (a name the alias tables lack is stored as its source wrote it).
 */
class AlertFilterTest {

  private static SurgeAlert of(final String group) {
    return SurgeAlert.newBuilder()
        .setAlertId("SD|*|" + group + "|killed|2023-04-20")
        .setSequence(1)
        .setStatus(AlertStatus.OPEN)
        .setCountry("SD")
        .setRegion("*")
        .setGroup(group)
        .setMetric("killed")
        .setWindowStart(LocalDate.of(2023, 3, 22))
        .setWindowEnd(LocalDate.of(2023, 4, 20))
        .setObserved(100)
        .setExpected(5)
        .setScore(9)
        .setPValue(0.001)
        .setSeverity(Severity.HIGH)
        .setReason("r")
        .setOpenedOn(LocalDate.of(2023, 4, 20))
        .build();
  }

  @Test
  void aGroupAskedAsStoredIsThatGroupAloneAndInAnotherWritingItsAlertsToo() {
    final AlertQueries.Filter asStored = AlertQueries.matching("SD", null, "RSF/Janjaweed");
    assertTrue(asStored.exact().test(of("RSF/Janjaweed")));
    assertFalse(asStored.exact().test(of("Rsf Janjaweed")), "another key, written otherwise");

    final AlertQueries.Filter lowerCase = AlertQueries.matching("SD", null, "Rsf/Janjaweed");
    assertFalse(lowerCase.exact().test(of("RSF/Janjaweed")));
    assertTrue(lowerCase.inOtherWriting().test(of("RSF/Janjaweed")));
    assertFalse(lowerCase.inOtherWriting().test(of("RSF")), "other letters");
  }

  @Test
  void aRollupIsNeverAnotherWritingOfAName() {
    final AlertQueries.Filter rollup = AlertQueries.matching("SD", "*", "*");
    assertFalse(rollup.inOtherWriting().test(of("RSF/Janjaweed")));
    assertTrue(rollup.inOtherWriting().test(of("*")));
  }
}
