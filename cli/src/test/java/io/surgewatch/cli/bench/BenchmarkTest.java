package io.surgewatch.cli.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.core.SurgewatchConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A small `bench` on its own local stack, with two app instances (child JVMs) over two input
 * partitions: every phase reports, and the last line is the contract's.
 */
class BenchmarkTest {

  /** What a benchmark of {@code plan} prints, run on the default settings. */
  private static String output(final Benchmark.Plan plan) throws Exception {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    new Benchmark(
            SurgewatchConfig.defaultsOnly(),
            plan,
            new PrintStream(bytes, true, StandardCharsets.UTF_8))
        .run();
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  @Timeout(300)
  void reportsEveryPhaseAndEndsWithTheContractLine() throws Exception {
    final List<String> lines =
        output(new Benchmark.Plan(2_000, 42, 200, 200, 200, 2, 2, false)).lines().toList();

    final Matcher last =
        Pattern.compile(
                "bench: pipeline_eps=(\\d+) baseline_eps=(\\d+) ratio=(\\d+\\.\\d\\d)"
                    + " ceiling_eps=(\\d+) ceiling_ratio=(\\d+\\.\\d\\d)")
            .matcher(lines.get(lines.size() - 1));
    assertTrue(last.matches(), "last line: " + lines.get(lines.size() - 1));
    assertTrue(
        Long.parseLong(last.group(1)) > 0
            && Long.parseLong(last.group(2)) > 0
            && Long.parseLong(last.group(4)) > 0,
        last.group());
    assertTrue(
        lines.get(1).startsWith("bench: instances=2 input_partitions=2 cube_partitions=6"),
        lines.get(1));

    final String all = String.join("\n", lines);
    for (final String phase :
        List.of(
            "bench: end-to-end 2,000 reports in",
            "bench: steady state",
            "bench: publishing 2,000 reports with the app running",
            "bench: progress (seconds from the first publish",
            "bench: peak heap",
            "bench: floor: plain consumer + Avro decode of 2,000 reports",
            "bench: output: the app wrote about",
            "bench: cube work by partition (key updates): p0=",
            "bench: cube input records by partition: p0=")) {
      assertTrue(all.contains(phase), "missing '" + phase + "' in:\n" + all);
    }
    // The output phase re-sends what the app wrote: every report yields at least one count record
    // per window.
    final Matcher output =
        Pattern.compile("about ([\\d,]+) count records, ([\\d.]+) a report").matcher(all);
    assertTrue(output.find(), all);
    assertTrue(Double.parseDouble(output.group(2)) >= 1.0, output.group());
    assertTrue(Pattern.compile("bench: (publish-to-alert )?latency").matcher(all).find(), all);
    assertTrue(
        all.contains("bench: latency warm-up: 200 reports at 200/s, not measured"),
        "the latency phase warms the app up first: " + all);
    assertTrue(all.contains("bench: records written a report, by topic: "), all);
    // One figure for each of the cube's six partitions, then the busiest over the mean.
    final Matcher work =
        Pattern.compile(
                "cube work by partition \\(key updates\\): p0=(\\d+) p1=\\d+ p2=\\d+ p3=\\d+ p4=\\d+ p5=\\d+"
                    + " max/mean=(\\d+\\.\\d\\d)")
            .matcher(all);
    assertTrue(work.find(), all);
    assertTrue(Double.parseDouble(work.group(2)) >= 1.0, work.group());
  }

  @Test
  @Timeout(300)
  void aBacklogIsPublishedBeforeTheAppStartsAndTimedFromItsJoining() throws Exception {
    final String all = output(new Benchmark.Plan(1_000, 42, 100, 200, 0, 1, 2, true));
    final int publishing = all.indexOf("bench: publishing 1,000 reports before the app starts");
    final int published = all.indexOf("bench: published in");
    final int joined = all.indexOf("bench: the app (exactly_once_v2, 1 instance) joined");
    assertTrue(
        publishing >= 0 && published > publishing && joined > published,
        "published, then started: " + all);
    assertTrue(all.contains("bench: end-to-end 1,000 reports in"), all);
    assertTrue(all.contains("bench: progress (seconds from the app's first joining"), all);
    assertTrue(
        all.lines().reduce((a, b) -> b).orElseThrow().startsWith("bench: pipeline_eps="), all);
  }
}
