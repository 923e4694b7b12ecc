package io.surgewatch.engine;

import java.util.Locale;
import org.apache.commons.math3.special.Beta;
import org.apache.commons.math3.special.Gamma;

/**
 * The surge test for one metric on one key and day: is the recent window's count improbably high
 * given the baseline? Conflict counts are overdispersed (attacks cluster, one bombing kills
 * dozens), so a Poisson test would fire on ordinary noise. The baseline is split into blocks as
 * long as the recent window; their mean is the expectation and their spread the variance, and the
 * count is tested against a negative binomial with those two moments (Poisson when the blocks show
 * no overdispersion). Scores are -log10 of the upper-tail p-value.
 *
 * <p>A result's expectation and score are the figures an alert publishes, to the hundredth ({@link
 * #published}, the one rounding), and its ratio is the observed count over that expectation: every
 * decision (open, severity, escalate, resolve) compares these, so an alert's severity and status
 * agree with the figures its record carries and its reason prints. A score of 7.9997 is published
 * as 8.0 and is MEDIUM, as a reader of the record would say.
 */
public final class SurgeTest {

  /** Smallest expectation tested: a baseline of zero would make any count infinitely surprising. */
  static final double MIN_EXPECTED = 0.5;

  static final double MAX_SCORE = 300;

  private SurgeTest() {}

  /**
   * @param expected the baseline blocks' mean (at least {@link #MIN_EXPECTED}), {@link #published}
   * @param variance exact, as the test used it
   * @param pValue exact, as the test computed it
   * @param score -log10 of {@code pValue}, capped at {@link #MAX_SCORE}, {@link #published}
   * @param ratio {@code observed / expected}, of the published expectation
   */
  public record Result(
      long observed, double expected, double variance, double pValue, double score, double ratio) {}

  /**
   * The one rounding of an alert's figures: to the hundredth, as its record carries them and its
   * reason prints them. Decisions compare the rounded figures, never the exact ones.
   */
  static double published(final double value) {
    return Math.round(value * 100) / 100.0;
  }

  /**
   * The expectation a result publishes for a baseline of {@code blocks} blocks summing to {@code
   * isum}: the guards that spare a test ({@code observed / expected}) read the same figure.
   */
  static double expected(final long isum, final int blocks) {
    return published(mean(isum, blocks));
  }

  private static double mean(final long isum, final int blocks) {
    return Math.max((double) isum / blocks, MIN_EXPECTED);
  }

  /**
   * @param observed the metric in the recent window
   * @param blocks the metric in each baseline block, each as long as the recent window
   */
  public static Result test(final long observed, final long[] blocks) {
    return test(observed, blocks, null);
  }

  /**
   * The p-value (special functions) is the test's cost, and thousands of keys are tested every day
   * with the same few small counts: {@code memo} (one per thread) remembers p-values by observed
   * count and the blocks' sum and sum of squares, which determine mean and variance exactly.
   */
  public static Result test(final long observed, final long[] blocks, final Memo memo) {
    long isum = 0;
    long isq = 0;
    for (final long b : blocks) {
      isum += b;
      isq += b * b;
    }
    return test(observed, isum, isq, blocks.length, memo);
  }

  /**
   * The test against a baseline given by its blocks' sum and sum of squares (which fix its mean and
   * variance).
   */
  public static Result test(
      final long observed, final long isum, final long isq, final int blocks, final Memo memo) {
    final double mean = mean(isum, blocks);
    final double variance = variance(isum, isq, blocks, mean);
    final double pValue =
        memo == null
            ? upperTail(observed, mean, variance)
            : memo.upperTail(observed, isum, isq, blocks, mean, variance);
    final double score =
        published(pValue <= 0 ? MAX_SCORE : Math.min(MAX_SCORE, -Math.log10(pValue)));
    final double expected = expected(isum, blocks);
    return new Result(observed, expected, variance, pValue, score, observed / expected);
  }

  /**
   * Sample variance from the integer sums, so it is an exact function of (sum, sum of squares):
   * memoised p-values then never depend on which blocks were seen first.
   */
  private static double variance(
      final long isum, final long isq, final int blocks, final double mean) {
    return Math.max(
        blocks > 1
            ? (double) (blocks * isq - isum * isum) / ((double) blocks * (blocks - 1))
            : mean,
        mean);
  }

  /**
   * How far below the least score a bound must be to rule a test out: a published score rounds to
   * the hundredth (half of it), and the tail's continued fraction and the bound's log-gamma terms
   * each carry an error many orders of magnitude smaller than the rest.
   */
  static final double BOUND_MARGIN = 0.02;

  /**
   * Whether the test's published score could reach {@code minScore}: false only when it certainly
   * cannot. The upper tail P(X >= k) is at least P(X = k), so a score is at most -log10 P(X = k),
   * which takes three log-gamma terms where the tail takes a continued fraction (the incomplete
   * beta function, most of a test's cost). Most keys whose sums pass an opening's guards score far
   * below it; their p-values are spared. A test already remembered is taken as possible: it costs
   * no more than the bound.
   */
  public static boolean mayReach(
      final long observed,
      final long isum,
      final long isq,
      final int blocks,
      final double minScore,
      final Memo memo) {
    if (observed <= 0) {
      return minScore <= 0; // a p-value of 1, a score of 0
    }
    if (memo != null && memo.knows(observed, isum, isq, blocks)) {
      return true;
    }
    final double mean = mean(isum, blocks);
    final double variance = variance(isum, isq, blocks, mean);
    final double bound = -logPointMass(observed, mean, variance) / Math.log(10);
    // Ruled out only by a bound that stands: NaN, or a size where the log-gamma terms lose the
    // precision the margin needs, leaves the test to run.
    return !(bound < minScore - BOUND_MARGIN);
  }

