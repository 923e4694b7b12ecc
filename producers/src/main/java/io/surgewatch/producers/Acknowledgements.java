package io.surgewatch.producers;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * The broker's answers to a run's sends, which are not awaited one by one: how many records it
 * acknowledged, and the first send it refused. The run stops at a refusal and, once flushed, {@link
 * #check checks} that nothing was lost.
 */
final class Acknowledgements {
  private final AtomicLong acked = new AtomicLong();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  /** A record sent: counted once acknowledged. */
  void track(final CompletableFuture<RecordMetadata> sent) {
    sent.whenComplete(
        (m, error) -> {
          if (error != null) {
            failure.compareAndSet(null, error);
          } else {
            acked.incrementAndGet();
          }
        });
  }

  /**
   * Progress markers sent: not records of the file, so not counted, but a refusal fails the run.
   */
  void trackMarkers(final CompletableFuture<Void> sent) {
    sent.whenComplete(
        (ok, error) -> {
          if (error != null) {
            failure.compareAndSet(null, error);
          }
        });
  }

  boolean failed() {
    return failure.get() != null;
  }

  /**
   * @param sent the records sent while publishing {@code file}
   * @throws FilePublisher.PublishException when a send was refused or not all {@code sent} were
   *     acknowledged
   */
  void check(final Path file, final long read, final long sent) {
    if (failure.get() != null || acked.get() != sent) {
      final Throwable cause = failure.get();
      throw new FilePublisher.PublishException(
          "publishing "
              + file
              + " failed after reading "
              + read
              + " records: "
              + acked.get()
              + " of the "
              + sent
              + " sent were acknowledged"
              + (cause == null ? "" : ": " + cause.getMessage()),
          cause);
    }
  }
}
