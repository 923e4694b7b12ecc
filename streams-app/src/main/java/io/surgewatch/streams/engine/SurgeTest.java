package io.surgewatch.streams.engine;

import org.apache.commons.math3.special.Beta;
import org.apache.commons.math3.special.Gamma;

/**
 * The surge test for one metric on one key and day: is the recent window's count improbably high given the
 * baseline? Conflict counts are overdispersed (attacks cluster, one bombing kills dozens), so a Poisson test would
 * fire on ordinary noise. The baseline is split into blocks as long as the recent window; their mean is the
 * expectation and their spread the variance, and the count is tested against a negative binomial with those two
 * moments (Poisson when the blocks show no overdispersion). Scores are -log10 of the upper-tail p-value.
 */
public final class SurgeTest {

  /** Smallest expectation tested: a baseline of zero would make any count infinitely surprising. */
  static final double MIN_EXPECTED = 0.5;
  static final double MAX_SCORE = 300;

  private SurgeTest() {}

  public record Result(long observed, double expected, double variance, double pValue, double score, double ratio) {}

  /**
   * @param observed the metric in the recent window
   * @param blocks the metric in each baseline block, each as long as the recent window
   */
  public static Result test(final long observed, final long[] blocks) {
    double sum = 0;
    for (final long b : blocks) {
      sum += b;
    }
    final double mean = Math.max(sum / blocks.length, MIN_EXPECTED);
    double ss = 0;
    for (final long b : blocks) {
      ss += (b - sum / blocks.length) * (b - sum / blocks.length);
    }
    final double variance = Math.max(blocks.length > 1 ? ss / (blocks.length - 1) : mean, mean);
    final double p = upperTail(observed, mean, variance);
    final double score = p <= 0 ? MAX_SCORE : Math.min(MAX_SCORE, -Math.log10(p));
    return new Result(observed, mean, variance, p, score, observed / mean);
  }

  /** P(X >= k) for a negative binomial with the given mean and variance (Poisson when variance == mean). */
  static double upperTail(final long k, final double mean, final double variance) {
    if (k <= 0) {
      return 1.0;
    }
    if (variance <= mean * (1 + 1e-9)) {
      // Poisson: P(X >= k) = P(k, mean), the regularised lower incomplete gamma function.
      return Gamma.regularizedGammaP(k, mean);
    }
    // NB with size r and success probability q = r / (r + mean): P(X >= k) = I_{1-q}(k, r).
    final double r = mean * mean / (variance - mean);
    final double x = mean / (r + mean);
    return Beta.regularizedBeta(x, k, r);
  }

  /**
   * Severity from how surprising and how large: a high score on a small excess is MEDIUM at most, a large excess
   * that is also very unlikely is CRITICAL. Ordinal 0..3 for LOW, MEDIUM, HIGH, CRITICAL.
   */
  public static byte severity(final double score, final double ratio) {
    if (score >= 15 && ratio >= 3) {
      return 3;
    }
    if (score >= 10 && ratio >= 2.5) {
      return 2;
    }
    if (score >= 8 && ratio >= 2) {
      return 1;
    }
    return 0;
  }
}
