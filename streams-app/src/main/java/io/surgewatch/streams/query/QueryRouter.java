package io.surgewatch.streams.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.surgewatch.core.EventJson;
import io.surgewatch.core.ShardPlacement;
import io.surgewatch.streams.query.Forwarder.Answer;
import io.surgewatch.streams.query.Forwarder.Hop;
import io.surgewatch.streams.topology.SurgewatchTopology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Runs each query where its data lives. A keyed query runs in the task that owns its key ({@link
 * #routed}); a query over data every instance holds runs on each and is merged ({@link #fanOut}).
 * When another instance owns the data (its {@code application.server} differs from ours) the
 * request is forwarded to it as it came, with the same bearer token. Without {@code
 * application.server} the app is a single instance and everything is local.
 *
 * <p>A store that is not queryable (starting, restoring, rebalancing) is retried with backoff for
 * up to {@link #RETRY_BUDGET}; then {@link NotReadyException} (HTTP 503 with Retry-After).
 */
final class QueryRouter {
  static final Duration RETRY_BUDGET = Duration.ofSeconds(3);
  private static final StringSerializer STRINGS = new StringSerializer();

  /** The cube's stores are partitioned by shard placement, not by the default key hash. */
  private static final Set<String> CUBE_STORES =
      Set.of(
          SurgewatchTopology.STORE_BUCKETS,
          SurgewatchTopology.STORE_CUBE_KEYS,
          SurgewatchTopology.STORE_CUBE_META);

  // Kafka 4.4 deprecates for removal the partitioner's one abstract method, whose replacement (with
  // the
  // record's headers) is a default that calls it until the abstract one goes: a lambda, or an
  // override,
  // can only implement the abstract one today.
  @SuppressWarnings("removal")
  private static final StreamPartitioner<String, Object> SHARDS =
      (topic, key, value, partitions) ->
          Optional.of(Set.of(ShardPlacement.partition(key, partitions)));

  private final KafkaStreams streams;
  private final HostInfo self;
  private final Forwarder forwarder = new Forwarder();

  /** Reads of this instance's standby copies for an owner that did not answer. */
  private final LongAdder standbyReads = new LongAdder();

  /**
   * @param self this instance's {@code application.server}, or null when not set (a single
   *     instance)
   */
  QueryRouter(final KafkaStreams streams, final HostInfo self) {
    this.streams = streams;
    this.self = self;
  }

  /**
   * The answer of {@code local} run on the instance that owns {@code key} in {@code storeName}:
   * here, given the partition to read, or forwarded there.
   */
  Answer routed(
      final String storeName,
      final String key,
      final Hop hop,
      final Function<Integer, JsonNode> local) {
    if (self == null) {
      return ok(retry(() -> local.apply(null)));
    }
    final long deadline = System.nanoTime() + RETRY_BUDGET.toNanos();
    long backoffMs = 50;
    while (true) {
      final Answer answer = routedOnce(storeName, key, hop, local);
      // The owner said not ready: its data moving (it names the new owner, whom our metadata may
      // not know yet) or its stores restoring. Asked again as the metadata stands then, within the
      // budget, rather than passing its 503 on (an owner that spent the budget itself restoring
      // has used ours up too).
      if (answer.status() != 503 || System.nanoTime() + backoffMs * 1_000_000 > deadline) {
        return answer;
      }
      pause(backoffMs);
      backoffMs = Math.min(backoffMs * 2, 800);
    }
  }

  /** One routing of a keyed query: the owner as the metadata stands now, here or forwarded. */
  private Answer routedOnce(
      final String storeName,
      final String key,
      final Hop hop,
      final Function<Integer, JsonNode> local) {
    final KeyQueryMetadata owner =
        retry(
            () -> {
              final KeyQueryMetadata md =
                  CUBE_STORES.contains(storeName)
                      ? streams.queryMetadataForKey(storeName, key, SHARDS)
                      : streams.queryMetadataForKey(storeName, key, STRINGS);
              if (md == null
                  || KeyQueryMetadata.NOT_AVAILABLE.equals(md)
                  || md.activeHost().port() < 0) {
                throw new InvalidStateStoreException(
                    "no owner of " + storeName + " for " + key + " yet");
              }
              return md;
            });
    if (self.equals(owner.activeHost())) {
      return ok(retry(() -> local.apply(owner.partition())));
    }
    if (hop.forwarded()) {
      if (hop.standby() && owner.standbyHosts().contains(self)) {
        return stale(fromStandby(() -> local.apply(owner.partition())));
      }
      // The sender thought we own it; ownership is moving. Never forward twice: the caller retries.
      throw new NotReadyException(
          storeName
              + " for "
              + key
              + " is owned by "
              + Forwarder.address(owner.activeHost())
              + " now",
          null);
    }
    try {
      return forwarder.get(owner.activeHost(), hop);
    } catch (final NotReadyException unreachable) {
      // The owner does not answer: it died and the group has not noticed yet (its tasks stay with
      // it until its session times out, 45 s by default, longer with static membership), or it is
      // cut off. A standby copy answers meanwhile, as fresh as the changelog it follows.
      if (owner.standbyHosts().contains(self)) {
        return stale(fromStandby(() -> local.apply(owner.partition())));
      }
      for (final HostInfo standby : owner.standbyHosts()) {
        try {
          return forwarder.get(standby, hop.toStandby());
        } catch (final NotReadyException alsoDown) {
          // the next standby, if any
        }
      }
      throw unreachable;
    }
  }

  /**
   * {@code local} run here and, unless this request was forwarded, on every other instance: the
   * items of all answers' {@code field}, in {@code order}, without duplicates.
   */
  Answer fanOut(
      final Hop hop,
      final String storeName,
      final String field,
      final Function<Integer, ArrayNode> local,
      final Comparator<JsonNode> order) {
    final List<JsonNode> all = new ArrayList<>();
    retry(() -> local.apply(null)).forEach(all::add);
    boolean stale = false;
    if (self != null && !hop.forwarded()) {
      final List<JsonNode> fromOthers = new ArrayList<>();
      final Set<HostInfo> down = new HashSet<>();
      for (final HostInfo other : others()) {
        final Answer answer;
        try {
          answer = forwarder.get(other, hop);
        } catch (final NotReadyException unreachable) {
          down.add(other);
          continue;
        }
        if (answer.status() != 200) {
          throw new NotReadyException(
              "instance " + Forwarder.address(other) + " answered " + answer.status(), null);
        }
        parse(answer.body()).get(field).forEach(fromOthers::add);
      }
      if (!down.isEmpty()) {
        // What an instance that does not answer owns, from this instance's standby copies (see
        // routed): the whole answer, a little stale, rather than none until the group notices.
        // This instance's own part is read again, partition by partition, as the metadata stands
        // now: while we waited for the silent one, a rebalance may have moved its partitions here,
        // active but not in the first read.
        all.clear();
        for (final Map.Entry<Integer, Boolean> part : localParts(storeName, down).entrySet()) {
          final int partition = part.getKey();
          if (part.getValue()) {
            fromStandby(() -> local.apply(partition)).forEach(all::add);
            stale = true;
          } else {
            retry(() -> local.apply(partition)).forEach(all::add);
          }
        }
      }
      all.addAll(fromOthers);
    }
    all.sort(order);
    final ObjectNode out = EventJson.MAPPER.createObjectNode();
    final ArrayNode items = out.putArray(field);
    all.stream().distinct().forEach(items::add);
    return stale ? stale(out) : ok(out);
  }

  /**
   * The partitions of {@code storeName} this instance answers for now: its own (false), and those
   * of the instances {@code down} (true), each of which must have a standby copy here, or there is
   * no whole answer to give.
   */
  private Map<Integer, Boolean> localParts(final String storeName, final Set<HostInfo> down) {
    final Map<Integer, Boolean> out = new TreeMap<>();
    final int partitions = partitionsOf(storeName);
    if (partitions == 0) {
      // No metadata now (a rebalance): which partitions the silent instances own is not known.
      throw new NotReadyException(
          "instances " + down.stream().map(Forwarder::address).toList() + " do not answer", null);
    }
    for (int p = 0; p < partitions; p++) {
      final int partition = p;
      final KeyQueryMetadata owner =
          retry(() -> streams.queryMetadataForKey(storeName, "", onPartition(partition)));
      if (owner == null
          || KeyQueryMetadata.NOT_AVAILABLE.equals(owner)
          || owner.activeHost().port() < 0) {
        throw new NotReadyException(
            "no owner of partition " + partition + " of " + storeName + " yet", null);
      }
      if (self.equals(owner.activeHost())) {
        out.put(partition, false);
      } else if (down.contains(owner.activeHost())) {
        if (!owner.standbyHosts().contains(self)) {
          throw new NotReadyException(
              "instance "
                  + Forwarder.address(owner.activeHost())
                  + " does not answer, and this instance holds no standby copy of its partition "
                  + partition
                  + " of "
                  + storeName
                  + " (num.standby.replicas)",
              null);
        }
        out.put(partition, true);
      }
    }
    return out;
  }

  /** How many partitions a store has: its tasks' input partitions. */
  @SuppressWarnings("removal") // the partitioner's abstract method (SHARDS)
  private int partitionsOf(final String storeName) {
    final int[] count = {0};
    retry(
        () ->
            streams.queryMetadataForKey(
                storeName,
                "",
                (topic, key, value, partitions) -> {
                  count[0] = partitions;
                  return Optional.of(Set.of(0));
                }));
    return count[0];
  }

  @SuppressWarnings("removal") // the partitioner's abstract method (SHARDS)
  private static StreamPartitioner<String, Object> onPartition(final int partition) {
    return (topic, key, value, partitions) -> Optional.of(Set.of(partition));
  }

  /**
   * Set while a query reads this instance's standby copies ({@link #fromStandby}): {@link #store}
   * then opens them too, stale stores being Kafka Streams' name for them.
   */
  private final ThreadLocal<Boolean> readingStandbys = ThreadLocal.withInitial(() -> false);

  private <T> T fromStandby(final Supplier<T> query) {
    standbyReads.increment();
    readingStandbys.set(true);
    try {
      return retry(query);
    } catch (final NotFoundException missing) {
      // A standby copy lags its owner by what the changelog has not carried yet: not here is not
      // "none there", and a 404 would read as no reports (a region just counted, say).
      throw new NotReadyException(
          "the owner of this data does not answer, and this instance's standby copy holds"
              + " nothing for it (it may lag the owner): "
              + missing.getMessage(),
          missing);
    } finally {
      readingStandbys.set(false);
    }
  }

  /**
   * An answer read in part or whole from a standby copy: {@code "stale": true} tells a dashboard
   * that it may lag the owner's by what the changelog had not yet carried.
   */
  private static Answer stale(final JsonNode body) {
    if (body instanceof ObjectNode object) {
      object.put("stale", true);
    }
    return ok(body);
  }

  /** Requests this instance forwarded that the other instance did not answer. */
  long unansweredForwards() {
    return forwarder.unanswered();
  }

  /** Reads of this instance's standby copies, each for an owner that did not answer. */
  long standbyReads() {
    return standbyReads.sum();
  }

  /** A store of this instance: one partition's, or (null) all of them. */
  <V> ReadOnlyKeyValueStore<String, V> store(final String name, final Integer partition) {
    StoreQueryParameters<ReadOnlyKeyValueStore<String, V>> params =
        StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.keyValueStore());
    if (partition != null) {
      params = params.withPartition(partition);
    }
    if (readingStandbys.get()) {
      params = params.enableStaleStores();
    }
    return streams.store(params);
  }

  /**
   * Entries of a store on this instance (RocksDB's estimate), for metrics; -1 when it is not
   * queryable.
   */
  long approximateEntries(final String storeName) {
    try {
      return store(storeName, null).approximateNumEntries();
    } catch (final InvalidStateStoreException e) {
      return -1;
    }
  }

  /**
   * The body of a query this one asked in turn (perhaps of another instance): its 404 is ours, any
   * other failure means not ready.
   */
  static JsonNode body(final Answer answer) {
    if (answer.status() == 404) {
      throw NotFoundException.of(answer);
    }
    if (answer.status() != 200) {
      throw new NotReadyException("another instance answered " + answer.status(), null);
    }
    return parse(answer.body());
  }

  private List<HostInfo> others() {
    return retry(
        () ->
            streams.metadataForAllStreamsClients().stream()
                .map(StreamsMetadata::hostInfo)
                .filter(h -> !h.equals(self) && h.port() >= 0)
                .distinct()
                .toList());
  }

  private <T> T retry(final Supplier<T> query) {
    final long deadline = System.nanoTime() + RETRY_BUDGET.toNanos();
    long backoffMs = 50;
    while (true) {
      try {
        return query.get();
      } catch (final InvalidStateStoreException e) {
        final KafkaStreams.State state = streams.state();
        if (!state.isRunningOrRebalancing() && state != KafkaStreams.State.CREATED
            || System.nanoTime() + backoffMs * 1_000_000 > deadline) {
          throw new NotReadyException(
              "stores not queryable yet (" + state + "): " + e.getMessage(), e);
        }
        pause(backoffMs);
        backoffMs = Math.min(backoffMs * 2, 800);
      }
    }
  }

  private static void pause(final long millis) {
    try {
      Thread.sleep(millis);
    } catch (final InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw new NotReadyException("interrupted", ie);
    }
  }

  private static Answer ok(final JsonNode body) {
    return new Answer(200, body.toString());
  }

  private static JsonNode parse(final String json) {
    try {
      return EventJson.MAPPER.readTree(json);
    } catch (final JsonProcessingException e) {
      throw new NotReadyException(
          "unreadable answer from another instance: " + e.getOriginalMessage(), e);
    }
  }
}
