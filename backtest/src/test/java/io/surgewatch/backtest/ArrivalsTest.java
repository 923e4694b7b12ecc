package io.surgewatch.backtest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.surgewatch.events.v1.StatementEvent;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Where backtest places what a newer file holds when it is published after an older one. */
class ArrivalsTest {

  @Test
  void reportsAreLateByTheOlderFilesLatestReportStatementsByItsLatestTimeOfEither() {
    final Arrivals a = new Arrivals();
    a.add(100, 0, 1, "the older file's latest report");
    a.add(200, 0, 2, new StatementEvent()); // the older run marks the statements topic here
    a.add(50, 1, 1, "a report of the newer file dated before the older's latest");
    a.add(150, 1, 2, "a report past the older's latest report: on time");
    a.add(150, 1, 3, new StatementEvent()); // before the older's statement: late there
    a.add(250, 1, 4, new StatementEvent());
    a.add(90, 2, 1, "a retraction --replaces adds after the newer file");
    a.publishedAfter(1);
    assertArrayEquals(new long[] {100, 200, 101, 150, 201, 250, 101}, Arrays.copyOf(a.at, a.size));
  }
}
