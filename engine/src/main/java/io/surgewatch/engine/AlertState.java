package io.surgewatch.engine;

/**
 * Where the alert of one metric on one cube key stands in its lifecycle (see {@link
 * AlertLifecycle}): its status, id and sequence, and what it opened on. Part of the key's {@link
 * KeyState}, and encoded with it.
 */
public final class AlertState {
  public static final byte NONE = 0;
  public static final byte OPEN = 1;
  public static final byte ESCALATED = 2;
  public static final byte RESOLVED = 3;
  public static final byte WITHDRAWN = 4;
  public byte status = NONE;
  public String alertId = "";
  public int sequence;
  public byte severity;
  public int openedOn;

  /** Day of the last transition: a late report cannot open an alert before it. */
  public int lastDay = Integer.MIN_VALUE;

  /**
   * The baseline when the alert opened (its blocks' sum and sum of squares; -1 when unknown, for
   * state written by an earlier version). An open alert is tested against it, not against a
   * baseline the surge itself fills.
   */
  public long baseSum = -1;

  public long baseSquares = -1;

  public boolean active() {
    return status == OPEN || status == ESCALATED;
  }
}
