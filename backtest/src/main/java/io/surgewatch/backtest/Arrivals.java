package io.surgewatch.backtest;

import io.surgewatch.core.ShardPlacement;
import io.surgewatch.core.UtcDays;
import io.surgewatch.engine.RevisionTracker;
import io.surgewatch.engine.TieOrder;
import io.surgewatch.events.v1.StatementEvent;
import io.surgewatch.inputs.Replacement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a backtest replays, in parallel arrays (millions of reports are held as compact stage-1
 * reports, not full events): each item's arrival time, the file and line it came from, and the
 * item, a {@link RevisionTracker.Report} or a {@link StatementEvent}; and their arrival order.
 */
final class Arrivals {
  long[] at = new long[1024];
  int[] files = new int[1024];
  long[] lines = new long[1024];
  Object[] items = new Object[1024];
  int size;

  void add(final long time, final int file, final long line, final Object item) {
    if (size == at.length) {
      final int grown = size * 2;
      at = Arrays.copyOf(at, grown);
      files = Arrays.copyOf(files, grown);
      lines = Arrays.copyOf(lines, grown);
      items = Arrays.copyOf(items, grown);
    }
    at[size] = time;
    files[size] = file;
    lines[size] = line;
    items[size] = item;
    size++;
  }

  /**
   * Every incident report as if made by the end of its event day (UTC), or when it was made if that
   * is earlier ({@code backtest.reported-at=event-day}): an export replayed as its incidents would
   * have been seen as they happened. The versions of one incident keep their order by reported-at,
   * file order among equals (a version never moves before one it revises, so a revision that moves
   * an incident to an earlier day still replaces it, and an older version that a file holds after a
   * newer one does not); retractions keep their times. Called once, in file order.
   */
  void reportedOnTime() {
    inReportedOrder();
    final Map<String, Long> latest = new HashMap<>();
    for (int i = 0; i < size; i++) {
      if (items[i] instanceof RevisionTracker.Report r && !r.retracted()) {
        final String id = r.counts().incidentId();
        final long endOfDay = UtcDays.lastMilliOf(r.counts().day());
        final long onTime =
            Math.max(Math.min(r.reportedAt(), endOfDay), latest.getOrDefault(id, Long.MIN_VALUE));
        latest.put(id, onTime);
        at[i] = onTime;
        items[i] =
            new RevisionTracker.Report(onTime, r.revision(), false, r.counts(), r.setAsideType());
      }
    }
  }

  /** The file name of the older export that the files of {@link #replacing} replace. */
  private String replaces;

  private BitSet replacing = new BitSet();

  /** A report's place: its file and line. */
  private record Place(int file, long line) {}

  /** The reported-at in their files of the reports {@link #notBefore} raised. */
  private final Map<Place, Long> raisedFrom = new HashMap<>();

  /**
   * Raises the reports of the files {@code newer} to their incident's floor (an older export they
   * replace, {@link Replacement.Floors}): at the floor's time they come after the older report, as
   * the later arrival. Returns what it raised, for the run's note.
   *
   * @param older the older export's file name
   */
  Replacement.Raised notBefore(
      final Replacement.Floors floors, final BitSet newer, final String older) {
    replaces = older;
    replacing = newer;
    final Replacement.Raised raised = new Replacement.Raised();
    for (int i = 0; i < size; i++) {
      if (newer.get(files[i])
          && items[i] instanceof RevisionTracker.Report r
          && r.counts() != null) {
        final long floor = floors.of(r.counts().incidentId());
        if (r.reportedAt() < floor) {
          raisedFrom.put(new Place(files[i], lines[i]), r.reportedAt());
          at[i] = floor;
          items[i] =
              new RevisionTracker.Report(
                  floor, r.revision(), r.retracted(), r.counts(), r.setAsideType());
          raised.add(r.counts().incidentId());
        }
      }
    }
    return raised;
  }

  /**
   * How the report at {@code line} of {@code file} came with {@code --replaces}, for the reason of
   * its dead letter: null when it did not (no older export, or the older export itself).
   */
  /** How the retractions {@code --replaces} adds came: with it, as {@code produce} says. */
  RevisionTracker.Replacing replacingRetractions() {
    return replaces == null ? null : new RevisionTracker.Replacing(replaces, null);
  }

  RevisionTracker.Replacing replacing(final int file, final long line) {
    if (replaces == null || !replacing.get(file)) {
      return null;
    }
    final Long from = raisedFrom.get(new Place(file, line));
    return new RevisionTracker.Replacing(
        replaces, from == null ? null : Instant.ofEpochMilli(from));
  }

