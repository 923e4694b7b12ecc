package io.surgewatch.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.surgewatch.core.ConfigException;
import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import org.junit.jupiter.api.Test;

/** Surge settings that contradict one another are bad configuration, named, never rounded away. */
class EngineConfigTest {

  @Test
  void aBaselineThatIsNotAWholeNumberOfRecentWindowsIsRefusedNamingTheNearestThatAre() {
    final SurgewatchConfig config =
        SurgewatchConfig.defaultsOnly().with(Keys.SURGE_BASELINE_DAYS, "100");
    final ConfigException e = assertThrows(ConfigException.class, () -> EngineConfig.from(config));
    assertEquals(
        "invalid value '100' for surge.baseline-days (set in code): expected a whole number of"
            + " surge.recent-days (30) blocks: 90 or 120",
        e.getMessage());
    assertEquals(
        4,
        EngineConfig.from(SurgewatchConfig.defaultsOnly().with(Keys.SURGE_BASELINE_DAYS, "120"))
            .baselineBlocks());
  }
}
