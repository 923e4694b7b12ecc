package io.surgewatch.streams.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * The merge of two upstreams releases an event once both have passed it, and writes to its pending
 * store (in the app, each write is a changelog record) only what still waits at a commit: one batch
 * of what arrived since the last commit, and each earlier batch that lost events since, with the
 * rest.
 */
class ArrivalMergeTest {
  private record Event(long at, int source) {}

  /** Positions are the events' times; a key is the time's eight bytes. */
  private static class ByTime implements ArrivalMerge.Order<Long, Event> {
    @Override
    public Long nowhere() {
      return 0L;
    }

    @Override
    public Long complete(final Long frontier, final boolean idle) {
      return frontier;
    }

    @Override
    public Long position(final Event event) {
      return event.at();
    }

    @Override
    public int source(final Event event) {
      return event.source();
    }

    @Override
    public byte[] key(final Long position) {
      return ByteBuffer.allocate(8).putLong(position).array();
    }

    @Override
    public Long position(final ByteBuffer key) {
      return key.getLong();
    }

    /** A format version (1), then the source. */
    @Override
    public byte[] encode(final Event event) {
      return new byte[] {1, (byte) event.source()};
    }

    @Override
    public Event decode(final byte[] key, final byte[] value) {
      return new Event(ByteBuffer.wrap(key).getLong(), value[1]);
    }

    @Override
    public String describe(final int source, final int sources) {
      return "source " + source + " of " + sources;
    }
  }

  private static final ArrivalMerge.Order<Long, Event> BY_TIME = new ByTime();

  private final MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
  private final List<String> writes = new ArrayList<>();
  private final KeyValueStore<Bytes, byte[]> pending = counting(store("pending", Serdes.Bytes()));
  private final KeyValueStore<Integer, byte[]> frontiers = store("frontiers", Serdes.Integer());
  private final List<Long> released = new ArrayList<>();

  private ArrivalMerge<Long, Event> merge() {
    return new ArrivalMerge<>(BY_TIME, 2, s -> true, pending, frontiers);
  }

  @Test
  void aCallOutOfItsBudgetStopsBetweenGroupsAndTheNextGoesOn() {
    final ArrivalMerge.Order<Long, Event> byDecade =
        new ByTime() {
          /** Events of one decade are one group. */
          @Override
          public boolean sameGroup(final Long a, final Long b) {
            return a / 10 == b / 10;
          }
        };
    final ArrivalMerge<Long, Event> merge =
        new ArrivalMerge<>(byDecade, 2, s -> true, pending, frontiers)
            .releasingFor(Duration.ofNanos(1));
    for (final long at : new long[] {11, 12, 21, 31}) {
      merge.place(new Event(at, 0), e -> released.add(e.at()));
    }
    merge.progress(1, 40L, false, e -> released.add(e.at()));
    assertEquals(List.of(11L, 12L), released, "the first group whole, then out of time");
    assertEquals(21L, merge.next());
    merge.releaseMore(e -> released.add(e.at()));
    assertEquals(List.of(11L, 12L, 21L), released);
    merge.logWaiting();
    assertEquals(List.of("put 31"), writes, "what still waits at the commit is kept");
    merge.releaseMore(e -> released.add(e.at()));
    assertEquals(List.of(11L, 12L, 21L, 31L), released);
    assertNull(merge.next());
  }

  @Test
  void anEventReleasedBeforeTheCommitIsNeverWritten() {
    final ArrivalMerge<Long, Event> merge = merge();
    merge.place(new Event(10, 0), e -> released.add(e.at()));
    assertEquals(List.of(), released, "source 1 has not passed 10 yet");
    merge.progress(1, 20L, false, e -> released.add(e.at()));
    assertEquals(List.of(10L), released);
    merge.logWaiting();
    assertEquals(List.of(), writes);
  }

  @Test
  void whatStillWaitsAtTheCommitIsOneBatchDeletedOnceAllOfItIsReleased() {
    final ArrivalMerge<Long, Event> merge = merge();
    merge.place(new Event(10, 0), e -> released.add(e.at()));
    merge.place(new Event(12, 0), e -> released.add(e.at()));
    merge.logWaiting();
    assertEquals(List.of("put 10"), writes, "one batch, keyed by its first position");
    writes.clear();
    merge.progress(1, 11L, false, e -> released.add(e.at()));
    merge.place(new Event(15, 1), e -> released.add(e.at()));
    assertEquals(List.of(10L, 12L), released, "source 1 at 15 lets 12 through, 15 waits");
    merge.logWaiting();
    assertEquals(List.of("delete 10", "put 15"), writes);
  }

