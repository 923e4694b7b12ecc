package io.surgewatch.cli.alerting;

import io.surgewatch.events.v1.AlertStatus;
import io.surgewatch.events.v1.SurgeAlert;
import java.util.List;

/**
 * What one delivery carries: the latest state of one alert, the transitions of that alert it stands
 * for, and, when the flapping guard folded it in, the end (RESOLVED or WITHDRAWN) of the previous
 * alert on the same series.
 *
 * @param alert the state delivered; its {@code alertId:sequence} is the delivery's idempotency key
 * @param sequences the sequences of this alert that this delivery covers, ascending, ending with
 *     the alert's own (one element when nothing was coalesced)
 * @param replaced the previous alert's end on the same country/region/group/metric, held back and
 *     folded into this OPEN; null when none
 */
public record Delivery(SurgeAlert alert, List<Integer> sequences, SurgeAlert replaced) {

  public Delivery {
    sequences = List.copyOf(sequences);
    if (sequences.isEmpty() || sequences.get(sequences.size() - 1) != alert.getSequence()) {
      throw new IllegalArgumentException(
          "the covered sequences must end with the delivered one: " + sequences);
    }
  }

  /** One transition on its own. */
  public static Delivery of(final SurgeAlert alert) {
    return new Delivery(alert, List.of(alert.getSequence()), null);
  }

  /** True when this delivery stands for more than its own transition. */
  public boolean coalesced() {
    return sequences.size() > 1;
  }

  /**
   * True when the state delivered is the alert open again under its id: an {@code OPEN} after its
   * first transition, which the engine writes only after a {@code WITHDRAWN} (revised reports took
   * its basis away, later ones brought it back).
   */
  public boolean reopened() {
    return reopened(alert);
  }

  /** True for an {@code OPEN} after the alert's first transition: a reopening. */
  public static boolean reopened(final SurgeAlert alert) {
    return alert.getStatus() == AlertStatus.OPEN && alert.getSequence() > 1;
  }
}
