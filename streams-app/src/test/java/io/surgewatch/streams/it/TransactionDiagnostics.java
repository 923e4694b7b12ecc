package io.surgewatch.streams.it;

import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.core.TopicOffsets;
import io.surgewatch.core.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * What a stalled exactly-once app leaves on the broker, for a test's failure message: for every
 * partition of the app's topics that a read_committed reader or the app's group has not reached the
 * end of, the latest and last stable offsets, the group's committed one ("-": never committed,
 * which AppProgress counts as lag in full), and the producers with a transaction open there; then
 * the app's transactions as their coordinators know them. A last stable offset stuck below the
 * latest, with no coordinator's transaction on the partition, is a hanging transaction; the two
 * equal with the group behind is the app not reading, or not committing, what is there (a tail of
 * aborted records and markers leaves a group with nothing to process and so nothing to commit).
 */
final class TransactionDiagnostics {
  private static final long TIMEOUT_S = 10;

  private TransactionDiagnostics() {}

  /** Never throws: a failure to describe is part of the description. */
  static String describe(final SurgewatchConfig config) {
    try (Admin admin = Admin.create(config.clientProperties())) {
      return describe(admin, config);
    } catch (final Exception e) {
      return "(the broker's transaction state could not be read: " + e + ")\n";
    }
  }

  private static String describe(final Admin admin, final SurgewatchConfig config)
      throws Exception {
    final String app = config.get(Keys.APPLICATION_ID);
    final Set<String> mine =
        Topics.from(config).all().stream().map(Topics.Topic::name).collect(Collectors.toSet());
    final List<String> topics =
        admin.listTopics().names().get(TIMEOUT_S, TimeUnit.SECONDS).stream()
            .filter(t -> mine.contains(t) || t.startsWith(app + "-"))
            .toList();
    final Duration timeout = Duration.ofSeconds(TIMEOUT_S);
    final Map<TopicPartition, Long> latest =
        TopicOffsets.latest(admin, topics, timeout, IsolationLevel.READ_UNCOMMITTED);
    final Map<TopicPartition, Long> stable =
        TopicOffsets.latest(admin, topics, timeout, IsolationLevel.READ_COMMITTED);
    final Map<TopicPartition, OffsetAndMetadata> committed =
        admin
            .listConsumerGroupOffsets(app)
            .partitionsToOffsetAndMetadata()
            .get(TIMEOUT_S, TimeUnit.SECONDS);
    final Map<String, TopicPartition> behind = new TreeMap<>();
    latest.forEach(
        (tp, end) -> {
          final OffsetAndMetadata c = committed.get(tp);
          // A consumed topic's last transaction marker takes an offset after the last record.
          final boolean groupBehind = c != null && c.offset() < end - 1;
          if (stable.get(tp) < end || groupBehind) {
            behind.put(tp.toString(), tp);
          }
        });
    final StringBuilder out =
        new StringBuilder("partitions behind (latest, last stable, group):\n");
    if (behind.isEmpty()) {
      out.append("  none\n");
    }
    final Map<TopicPartition, List<ProducerState>> producers = new HashMap<>();
    if (!behind.isEmpty()) {
      admin
          .describeProducers(behind.values())
          .all()
          .get(TIMEOUT_S, TimeUnit.SECONDS)
          .forEach((tp, state) -> producers.put(tp, state.activeProducers()));
    }
    behind.forEach(
        (name, tp) -> {
          final OffsetAndMetadata c = committed.get(tp);
          out.append("  ")
              .append(name)
              .append(": ")
              .append(latest.get(tp))
              .append(", ")
              .append(stable.get(tp))
              .append(", ")
              .append(c == null ? "-" : String.valueOf(c.offset()))
              .append('\n');
          producers.getOrDefault(tp, List.of()).stream()
              .filter(p -> p.currentTransactionStartOffset().isPresent())
              .forEach(
                  p ->
                      out.append("    open transaction from offset ")
                          .append(p.currentTransactionStartOffset().getAsLong())
                          .append(": producer ")
                          .append(p.producerId())
                          .append(" epoch ")
                          .append(p.producerEpoch())
                          .append(", its last record stamped ")
                          .append(Instant.ofEpochMilli(p.lastTimestamp()))
                          .append('\n'));
        });
    final List<String> ids = new ArrayList<>();
    for (final TransactionListing t :
        admin.listTransactions().all().get(TIMEOUT_S, TimeUnit.SECONDS)) {
      if (t.transactionalId().startsWith(app + "-")) {
        ids.add(t.transactionalId());
      }
    }
    out.append("the app's transactions at their coordinators:\n");
    admin
        .describeTransactions(ids)
        .all()
        .get(TIMEOUT_S, TimeUnit.SECONDS)
        .forEach(
            (id, t) ->
                out.append("  ")
                    .append(id)
                    .append(": producer ")
                    .append(t.producerId())
                    .append(" epoch ")
                    .append(t.producerEpoch())
                    .append(' ')
                    .append(t.state())
                    .append(
                        t.transactionStartTimeMs().isPresent()
                            ? " since "
                                + Instant.ofEpochMilli(t.transactionStartTimeMs().getAsLong())
                            : "")
                    .append(" on ")
                    .append(t.topicPartitions())
                    .append('\n'));
    out.append("(now ").append(Instant.now()).append(")\n");
    return out.toString();
  }
}
