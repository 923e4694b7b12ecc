package io.surgewatch.streams.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.core.SourceHeaders;
import io.surgewatch.engine.Contribution;
import io.surgewatch.engine.Tally;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Stage 1 holds the contributions of many reports for each cube partition and sends them as one
 * record a partition: in the order they were made, each partition's under a key of its own, at the
 * commit (or when a partition holds {@link ShardOutbox#LIMIT}), the record stamped with its latest
 * report's time.
 */
class ShardOutboxTest {
  private static final int DAY = (int) LocalDate.of(2023, 1, 10).toEpochDay();

  private record Sent(String key, ShardInput value, long timestamp) {}

  private final List<Sent> sent = new ArrayList<>();
  private final ShardOutbox outbox =
      new ShardOutbox(3, (key, value, timestamp) -> sent.add(new Sent(key, value, timestamp)));

  private static ShardInput.Placed placed(final long offset, final int index) {
    return new ShardInput.Placed(
        new ArrivalPosition(1_000 + offset, 0, offset, index),
        1_000 + offset,
        new Contribution(
            Contribution.Shard.REGION,
            "I" + offset,
            DAY,
            "PK",
            "Khyber Pakhtunkhwa",
            List.of("TTP"),
            new long[Tally.SIZE]));
  }

  @Test
  void nothingIsSentBeforeTheCommitThenOneRecordAPartitionInTheOrderMade() {
    outbox.add(0, "k0", placed(1, 0), 5);
    outbox.add(2, "k2", placed(1, 1), 5);
    outbox.add(0, "k0b", placed(2, 0), 9);
    outbox.add(0, "k0", placed(3, 0), 7);
    assertTrue(sent.isEmpty(), "held until the commit");

    outbox.flush();

    assertEquals(2, sent.size(), "one record for each partition that holds any");
    final Sent zero = sent.get(0);
    assertEquals("k0", zero.key(), "the key of the partition's first contribution");
    assertEquals(9, zero.timestamp(), "the latest report's time");
    final ShardInput.Batch batch = assertInstanceOf(ShardInput.Batch.class, zero.value());
    assertEquals(
        List.of(1L, 2L, 3L),
        batch.placed().stream().map(p -> p.position().offset()).toList(),
        "three reports' contributions, in the order they were made");
    final Sent two = sent.get(1);
    assertEquals("k2", two.key());
    assertEquals(
        placed(1, 1).position(),
        assertInstanceOf(ShardInput.Placed.class, two.value()).position(),
        "a single contribution goes as itself");

    sent.clear();
    outbox.flush();
    assertTrue(sent.isEmpty(), "nothing held twice");
  }

  @Test
  void whatGoesToEveryPartitionGoesBehindWhatEachHolds() {
    outbox.add(0, "k0", placed(1, 0), 5);
    outbox.add(2, "k2", placed(1, 1), 5);
    final ShardInput progress = new ShardInput.Progress(0, placed(1, 9).position());

    outbox.toEveryPartition("progress", progress, 6);

    assertEquals(
        List.of("k0", "k2", "progress"),
        sent.stream().map(Sent::key).toList(),
        "a frontier never overtakes contributions from before it");
    sent.clear();
    outbox.flush();
    assertTrue(sent.isEmpty(), "nothing left held");
  }

  @Test
  void whatATaskThrowsAwayIsNeverSent() {
    outbox.add(0, "k0", placed(1, 0), 5);
    outbox.add(2, "k2", placed(1, 1), 5);

    // The task's stores closed with these unsent (a commit's preparation failed part-way): their
    // transaction does not commit, and their input is read again.
    outbox.clear();
    outbox.flush();
    assertTrue(sent.isEmpty(), "nothing of the aborted transaction's contributions");

    outbox.add(0, "k0", placed(2, 0), 7);
    outbox.flush();
    assertEquals(1, sent.size());
    assertEquals(
        placed(2, 0).position(),
        assertInstanceOf(ShardInput.Placed.class, sent.get(0).value()).position(),
        "only what was held since");
  }

  @Test
  void aPartitionThatReachesTheLimitIsSentAtOnce() {
    for (int i = 0; i < ShardOutbox.LIMIT - 1; i++) {
      outbox.add(1, "k1", placed(i, 0), i);
    }
    outbox.add(0, "k0", placed(0, 1), 0);
    assertTrue(sent.isEmpty());

    outbox.add(1, "k1", placed(ShardOutbox.LIMIT - 1, 0), 0);

    assertEquals(1, sent.size(), "only the full partition's");
    assertEquals(
        ShardOutbox.LIMIT,
        assertInstanceOf(ShardInput.Batch.class, sent.get(0).value()).placed().size());
    outbox.flush();
    assertEquals(2, sent.size(), "the rest at the commit");
    assertEquals("k0", sent.get(1).key());
  }

  private static ShardInput.Placed placed(
      final long offset, final String name, final boolean revision, final String file) {
    final Contribution now =
        new Contribution(
            Contribution.Shard.REGION,
            name + offset,
            DAY,
            "PK",
            name,
            List.of(name, "TTP"),
            new long[Tally.SIZE],
            null);
    final Contribution c =
        revision
            ? new Contribution(
                now.shard(),
                now.incidentId(),
                DAY,
                "PK",
                name,
                List.of(name),
                new long[Tally.SIZE],
                new Contribution(
                    now.shard(),
                    now.incidentId(),
                    DAY - 1,
                    "AF",
                    name + name,
                    List.of(name, name),
                    new long[Tally.SIZE],
                    null))
            : now;
    return new ShardInput.Placed(
        new ArrivalPosition(1_000 + offset, 0, offset, 0),
        1_000 + offset,
        c,
        file == null ? null : new SourceHeaders.Origin(file, offset));
  }

  @Test
  void theSizeBoundIsNeverBelowWhatABatchTakes() {
    final String[] names = {
      "", "Sindh", "Khyber Pakhtunkhwa", "Île-de-France", "ولاية", "x".repeat(900)
    };
    for (final String name : names) {
      for (final boolean revision : new boolean[] {false, true}) {
        for (final String file : new String[] {null, "exports/acled_2024.csv", "données/été.csv"}) {
          final ShardInput.Placed p = placed(7, name, revision, file);
          final int taken =
              ShardInput.serde()
                      .serializer()
                      .serialize("t", new ShardInput.Batch(List.of(p, p)))
                      .length
                  - 5;
          assertTrue(
              2 * ShardInput.maxBatchBytes(p) >= taken,
              name + " " + revision + " " + file + ": " + taken);
        }
      }
    }
  }

  @Test
  void aPartitionIsSentBeforeItsRecordWouldOutgrowTheByteLimit() {
    final String longName = "Région ".repeat(400); // about 8 KB a contribution by the bound
    int added = 0;
    while (sent.isEmpty()) {
      outbox.add(0, "k0", placed(added, longName, true, "f.csv"), added);
      added++;
    }
    assertTrue(added < ShardOutbox.LIMIT, "sent by size, after " + added);
    final byte[] record = ShardInput.serde().serializer().serialize("t", sent.get(0).value());
    assertTrue(record.length <= ShardOutbox.MAX_BYTES, record.length + " bytes");
    assertEquals(
        added - 1,
        assertInstanceOf(ShardInput.Batch.class, sent.get(0).value()).placed().size(),
        "the one that would not fit starts the next record");
  }
}
