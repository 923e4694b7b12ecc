package io.surgewatch.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.surgewatch.core.DeadLetters;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.events.v1.DeadLetter;
import io.surgewatch.inputs.InputFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backtest takes a statement as the app's statement intake does: once per id, as first sent; a copy
 * sent again changes nothing, other content under a taken id is dead-lettered naming what differs.
 */
class StatementsTakenOnceTest {

  @TempDir Path dir;

  static String statement(final String id, final String kind, final String quote) {
    return "{\"type\": \"statement\", \"id\": \""
        + id
        + "\", \"madeAt\": \"2023-01-30T12:00:00Z\", \"speaker\": {\"name\": \"ISPR\"}, \"kind\": \""
        + kind
        + "\", \"quote\": \""
        + quote
        + "\", \"about\": {\"countries\": [\"PK\"]}, \"source\": {\"name\": \"Dawn\"}}";
  }

  @Test
  void aRepeatChangesNothingAndOtherContentUnderATakenIdIsRefusedNamingWhatDiffers()
      throws IOException {
    final Path file =
        Files.write(
            dir.resolve("statements.ndjson"),
            List.of(
                statement("ST1", "ACCUSATION", "They did it."),
                statement("ST1", "ACCUSATION", "They did it."),
                statement("ST1", "DENIAL", "We did not.")));
    final Backtest.Collected out = new Backtest.Collected();
    final Backtest.Summary summary =
        new Backtest(SurgewatchConfig.defaultsOnly()).run(List.of(file), InputFormat.NDJSON, out);
    assertEquals(3, summary.read());
    assertEquals(2, summary.statements(), "the first and its repeat");
    assertEquals(1, out.deadLetters.size());
    final DeadLetter refused = out.deadLetters.get(0);
    assertEquals(DeadLetters.VALIDATION, refused.getCategory());
    assertEquals("ST1", refused.getRecordId());
    assertEquals("id", refused.getField());
    assertEquals(3, refused.getSourceLine());
    assertEquals(
        "line 3: statement ST1 was taken before with a different kind and quote (as taken:"
            + " ACCUSATION made 2023-01-30T12:00:00Z about [PK]; this one: DENIAL made"
            + " 2023-01-30T12:00:00Z about [PK]): a statement is taken once, as first sent; publish a correction under an id of"
            + " its own",
        refused.getReason());
  }
}
