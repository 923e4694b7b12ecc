package io.surgewatch.producers;

import io.surgewatch.core.ProgressMarkers;
import io.surgewatch.inputs.ArrivalOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import org.apache.avro.specific.SpecificRecord;

/**
 * One writer's progress markers on the input topics ({@link ProgressMarkers}): the greatest
 * reported-at (made-at for a statement) it has published to each topic (the statements topic: to
 * either), and the markers it has sent there, so that it never sends markers that say no more than
 * its last ones. Only one thread at a time sends markers; {@link #published} and {@link #reached}
 * are thread-safe.
 *
 * <p>A writer that publishes an event at or before the latest time already on its topic ({@link
 * #reached}: a backfill, an older export after a newer one) marks just past that time, not at its
 * own greatest: the app places such a late event just after the point its partition had reached,
 * past everything this writer published, and holds it until every partition has moved past it.
 * Markers at the writer's own times would leave it waiting for another writer. The promise stays
 * true: this writer has written everything of its own up to then.
 */
public final class ProgressWriter {
  private final EventPublisher publisher;
  private final ConcurrentMap<String, Long> greatest = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Long> marked = new ConcurrentHashMap<>();

  /** The latest time known to be on each topic already, from any writer. */
  private final ConcurrentMap<String, Long> reached = new ConcurrentHashMap<>();

  public ProgressWriter(final EventPublisher publisher) {
    this.publisher = publisher;
  }

  /**
   * Notes an input event as published: its time may be promised once the broker has acknowledged
   * it.
   */
  public void published(final SpecificRecord event) {
    published(publisher.topicOf(event), ArrivalOrder.at(event));
  }

  /**
   * Notes a record re-published to {@code topic} as the bytes it had there (a dead letter's
   * original value), its time not decoded: it was on the topic, so at or before the latest time
   * known there, and marked just past that. Nothing is marked when no time on the topic is known.
   */
  public void publishedAgain(final String topic) {
    final long latest =
        Math.max(
            reached.getOrDefault(topic, Long.MIN_VALUE),
            marked.getOrDefault(topic, Long.MIN_VALUE));
    if (latest != Long.MIN_VALUE) {
      published(topic, latest);
    }
  }

  private void published(final String topic, final long at) {
    // This writer's own markers are times on the topic too: an event at or before its last marker
    // there (a caller publishing out of order) is as late as one behind another writer's.
    final long latest =
        Math.max(
            reached.getOrDefault(topic, Long.MIN_VALUE),
            marked.getOrDefault(topic, Long.MIN_VALUE));
    // Late for the topic: the app places it past that latest time (see above), so mark past it.
    final long through = latest != Long.MIN_VALUE && at <= latest ? Math.max(at, latest + 1) : at;
    greatest.merge(topic, through, Math::max);
    // The statements topic too, at an incident's time: the app's story stage holds an alert until
    // every statements partition has passed it, so a writer of incidents alone must not leave them
    // behind (it promises no statement of its own at or before what it has published).
    greatest.merge(publisher.topics().statements().name(), through, Math::max);
  }

  /**
   * Notes times already on the input topics ({@link TopicTimes#latest}, or reports read back):
   * events this writer publishes at or before them are late there, and its markers go past them.
   */
  public void reached(final Map<String, Long> latestByTopic) {
    latestByTopic.forEach((topic, at) -> reached.merge(topic, at, Math::max));
  }

  /**
   * Markers on every partition of each topic published to, at the greatest time published there,
   * where that is past this writer's last markers: completed when the broker acknowledged them all.
   */
  public CompletableFuture<Void> markPublished() {
    final List<CompletableFuture<Void>> sent = new ArrayList<>();
    greatest.forEach((topic, through) -> sent.add(mark(topic, through)));
    return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new));
  }

  /**
   * {@link #markPublished}, flushed and waited for: the end of a run, once every record is
   * acknowledged.
   *
   * @param after what was published, for the message
   * @throws FilePublisher.PublishException when the broker did not acknowledge the markers
   */
  public void markPublishedAndWait(final String after) {
    final CompletableFuture<Void> sent = markPublished();
    publisher.flush();
    try {
      sent.get(); // the producer's delivery.timeout.ms bounds it
    } catch (final InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FilePublisher.PublishException(
          "interrupted while writing the progress markers after " + after, e);
    } catch (final ExecutionException e) {
      throw new FilePublisher.PublishException(
          "every record of "
              + after
              + " was acknowledged, but the progress "
              + "markers after them were not (the streams app holds the newest reports back until later markers or "
              + "reports pass them): "
              + e.getCause().getMessage(),
          e.getCause());
    }
  }

  /**
   * Markers at {@code through} (epoch ms) on every partition of {@code topic}, unless this writer's
   * last markers there are at or after it. The caller vouches that everything it will publish there
   * at or before {@code through} has been sent. If they fail, the next call at the same time sends
   * them again.
   */
  public CompletableFuture<Void> mark(final String topic, final long through) {
    final Long before = marked.get(topic);
    if (before != null && before >= through) {
      return CompletableFuture.completedFuture(null);
    }
    marked.put(topic, through);
    return publisher
        .publishProgress(topic, Instant.ofEpochMilli(through))
        .whenComplete(
            (ok, error) -> {
              if (error != null) {
                if (before == null) {
                  marked.remove(topic, through);
                } else {
                  marked.replace(topic, through, before);
                }
              }
            });
  }
}
