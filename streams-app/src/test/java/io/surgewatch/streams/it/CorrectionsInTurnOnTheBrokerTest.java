package io.surgewatch.streams.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.surgewatch.backtest.Backtest;
import io.surgewatch.core.DeadLetters;
import io.surgewatch.core.EventJson;
import io.surgewatch.core.EventPreparer;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.inputs.InputFormat;
import io.surgewatch.producers.EventPublisher;
import io.surgewatch.producers.FilePublisher;
import io.surgewatch.producers.TopicTimes;
import io.surgewatch.streams.app.StreamsApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Corrections that come later, as a feed sends them: {@code produce EXPORT}, then {@code produce
 * CORRECTIONS} once it has finished, against {@code backtest --in-turn EXPORT CORRECTIONS}. The
 * corrections revise incidents of the export with a later reported-at, carry an older copy of one
 * (superseded), delete one at a time before the export's end (a deletion older than the report that
 * stands), and report incidents the export never had, dated before its end. The app takes those
 * dated before the export's end as late, placed just past the export's last progress markers: a
 * merged replay places them among the export's reports and differs.
 */
class CorrectionsInTurnOnTheBrokerTest {

  @Test
  void theAppAndBacktestInTurnAgreeOnCorrectionsPublishedAfterAnExport(@TempDir final Path tmp)
      throws Exception {
    final List<ObjectNode> seeds = new ArrayList<>();
    for (final String l : Files.readAllLines(Path.of("..", "seeds", "incidents.ndjson"))) {
      seeds.add((ObjectNode) EventJson.MAPPER.readTree(l));
    }
    final Instant end = at(seeds.get(seeds.size() * 3 / 4));
    final List<String> export = new ArrayList<>();
    final List<String> corrections = new ArrayList<>();
    int revised = 0;
    int older = 0;
    int deleted = 0;
    int added = 0;
    for (final ObjectNode s : seeds) {
      final Instant at = at(s);
      if (at.isAfter(end)) {
        corrections.add(json(s)); // the feed goes on
        continue;
      }
      final boolean recent = at.isAfter(end.minus(Duration.ofDays(40)));
      if (recent && added < 6 && seeds.indexOf(s) % 5 == 0) {
        corrections.add(json(s)); // an incident the export never had, reported late
        added++;
        continue;
      }
      export.add(json(s));
      if (recent && revised < 6 && seeds.indexOf(s) % 5 == 1) {
        final ObjectNode revision = s.deepCopy();
        revision.put("reportedAt", end.plus(Duration.ofHours(1 + revised)).toString());
        ((ObjectNode) revision.with("killed")).put("civilians", 30 + revised);
        corrections.add(json(revision)); // revised after the export, figures up
        revised++;
      } else if (recent && older < 2 && seeds.indexOf(s) % 5 == 2) {
        final ObjectNode copy = s.deepCopy();
        copy.put("reportedAt", at.minus(Duration.ofDays(1)).toString());
        ((ObjectNode) copy.with("killed")).put("civilians", 99);
        corrections.add(json(copy)); // an older copy: superseded
        older++;
      } else if (recent && deleted < 2 && seeds.indexOf(s) % 5 == 3) {
        final ObjectNode deletion = s.deepCopy();
        deletion.put("reportedAt", at.minus(Duration.ofHours(2)).toString());
        deletion.put("retracted", true);
        corrections.add(json(deletion)); // a deletion older than the report: superseded too
        deleted++;
      }
    }
    assertTrue(revised > 0 && older > 0 && deleted > 0 && added > 0);
    final Path exportFile = Files.write(tmp.resolve("export.ndjson"), export);
    final Path correctionsFile = Files.write(tmp.resolve("corrections.ndjson"), corrections);

    final SurgewatchConfig config = RealStack.isolatedConfig(Map.of());
    final List<Path> inputs = List.of(exportFile, correctionsFile);
    final Backtest.Collected inTurn = new Backtest.Collected();
    new Backtest(config).inputsInTurn().run(inputs, InputFormat.NDJSON, inTurn);
    final Outputs expected = Outputs.of(inTurn.counts, inTurn.alerts, inTurn.deadLetters);
    assertFalse(expected.alerts().isEmpty(), "the seeds raise alerts");
    assertTrue(
        expected.deadLetters().stream().filter(d -> d.contains(DeadLetters.SUPERSEDED)).count()
            >= older + deleted,
        expected.deadLetters().toString());
    final Backtest.Collected merged = new Backtest.Collected();
    new Backtest(config).run(inputs, InputFormat.NDJSON, merged);
    assertNotEquals(
        expected.alerts(),
        Outputs.of(merged.counts, merged.alerts, merged.deadLetters).alerts(),
        "merged by reported-at, the late reports fall among the export's and the stories differ");

    try (StreamsApp app = StreamsApp.start(config);
        EventPublisher publisher = EventPublisher.create(config)) {
      final FilePublisher produce =
          new FilePublisher(
              publisher, EventPreparer.standard(), null, false, Duration.ofSeconds(30));
      for (final Path file : inputs) {
        produce
            .after(TopicTimes.latest(config, Duration.ofSeconds(30)))
            .publish(file, InputFormat.NDJSON, null);
      }
      RealStack.awaitCaughtUp(config, Duration.ofSeconds(180));
      Outputs.awaitAppEquals(config, expected);
    }
  }

  private static Instant at(final ObjectNode incident) {
    return Instant.parse(incident.get("reportedAt").asText());
  }

  private static String json(final ObjectNode node) throws Exception {
    return EventJson.MAPPER.writeValueAsString(node);
  }
}
