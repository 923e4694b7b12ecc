package io.surgewatch.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.surgewatch.core.SurgewatchConfig;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** A count record's key names its cube key, window and last day, whatever the day. */
class CountChangeTest {
  private static final EngineConfig CONFIG = EngineConfig.from(SurgewatchConfig.defaultsOnly());

  @Test
  void theKeyNamesTheDayInIsoFormInAndBeyondTheDaysKeptReady() {
    for (final LocalDate day :
        new LocalDate[] {
          LocalDate.of(2022, 11, 28),
          LocalDate.of(1997, 1, 1),
          LocalDate.of(1789, 12, 31),
          LocalDate.of(2150, 1, 1),
          LocalDate.of(2024, 2, 29)
        }) {
      final CountChange change =
          CountChange.of(CONFIG, "PK|*|*", 1, (int) day.toEpochDay(), new long[Tally.SIZE]);
      assertEquals("PK|*|*|P30D|" + day, change.recordKey());
      assertEquals("PK|*|*|P30D|" + day, change.recordKey(), "asked again");
    }
  }
}
