package io.surgewatch.inputs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A file read in parts is noted as one: its parts' counts added, their places in file order. */
class ReadCountsTest {

  private static ReadCounts part(final long blank, final long unplaced, final String... places) {
    final ReadCounts counts = new ReadCounts();
    counts.put(ReadCount.BLANK_ROWS, blank);
    counts.put(ReadCount.UNPLACED_ROWS, unplaced, List.of(places));
    return counts;
  }

  @Test
  void partsAddUpAndTheFirstPlacesAreTheEarliestParts() {
    final ReadCounts whole =
        part(1, 3, "line 2", "line 3", "line 4")
            .add(part(0, 0))
            .add(part(2, 4, "line 90", "line 91", "line 92", "line 93"));
    assertEquals(3, whole.get(ReadCount.BLANK_ROWS));
    assertEquals(7, whole.get(ReadCount.UNPLACED_ROWS));
    assertEquals(
        List.of("line 2", "line 3", "line 4", "line 90", "line 91"),
        whole.first(ReadCount.UNPLACED_ROWS),
        "up to " + ReadCounts.SHOWN + ", the first part's first");
    assertEquals(0, whole.get(ReadCount.REPEATED_HEADERS), "a count no part had is 0");
  }
}
