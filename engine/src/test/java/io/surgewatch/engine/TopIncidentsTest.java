package io.surgewatch.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An alert's evidence: the heaviest few incidents of a key's day, kept through revisions. */
class TopIncidentsTest {

  @Test
  void keepsTheHeaviestFiveTiesGoingToTheSmallerId() {
    final TopIncidents top = new TopIncidents();
    for (final String id : List.of("f", "e", "d", "c", "b", "a")) {
      top.apply(id, 10);
    }
    top.apply("g", 20);
    assertEquals(List.of("d", "c", "b", "a", "g"), ids(top));
  }

  @Test
  void aRevisionAdjustsTheWeightAndARetractionRemovesTheIncident() {
    final TopIncidents top = new TopIncidents();
    top.apply("x", 5);
    top.apply("y", 3);
    top.apply("x", 4); // revised up
    assertEquals(9, top.weight(0));
    top.apply("y", -3); // retracted
    assertEquals(List.of("x"), ids(top));
    top.apply("z", -1); // a removal of something never counted here changes nothing
    assertEquals(List.of("x"), ids(top));
  }

  @Test
  void aBucketRoundTripsItsTotalsAndEvidence() {
    final Bucket b = new Bucket();
    final long[] delta = new long[Tally.SIZE];
    delta[Tally.INCIDENTS] = 1;
    delta[Tally.KILLED] = 7;
    b.apply("PK-1", delta);
    b.apply("PK-2", delta);
    final Bucket decoded = Bucket.decode(b.encode());
    assertEquals(2, decoded.tally[Tally.INCIDENTS]);
    assertEquals(14, decoded.tally[Tally.KILLED]);
    assertEquals(ids(b.top), ids(decoded.top));
    assertEquals(8, decoded.top.weight(1));
  }

  private static List<String> ids(final TopIncidents top) {
    final List<String> out = new ArrayList<>();
    for (int i = 0; i < top.size(); i++) {
      out.add(top.id(i));
    }
    return out;
  }
}