  @Test
  void aBatchThatLostSomeEventsIsWrittenAgainWithTheRestAndARestartReleasesOnlyThose() {
    final ArrivalMerge<Long, Event> before = merge();
    before.place(new Event(10, 0), e -> released.add(e.at()));
    before.place(new Event(12, 0), e -> released.add(e.at()));
    before.logWaiting();
    before.progress(1, 11L, false, e -> released.add(e.at()));
    before.logWaiting();
    assertEquals(List.of("put 10", "put 10"), writes, "batch 10 again, with 12 alone");
    before.place(new Event(13, 0), e -> released.add(e.at())); // not committed: processed again
    final ArrivalMerge<Long, Event> after = merge();
    assertEquals(1, after.waiting());
    after.progress(1, 20L, false, e -> released.add(e.at()));
    assertEquals(List.of(10L, 12L), released, "10 once, before the restart; 12 after it");
  }

  @Test
  void aRestoredBatchThatLosesMoreEventsIsWrittenAgainWhereItIsStored() {
    final ArrivalMerge<Long, Event> before = merge();
    before.place(new Event(10, 0), e -> released.add(e.at()));
    before.place(new Event(12, 0), e -> released.add(e.at()));
    before.place(new Event(14, 0), e -> released.add(e.at()));
    before.logWaiting();
    before.progress(1, 11L, false, e -> released.add(e.at()));
    before.logWaiting(); // stored at 10, holding 12 and 14
    final ArrivalMerge<Long, Event> after = merge();
    writes.clear();
    after.progress(1, 13L, false, e -> released.add(e.at()));
    after.logWaiting();
    assertEquals(List.of("put 10"), writes, "at 10 still, with 14 alone: not a second batch at 12");
    final ArrivalMerge<Long, Event> again = merge();
    assertEquals(1, again.waiting());
    again.progress(1, 20L, false, e -> released.add(e.at()));
    assertEquals(List.of(10L, 12L, 14L), released);
  }

  @Test
  void anEventStoredAloneByTheReleaseBeforeBatchesIsRestored() {
    pending.put(Bytes.wrap(BY_TIME.key(10L)), BY_TIME.encode(new Event(10, 0)));
    writes.clear();
    final ArrivalMerge<Long, Event> merge = merge();
    assertEquals(1, merge.waiting());
    merge.progress(0, 10L, false, e -> released.add(e.at()));
    merge.progress(1, 20L, false, e -> released.add(e.at()));
    assertEquals(List.of(10L), released);
    merge.logWaiting();
    assertEquals(List.of("delete 10"), writes);
  }

  @Test
  void aBatchIsCutBeforeItOutgrowsAKafkaRecord() {
    final ArrivalMerge<Long, Event> merge = merge();
    final int events =
        PendingBatches.BATCH_BYTES / 10 + 1; // ten bytes an event: 8 of key, 2 of value
    for (long at = 1; at <= events; at++) {
      merge.place(new Event(at, 0), e -> released.add(e.at()));
    }
    merge.logWaiting();
    assertEquals(2, writes.size(), writes.toString());
    final ArrivalMerge<Long, Event> after = merge();
    assertEquals(events, after.waiting());
  }

  private <K> KeyValueStore<K, byte[]> store(final String name, final Serde<K> keys) {
    final KeyValueStore<K, byte[]> store =
        Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), keys, Serdes.ByteArray())
            .withLoggingDisabled()
            .build();
    store.init(context.getStateStoreContext(), store);
    return store;
  }

  /** The store, noting each put and delete (in the app, each is a changelog record). */
  @SuppressWarnings("unchecked")
  private KeyValueStore<Bytes, byte[]> counting(final KeyValueStore<Bytes, byte[]> inner) {
    return (KeyValueStore<Bytes, byte[]>)
        Proxy.newProxyInstance(
            KeyValueStore.class.getClassLoader(),
            new Class<?>[] {KeyValueStore.class},
            (proxy, method, args) -> {
              if (method.getName().equals("put") || method.getName().equals("delete")) {
                writes.add(
                    method.getName() + " " + ByteBuffer.wrap(((Bytes) args[0]).get()).getLong());
              }
              try {
                return method.invoke(inner, args);
              } catch (final InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }
}
