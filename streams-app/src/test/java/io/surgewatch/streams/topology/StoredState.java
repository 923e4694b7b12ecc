package io.surgewatch.streams.topology;

import static io.surgewatch.streams.topology.TopologyHarness.incident;

import io.surgewatch.core.Keys;
import io.surgewatch.engine.Codec;
import io.surgewatch.engine.Contribution;
import io.surgewatch.events.v1.IncidentEvent;
import io.surgewatch.events.v1.Source;
import io.surgewatch.events.v1.SourceKind;
import io.surgewatch.events.v1.Speaker;
import io.surgewatch.events.v1.StatementEvent;
import io.surgewatch.events.v1.StatementKind;
import io.surgewatch.events.v1.StatementSubject;
import io.surgewatch.events.v1.SurgeAlert;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.internals.WrappedStateStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The bytes a release keeps in its state stores, for the upgrade tests: a small scenario in two
 * parts, the raw content of every store after the first part (what the changelogs hold, and what
 * restoring them puts back), and the way to put such content into a fresh topology, as a restore
 * would.
 *
 * <p>To capture the state of a release (do it at that release, before changing a stored layout):
 * {@code mvn -o -pl streams-app -am test -Dtest=StoredState -Dsurefire.failIfNoSpecifiedTests=false
 * -Dsurgewatch.capture-state=<name>}; it writes {@code src/test/resources/stored-state/<name>/},
 * one file a store, a line an entry: the key's bytes and the value's bytes in hex, as RocksDB holds
 * them.
 */
public class StoredState {
  static final String ROOT = "stored-state";

  /** Small windows keep the captured state small: a baseline of two weeks, alerts within days. */
  static final Map<String, String> CONFIG =
      Map.of(
          Keys.WINDOWS_DAYS,
          "7",
          Keys.SURGE_RECENT_DAYS,
          "7",
          Keys.SURGE_BASELINE_DAYS,
          "14",
          Keys.GRACE_DAYS,
          "10");

  static final LocalDate START = LocalDate.of(2023, 3, 1);

  /** A steady baseline in two regions, statements, and the start of a surge that opens alerts. */
  static void firstPart(final TopologyHarness h) {
    firstPartUnflushed(h);
    h.drainCounts();
  }

  /**
   * The first part, its last day left open and not flushed: its changes are in the stores, but no
   * count record has said them yet.
   */
  static void firstPartUnflushed(final TopologyHarness h) {
    for (int d = 0; d < 21; d++) {
      day(h, d, "Q" + d + "-", 1 + d % 3, 1 + d % 2, "Punjab", null);
      if (d % 4 == 0) {
        day(h, d, "K" + d + "-", 1, 2, "Khyber Pakhtunkhwa", "TTP");
      }
    }
    h.send(statement("ST1", 19, StatementKind.ACCUSATION, "PK"));
    h.send(statement("ST2", 20, StatementKind.DENIAL, "PK"));
    for (int d = 21; d < 24; d++) {
      day(h, d, "S" + d + "-", 6, 4, "Punjab", null);
    }
    h.settle();
  }

  /**
   * What follows: the surge grows and ends, incidents of the first part are revised, retracted and
   * re-sent, and statements come again (one of them a duplicate), so every store of the first part
   * is read.
   */
  static void secondPart(final TopologyHarness h) {
    h.send(statement("ST1", 19, StatementKind.ACCUSATION, "PK")); // seen before: not counted again
    h.send(statement("ST3", 24, StatementKind.ACCUSATION, "PK"));
    h.send(
        incident(
            "Q16-0",
            START.plusDays(16),
            at(24, 1),
            9,
            "Punjab",
            null)); // a late revision, in the grace
    final IncidentEvent retracted =
        incident("K20-0", START.plusDays(20), at(24, 2), 2, "Khyber Pakhtunkhwa", "TTP");
    retracted.setRetracted(true);
    h.send(retracted);
    h.send(
        incident(
            "S23-1", START.plusDays(23), at(23, 1), 4, "Punjab", null)); // the same report again
    for (int d = 24; d < 27; d++) {
      day(h, d, "S" + d + "-", 9, 5, "Punjab", null);
    }
    for (int d = 27; d < 40; d++) {
      day(h, d, "Q" + d + "-", d % 2, 1, "Punjab", null);
    }
    h.drainCounts();
  }

