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
            + " kind ACCUSATION, quote \"They did it.\"; this one: kind DENIAL, quote \"We did"
            + " not.\"): a statement is taken once, as first sent; publish a correction under an id"
            + " of its own",
        refused.getReason());
  }

  @Test
  void aQuoteCorrectedFarIntoItsTextIsShownFromALittleBeforeWhereTheTwoPart() throws IOException {
    final String opening = "The security forces conducted an operation in North Waziristan ";
    final Path file =
        Files.write(
            dir.resolve("statements.ndjson"),
            List.of(
                statement("ST1", "CASUALTY_REPORT", opening + "in which 7 terrorists were killed."),
                statement(
                    "ST1", "CASUALTY_REPORT", opening + "in which 9 terrorists were killed.")));
    final Backtest.Collected out = new Backtest.Collected();
    new Backtest(SurgewatchConfig.defaultsOnly()).run(List.of(file), InputFormat.NDJSON, out);
    assertEquals(
        "line 2: statement ST1 was taken before with a different quote (as taken: quote"
            + " \"...Waziristan in which 7 terrorists were killed.\"; this one: quote"
            + " \"...Waziristan in which 9 terrorists were killed.\"): a statement is taken"
            + " once, as first sent; publish a correction under an id of its own",
        out.deadLetters.get(0).getReason());
  }

  @Test
  void statementsTakenAreCountedByCountryAndKindAsTheAppCountsThemRepeatsAndRefusalsNot(
      @TempDir final Path outDir) throws IOException {
    final Path file =
        Files.write(
            dir.resolve("statements.ndjson"),
            List.of(
                statement("ST1", "ACCUSATION", "They did it."),
                statement("ST1", "ACCUSATION", "They did it."),
                statement("ST1", "DENIAL", "We did not."),
                statement("ST2", "ACCUSATION", "Again.").replace("2023-01-30", "2023-02-01"),
                statement("ST3", "DENIAL", "No.").replace("[\"PK\"]", "[\"PK\", \"AF\"]")));
    final Backtest.Summary summary =
        new Backtest(SurgewatchConfig.defaultsOnly())
            .run(List.of(file), InputFormat.NDJSON, outDir, true);
    assertEquals(4, summary.statements(), "taken, repeats included");
    assertEquals(
        List.of(
            "{\"country\":\"AF\",\"kind\":\"DENIAL\",\"total\":1,\"lastMadeAt\":\"2023-01-30T12:00:00Z\"}",
            "{\"country\":\"PK\",\"kind\":\"ACCUSATION\",\"total\":2,\"lastMadeAt\":\"2023-02-01T12:00:00Z\"}",
            "{\"country\":\"PK\",\"kind\":\"DENIAL\",\"total\":1,\"lastMadeAt\":\"2023-01-30T12:00:00Z\"}"),
        Files.readAllLines(outDir.resolve("statement-counts.ndjson")));
  }
}
