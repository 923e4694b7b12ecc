package io.surgewatch.stack;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates topics and waits until they can really take records. */
public final class TopicInitializer {
  private TopicInitializer() {}

  /**
   * Creates the missing topics (existing ones are left as they are), then waits until every
   * partition of every topic has a leader that answers {@code Admin.listOffsets}.
   *
   * <p>Why wait: {@code createTopics} completes when the controller has committed the topic, not
   * when the broker hosts its partitions. A producer that sends right away can have its first batch
   * silently lost before Kafka 4.5 (KAFKA-15591). A successful {@code listOffsets} on every
   * partition proves the leaders are up.
   */
  public static void ensureTopics(
      final Map<String, Object> adminProps,
      final Collection<NewTopic> topics,
      final Duration timeout) {
    final long deadline = System.nanoTime() + timeout.toNanos();
    final List<String> names = topics.stream().map(NewTopic::name).toList();
    try (Admin admin = Admin.create(adminProps)) {
      // Only the missing ones are asked for: a client whose ACLs let it describe the topics but not
      // create any (on a cluster whose operator makes them) then asks nothing when all exist, where
      // asking to create topics that exist is refused for want of the ACL before anything else.
      final Set<String> existing = existing(admin, deadline);
      final List<NewTopic> missing =
          topics.stream().filter(t -> !existing.contains(t.name())).toList();
      for (final Map.Entry<String, KafkaFuture<Void>> created :
          (missing.isEmpty()
                  ? Map.<String, KafkaFuture<Void>>of()
                  : admin.createTopics(missing).values())
              .entrySet()) {
        try {
          created.getValue().get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
        } catch (final ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException(
                "cannot create topic " + created.getKey(), e.getCause());
          }
        }
      }
      while (true) {
        try {
          final Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
          for (final TopicDescription topic :
              admin
                  .describeTopics(names)
                  .allTopicNames()
                  .get(remainingMillis(deadline), TimeUnit.MILLISECONDS)
                  .values()) {
            topic
                .partitions()
                .forEach(
                    p ->
                        partitions.put(
                            new TopicPartition(topic.name(), p.partition()), OffsetSpec.latest()));
          }
          admin.listOffsets(partitions).all().get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
          return;
        } catch (final ExecutionException e) {
          if (!(e.getCause() instanceof RetriableException)) {
            throw new IllegalStateException("topics " + names + " are not usable", e.getCause());
          }
        }
        if (remainingMillis(deadline) == 0) {
          throw new TimeoutException();
        }
        Thread.sleep(100);
      }
    } catch (final TimeoutException e) {
      throw new IllegalStateException("topics " + names + " not ready within " + timeout, e);
    } catch (final InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics " + names, e);
    }
  }

  private static Set<String> existing(final Admin admin, final long deadline)
      throws InterruptedException, TimeoutException {
    try {
      return admin.listTopics().names().get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
    } catch (final ExecutionException e) {
      throw new IllegalStateException("cannot list the broker's topics", e.getCause());
    }
  }

  private static long remainingMillis(final long deadline) {
    return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
  }
}
