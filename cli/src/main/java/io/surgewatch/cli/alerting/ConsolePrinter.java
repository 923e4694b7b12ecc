package io.surgewatch.cli.alerting;

import io.surgewatch.events.v1.SurgeAlert;
import java.io.PrintStream;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Prints each alert transition as one line: {@code OPEN HIGH PK/Khyber Pakhtunkhwa/TTP killed
 * windowEnd=2023-01-30 score=11.2: <reason> [<alertId>#<sequence>]}. Line breaks inside fields are
 * flattened, so one alert is always exactly one line (greppable, pipeable). An alert open again
 * under its id after a withdrawal says so ({@code [<alertId>#4] reopened after a withdrawal}). A
 * delivery that stands for several transitions says so at the end ({@link #line(Delivery)}).
 */
public final class ConsolePrinter implements AlertSink {
  private final PrintStream out;

  public ConsolePrinter(final PrintStream out) {
    this.out = out;
  }

  @Override
  public Outcome deliver(final SurgeAlert alert, final RetryPause retryPause) {
    return deliver(Delivery.of(alert), retryPause);
  }

  @Override
  public Outcome deliver(final Delivery delivery, final RetryPause retryPause) {
    out.println(line(delivery));
    out.flush();
    return out.checkError() ? failed() : Outcome.DELIVERED;
  }

  private static Outcome failed() {
    // stdout closed (e.g. piped into a process that exited): stop without committing.
    throw new DeliveryException("cannot write to the output stream");
  }

  public static String line(final SurgeAlert a) {
    final String line = plainLine(a);
    return Delivery.reopened(a) ? line + " reopened after a withdrawal" : line;
  }

  private static String plainLine(final SurgeAlert a) {
    return String.format(
        Locale.ROOT,
        "%-9s %-8s %s/%s/%s %s windowEnd=%s score=%s: %s [%s#%d]",
        a.getStatus(),
        a.getSeverity(),
        flat(a.getCountry()),
        flat(a.getRegion()),
        flat(a.getGroup()),
        flat(a.getMetric()),
        a.getWindowEnd(),
        a.getScore(),
        flat(a.getReason()),
        flat(a.getAlertId()),
        a.getSequence());
  }

  /**
   * {@link #line(SurgeAlert)} of the delivered state, then what it stands for when more than
   * itself: {@code ... [<alertId>#4] covers #2,#3,#4} and, for an OPEN that the flapping guard
   * merged with the previous alert's end, {@code after <alertId>#2 RESOLVED}.
   */
  public static String line(final Delivery d) {
    final StringBuilder s = new StringBuilder(line(d.alert()));
    if (d.coalesced()) {
      s.append(" covers #")
          .append(d.sequences().stream().map(String::valueOf).collect(Collectors.joining(",#")));
    }
    if (d.replaced() != null) {
      s.append(" after ")
          .append(flat(d.replaced().getAlertId()))
          .append('#')
          .append(d.replaced().getSequence())
          .append(' ')
          .append(d.replaced().getStatus());
    }
    return s.toString();
  }

  private static String flat(final CharSequence s) {
    return s == null ? "" : s.toString().replaceAll("[\\r\\n\\t\\u2028\\u2029]+", " ").strip();
  }
}