  /**
   * Puts the versions of each incident that a file holds out of reported-at order (a newer edit
   * before an older one) into that order, within the places they hold: the order the app would take
   * them in (a later version wins, wherever it stands), which {@link #reportedOnTime} keeps.
   */
  private void inReportedOrder() {
    final Map<String, Long> newest = new HashMap<>();
    final Map<String, List<Integer>> disordered = new HashMap<>();
    for (int i = 0; i < size; i++) {
      if (items[i] instanceof RevisionTracker.Report r && !r.retracted()) {
        final String id = r.counts().incidentId();
        final Long before = newest.get(id);
        if (before != null && r.reportedAt() < before) {
          disordered.put(id, null);
        }
        newest.merge(id, r.reportedAt(), Math::max);
      }
    }
    if (disordered.isEmpty()) {
      return;
    }
    for (int i = 0; i < size; i++) {
      if (items[i] instanceof RevisionTracker.Report r
          && !r.retracted()
          && disordered.containsKey(r.counts().incidentId())) {
        disordered
            .compute(r.counts().incidentId(), (k, v) -> v == null ? new ArrayList<>() : v)
            .add(i);
      }
    }
    for (final List<Integer> places : disordered.values()) {
      final List<Integer> byTime = new ArrayList<>(places);
      byTime.sort(
          Comparator.comparingLong((Integer i) -> ((RevisionTracker.Report) items[i]).reportedAt())
              .thenComparingInt(i -> i));
      final long[] movedAt = new long[places.size()];
      final int[] movedFiles = new int[places.size()];
      final long[] movedLines = new long[places.size()];
      final Object[] movedItems = new Object[places.size()];
      for (int k = 0; k < byTime.size(); k++) {
        final int from = byTime.get(k);
        movedAt[k] = at[from];
        movedFiles[k] = files[from];
        movedLines[k] = lines[from];
        movedItems[k] = items[from];
      }
      for (int k = 0; k < places.size(); k++) {
        final int to = places.get(k);
        at[to] = movedAt[k];
        files[to] = movedFiles[k];
        lines[to] = movedLines[k];
        items[to] = movedItems[k];
      }
    }
  }

  /**
   * Each arrival's time before {@link #publishedAfter} moved some (null until it does): the order
   * of the reports of one incident, and of one partition's statements, that it put at one time.
   */
  private long[] before;

  /**
   * Places what files from {@code firstFile} on hold (and the retractions added for them) as the
   * app takes them when they are published after the earlier files (an older export, then the newer
   * one {@code --replaces} it): the earlier files' run ends with progress markers on every
   * partition at the greatest time it published there ({@code produce}; {@link
   * io.surgewatch.core.ProgressMarkers}), so a later report at or before that time is late for its
   * partition and the app places it just after it (1 ms, a partition's clock) rather than at its
   * own time. On the incidents topic that time is the earlier files' latest reported-at; the
   * statements topic is marked at the latest of their reports and statements (a writer of incidents
   * promises the statements topic as far). Only the place moves: a report's own reported-at still
   * decides which version of its incident wins. Those moved to one time keep the order they are
   * published in (their times before, then file order): by incident, as the versions of one
   * incident go to one partition in that order. Called for each file in turn, it places files
   * published one after another, each after all the ones before.
   */
  void publishedAfter(final int firstFile) {
    long incidents = Long.MIN_VALUE;
    long all = Long.MIN_VALUE;
    for (int i = 0; i < size; i++) {
      if (files[i] < firstFile) {
        all = Math.max(all, at[i]);
        if (!(items[i] instanceof StatementEvent)) {
          incidents = Math.max(incidents, at[i]);
        }
      }
    }
    if (before == null) {
      before = Arrays.copyOf(at, size); // the times as read, whatever later calls move
    }
    for (int i = 0; i < size; i++) {
      if (files[i] >= firstFile) {
        final long marked = items[i] instanceof StatementEvent ? all : incidents;
        if (marked != Long.MIN_VALUE && at[i] <= marked) {
          at[i] = marked + 1;
        }
      }
    }
  }

  void addAll(final Arrivals other) {
    for (int i = 0; i < other.size; i++) {
      add(other.at[i], other.files[i], other.lines[i], other.items[i]);
    }
  }

  /**
   * The app's arrival order: indices sorted by time; at one time the reports first, in {@link
   * TieOrder} (by a hash of their incident id, whatever the partitioning; the versions of one
   * incident in the order they are published: file order, or as {@link #publishedAfter} says), then
   * the statements by the input partition their id hashes to among {@code inputPartitions}, then in
   * the order they are published (a partition's offsets: the app's story stage tells the alerts of
   * a time before its statements); a stable merge sort on primitive arrays. Statements do not take
   * part in stage 1, so where they stand changes only the stories.
   */
  int[] arrivalOrder(final int inputPartitions) {
    final long[] tie = new long[size];
    final boolean[] statement = new boolean[size];
    for (int i = 0; i < size; i++) {
      statement[i] = items[i] instanceof StatementEvent;
      tie[i] =
          statement[i]
              ? inputPartitions > 1
                  ? ShardPlacement.defaultPartition(
                      ((StatementEvent) items[i]).getId(), inputPartitions)
                  : 0
              : TieOrder.incidentKey(((RevisionTracker.Report) items[i]).counts().incidentId());
    }
    int[] sorted = new int[size];
    int[] merged = new int[size];
    for (int i = 0; i < size; i++) {
      sorted[i] = i;
    }
    for (int width = 1; width < size; width *= 2) {
      for (int lo = 0; lo < size; lo += 2 * width) {
        final int mid = Math.min(lo + width, size);
        final int hi = Math.min(lo + 2 * width, size);
        int left = lo;
        int right = mid;
        int out = lo;
        while (left < mid && right < hi) {
          final int l = sorted[left];
          final int r = sorted[right];
          final boolean rightFirst =
              at[r] < at[l]
                  || at[r] == at[l]
                      && (statement[l] && !statement[r]
                          || statement[l] == statement[r]
                              && (tie[r] < tie[l]
                                  || tie[r] == tie[l] && before != null && before[r] < before[l]));
          merged[out++] = rightFirst ? sorted[right++] : sorted[left++];
        }
        while (left < mid) {
          merged[out++] = sorted[left++];
        }
        while (right < hi) {
          merged[out++] = sorted[right++];
        }
      }
      final int[] swap = sorted;
      sorted = merged;
      merged = swap;
    }
    return sorted;
  }
}
