package io.surgewatch.streams.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.surgewatch.core.ConfigException;
import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.streams.app.StreamsApp;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two instances on one host each need a state directory of their own (Kafka Streams locks it): the
 * second given the first's is a settings error naming the key and the fix, not Kafka Streams'
 * "Unable to initialize state".
 */
class StateDirPerInstanceTest {

  @Test
  void aSecondInstanceGivenTheFirstsStateDirIsToldToGiveItsOwn() throws Exception {
    final SurgewatchConfig config = RealStack.isolatedConfig(Map.of());
    try (StreamsApp first = StreamsApp.start(config)) {
      final ConfigException e =
          assertThrows(
              ConfigException.class,
              () -> StreamsApp.start(config.with("application.server", "127.0.0.1:18091")));
      assertEquals(
          "state.dir "
              + config.get(Keys.STATE_DIR)
              + " is held by another instance of application "
              + config.get(Keys.APPLICATION_ID)
              + " on this host (Kafka Streams locks it): give each instance on one host a"
              + " state.dir of its own (--set state.dir=DIR, SURGEWATCH_STATE_DIR), as it has an"
              + " application.server of its own",
          e.getMessage());
    }
  }
}
