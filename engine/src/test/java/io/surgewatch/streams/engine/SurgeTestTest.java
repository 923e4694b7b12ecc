package io.surgewatch.streams.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SurgeTestTest {

  @Test
  void aMemoisedTestGivesExactlyTheResultOfAFreshOne() {
    final SurgeTest.Memo memo = new SurgeTest.Memo();
    final SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 20_000; i++) {
      final long[] blocks = new long[6];
      for (int j = 0; j < blocks.length; j++) {
        blocks[j] = random.nextInt(12);
      }
      final long observed = random.nextInt(40);
      // Equal sums and squares in another order must hit the memo and still be exact.
      final long[] reversed = {blocks[5], blocks[4], blocks[3], blocks[2], blocks[1], blocks[0]};
      assertEquals(SurgeTest.test(observed, blocks), SurgeTest.test(observed, blocks, memo));
      assertEquals(SurgeTest.test(observed, blocks), SurgeTest.test(observed, reversed, memo));
    }
  }

  @Test
  void varianceIsTheSampleVarianceOfTheBlocksAndNeverBelowTheMean() {
    final SurgeTest.Result r = SurgeTest.test(10, new long[] {0, 2, 10, 4, 8, 6});
    assertEquals(5.0, r.expected(), 1e-12);
    assertEquals(70.0 / 5, r.variance(), 1e-12);
    final SurgeTest.Result flat = SurgeTest.test(10, new long[] {3, 3, 3, 3});
    assertEquals(3.0, flat.variance(), 1e-12); // Poisson when the blocks show no spread
  }

  @Test
  void aCountFarAboveAnOverdispersedBaselineScoresHighButOrdinaryNoiseDoesNot() {
    final long[] baseline = {4, 9, 2, 6, 11, 3};
    assertTrue(SurgeTest.test(40, baseline).score() > 5);
    assertTrue(SurgeTest.test(8, baseline).score() < 1);
  }
}