  private static void day(
      final TopologyHarness h,
      final int offset,
      final String prefix,
      final int n,
      final int k,
      final String region,
      final String group) {
    for (int i = 0; i < n; i++) {
      h.send(incident(prefix + i, START.plusDays(offset), at(offset, i), k, region, group));
    }
  }

  private static Instant at(final int offset, final int hour) {
    return START
        .plusDays(offset)
        .atStartOfDay()
        .toInstant(ZoneOffset.UTC)
        .plusSeconds(3600L * (8 + hour));
  }

  private static StatementEvent statement(
      final String id, final int offset, final StatementKind kind, final String country) {
    return StatementEvent.newBuilder()
        .setId(id)
        .setMadeAt(at(offset, 0))
        .setSpeaker(new Speaker("A Spokesperson", "Spokesperson", "A Ministry", "US"))
        .setKind(kind)
        .setQuote("Statement " + id + ".")
        .setSource(new Source("A wire", null, SourceKind.NEWS))
        .setAbout(new StatementSubject(List.of(country), List.of(), List.of(), List.of()))
        .build();
  }

  // ---- the raw content of the stores ----

  /** Every store's entries, by store name, as the innermost (RocksDB) store holds them. */
  static Map<String, Map<Bytes, byte[]>> read(final TopologyHarness h) {
    final Map<String, Map<Bytes, byte[]>> out = new TreeMap<>();
    for (final Map.Entry<String, StateStore> e : stored(h).entrySet()) {
      e.getValue().flush();
      final Map<Bytes, byte[]> entries = new TreeMap<>();
      try (KeyValueIterator<Bytes, byte[]> it = innermost(e.getValue()).all()) {
        it.forEachRemaining(kv -> entries.put(kv.key, kv.value));
      }
      out.put(e.getKey(), entries);
    }
    return out;
  }

  /**
   * The stores that hold state: not the commit hooks (the count records held until a commit writes
   * them out, the merges' steps before a commit).
   */
  static Map<String, StateStore> stored(final TopologyHarness h) {
    final Map<String, StateStore> out = new TreeMap<>(h.driver.getAllStateStores());
    out.values().removeIf(s -> s instanceof PreCommitStore);
    return out;
  }