  /**
   * Beyond it the negative binomial's lnΓ(k + r) − lnΓ(r) loses more than the margin to rounding
   * (both terms near r ln r): the bound is not used (the distribution is all but Poisson there).
   */
  private static final double MAX_BOUNDED_SIZE = 1e9;

  /**
   * ln P(X = k) for the distribution {@link #upperTail} sums; NaN where it cannot be computed
   * closely enough ({@link #MAX_BOUNDED_SIZE}).
   */
  static double logPointMass(final long k, final double mean, final double variance) {
    if (variance <= mean * (1 + 1e-9)) {
      return -mean + k * Math.log(mean) - Gamma.logGamma(k + 1.0);
    }
    final double size = mean * mean / (variance - mean);
    if (!(size <= MAX_BOUNDED_SIZE)) {
      return Double.NaN;
    }
    return Gamma.logGamma(k + size)
        - Gamma.logGamma(size)
        - Gamma.logGamma(k + 1.0)
        + size * Math.log(size / (size + mean))
        + k * Math.log(mean / (size + mean));
  }

  /**
   * Remembered p-values of one thread's tests, in a direct-mapped table of fixed size (a later test
   * takes the slot of an earlier one). A hash map of record keys and boxed values cost a cache miss
   * or two per test in its entries' objects; here a test reads one slot of two arrays.
   */
  public static final class Memo {
    private static final int SLOTS = 1 << 14;
    private static final int STRIDE = 4;

    /** Per slot: observed, sum, squares, blocks (blocks 0: empty; a test has at least one). */
    private final long[] keys = new long[SLOTS * STRIDE];

    private final double[] p = new double[SLOTS];

    private static int slot(
        final long observed, final long sum, final long squares, final int blocks) {
      long h = observed * 0x9E3779B97F4A7C15L;
      h = (h ^ sum) * 0x9E3779B97F4A7C15L;
      h = (h ^ squares) * 0x9E3779B97F4A7C15L;
      h = (h ^ blocks) * 0x9E3779B97F4A7C15L;
      return (int) (h >>> 50) & (SLOTS - 1);
    }

    private boolean holds(
        final int slot, final long observed, final long sum, final long squares, final int blocks) {
      final int k = slot * STRIDE;
      return keys[k + 3] == blocks
          && keys[k] == observed
          && keys[k + 1] == sum
          && keys[k + 2] == squares;
    }

    boolean knows(final long observed, final long sum, final long squares, final int blocks) {
      return holds(slot(observed, sum, squares, blocks), observed, sum, squares, blocks);
    }

    double upperTail(
        final long observed,
        final long sum,
        final long squares,
        final int blocks,
        final double mean,
        final double variance) {
      final int slot = slot(observed, sum, squares, blocks);
      final int k = slot * STRIDE;
      if (holds(slot, observed, sum, squares, blocks)) {
        return p[slot];
      }
      final double v = SurgeTest.upperTail(observed, mean, variance);
      keys[k] = observed;
      keys[k + 1] = sum;
      keys[k + 2] = squares;
      keys[k + 3] = blocks;
      p[slot] = v;
      return v;
    }
  }

  /**
   * P(X >= k), k = {@code atLeast}, for a negative binomial with the given mean and variance
   * (Poisson when variance == mean).
   */
  static double upperTail(final long atLeast, final double mean, final double variance) {
    if (atLeast <= 0) {
      return 1.0;
    }
    if (variance <= mean * (1 + 1e-9)) {
      // Poisson: P(X >= k) = P(k, mean), the regularised lower incomplete gamma function (k =
      // atLeast).
      return Gamma.regularizedGammaP(atLeast, mean);
    }
    // NB with size r and success probability q = r / (r + mean): P(X >= k) = I_{1-q}(k, r).
    final double size = mean * mean / (variance - mean);
    final double oneMinusQ = mean / (size + mean);
    return Beta.regularizedBeta(oneMinusQ, atLeast, size);
  }

  /**
   * Severity from how surprising and how large: a high score on a small excess is MEDIUM at most, a
   * large excess that is also very unlikely is CRITICAL. Ordinal 0..3 for LOW, MEDIUM, HIGH,
   * CRITICAL.
   */
  public static byte severity(final double score, final double ratio) {
    for (byte s = (byte) (MIN_SCORE.length - 1); s > 0; s--) {
      if (score >= MIN_SCORE[s] && ratio >= MIN_RATIO[s]) {
        return s;
      }
    }
    return 0;
  }

  /**
   * The scale, by severity ordinal (LOW, MEDIUM, HIGH, CRITICAL): the least score and
   * observed/expected of each.
   */
  private static final double[] MIN_SCORE = {0, 8, 10, 15};

  private static final double[] MIN_RATIO = {0, 2, 2.5, 3};
  private static final String[] NAMES = {"LOW", "MEDIUM", "HIGH", "CRITICAL"};

  /** What a severity means, for people: {@code CRITICAL (score >= 15 and >= 3x expected)}. */
  public static String scale(final byte severity) {
    if (severity == 0) {
      return "LOW (below MEDIUM: score < 8 or < 2x expected)";
    }
    return String.format(
        Locale.ROOT,
        "%s (score >= %.0f and >= %sx expected)",
        NAMES[severity],
        MIN_SCORE[severity],
        MIN_RATIO[severity] == Math.rint(MIN_RATIO[severity])
            ? String.valueOf((int) MIN_RATIO[severity])
            : String.valueOf(MIN_RATIO[severity]));
  }
}