  /**
   * Puts captured entries into the stores of a fresh topology, beneath every cache and changelog,
   * as a restore does.
   */
  static void restore(final TopologyHarness h, final Map<String, Map<Bytes, byte[]>> state) {
    for (final Map.Entry<String, Map<Bytes, byte[]>> e : state.entrySet()) {
      final StateStore store = h.driver.getAllStateStores().get(e.getKey());
      if (store == null && UpgradeRestoreTest.REMOVED_STORES.contains(e.getKey())) {
        continue; // its changelog is left unread, as an upgraded app leaves it
      }
      if (store == null) {
        throw new IllegalStateException("the topology has no store " + e.getKey() + " any more");
      }
      final KeyValueStore<Bytes, byte[]> inner = innermost(store);
      e.getValue().forEach(inner::put);
      if (store instanceof WriteBackStore<?> w) {
        // Its processor read it when it started (a real restore comes first): forget what it saw.
        w.clearCache();
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static KeyValueStore<Bytes, byte[]> innermost(final StateStore store) {
    StateStore s = store instanceof WriteBackStore<?> w ? w.inner() : store;
    while (s instanceof WrappedStateStore<?, ?, ?> wrapped) {
      s = wrapped.wrapped();
    }
    return (KeyValueStore<Bytes, byte[]>) s;
  }

  static void write(final Path dir, final Map<String, Map<Bytes, byte[]>> state)
      throws IOException {
    Files.createDirectories(dir);
    final HexFormat hex = HexFormat.of();
    for (final Map.Entry<String, Map<Bytes, byte[]>> e : state.entrySet()) {
      final List<String> lines = new ArrayList<>();
      e.getValue().forEach((k, v) -> lines.add(hex.formatHex(k.get()) + ' ' + hex.formatHex(v)));
      Files.write(dir.resolve(e.getKey() + ".txt"), lines, StandardCharsets.UTF_8);
    }
  }

  /**
   * A captured state from the test resources: {@code stored-state/<name>/}, its stores listed in
   * index.txt.
   */
  static Map<String, Map<Bytes, byte[]>> load(final String name) {
    final Map<String, Map<Bytes, byte[]>> out = new TreeMap<>();
    for (final String store : resource(name + "/index.txt")) {
      final Map<Bytes, byte[]> entries = new TreeMap<>();
      for (final String line : resource(name + '/' + store + ".txt")) {
        final int space = line.indexOf(' ');
        entries.put(
            Bytes.wrap(HexFormat.of().parseHex(line.substring(0, space))),
            HexFormat.of().parseHex(line.substring(space + 1)));
      }
      out.put(store, entries);
    }
    return out;
  }

  private static List<String> resource(final String path) {
    return text(path).lines().filter(l -> !l.isBlank()).toList();
  }

  /** A file of the test resources' stored-state folder. */
  static String text(final String path) {
    try (InputStream in =
        StoredState.class.getClassLoader().getResourceAsStream(ROOT + '/' + path)) {
      if (in == null) {
        throw new IllegalStateException("no test resource " + ROOT + '/' + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (final IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  @EnabledIfSystemProperty(named = "surgewatch.capture-state", matches = ".+")
  void capture() throws IOException {
    final Path dir =
        Path.of("src/test/resources", ROOT, System.getProperty("surgewatch.capture-state"));
    try (TopologyHarness h = new TopologyHarness(CONFIG)) {
      firstPart(h);
      final Map<String, Map<Bytes, byte[]>> state = read(h);
      write(dir, state);
      Files.write(dir.resolve("index.txt"), state.keySet(), StandardCharsets.UTF_8);
      Files.write(dir.resolve(IN_FLIGHT), inFlight(state), StandardCharsets.UTF_8);
    }
  }

  /**
   * Records of the internal topics, as this release writes them: those an upgrade finds not yet
   * processed.
   */
  static final String IN_FLIGHT = "in-flight.txt";

  private static List<String> inFlight(final Map<String, Map<Bytes, byte[]>> state) {
    final SurgeAlert alert =
        InternalSerdes.avroBinary(SurgeAlert.class)
            .deserializer()
            .deserialize(null, first(state, AlertStoryProcessor.ALERTS));
    final Serde<StatementEvent> statements = InternalSerdes.avroBinary(StatementEvent.class);
    final StatementEvent statement =
        statements.deserializer().deserialize(null, first(state, AlertStoryProcessor.STATEMENTS));
    final Contribution counted =
        Codec.decodeReport(first(state, IncidentIntakeProcessor.LATEST)).counts();
    final Serde<StoryEvent> stories = StoryEvent.serde();
    final Serde<ShardInput> contributions = ShardInput.serde();
    final ArrivalPosition at = new ArrivalPosition(1_675_504_800_000L, 2, 17, 0);
    final HexFormat hex = HexFormat.of();
    return List.of(
        "alert-stories "
            + hex.formatHex(stories.serializer().serialize(null, new StoryEvent(alert, null))),
        "alert-stories "
            + hex.formatHex(stories.serializer().serialize(null, new StoryEvent(null, statement))),
        "statements-by-country-kind "
            + hex.formatHex(statements.serializer().serialize(null, statement)),
        "cube-contributions "
            + hex.formatHex(
                contributions
                    .serializer()
                    .serialize(null, new ShardInput.Placed(at, at.at(), counted))),
        "cube-contributions "
            + hex.formatHex(
                contributions
                    .serializer()
                    .serialize(
                        null, new ShardInput.Placed(at, at.at(), counted.revising(counted)))),
        "cube-contributions "
            + hex.formatHex(
                contributions
                    .serializer()
                    .serialize(
                        null,
                        new ShardInput.Progress(
                            2,
                            new ArrivalPosition(
                                at.at(), at.source(), at.offset(), Integer.MAX_VALUE),
                            false))));
  }

  private static byte[] first(final Map<String, Map<Bytes, byte[]>> state, final String store) {
    return state.get(store).values().iterator().next();
  }
}
