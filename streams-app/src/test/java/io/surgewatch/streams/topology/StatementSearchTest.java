package io.surgewatch.streams.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.core.CubeKey;
import io.surgewatch.core.Keys;
import io.surgewatch.events.v1.Source;
import io.surgewatch.events.v1.SourceKind;
import io.surgewatch.events.v1.Speaker;
import io.surgewatch.events.v1.StatementEvent;
import io.surgewatch.events.v1.StatementKind;
import io.surgewatch.events.v1.StatementSubject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.Test;

/**
 * The statements about a key, and how many there are, are the same whether read from the index by
 * subject or from the whole timeline, and are what a plain filter of the statements kept gives: for
 * every combination of country, region and group (each one named, {@code *}, or unknown), any range
 * of days and any limit. The index holds exactly the statements the timeline keeps, also as a
 * bounded timeline drops them, and a timeline kept by a release without the index is indexed on the
 * story task's first record.
 */
class StatementSearchTest {
  private static final Deserializer<StatementEvent> READER =
      InternalSerdes.avroBinary(StatementEvent.class).deserializer();

  private static final List<String> COUNTRIES = List.of("PK", "AF", "IN");
  private static final List<String> REGIONS = List.of("Khyber Pakhtunkhwa", "Balochistan", "Kunar");
  private static final List<String> GROUPS = List.of("TTP", "IS-K", "BLA");

  private static StatementEvent statement(
      final String id,
      final Instant madeAt,
      final List<String> countries,
      final List<String> regions,
      final List<String> groups) {
    return StatementEvent.newBuilder()
        .setId(id)
        .setMadeAt(madeAt)
        .setSpeaker(new Speaker("Zabihullah Mujahid", "Spokesman", "Taliban", "AF"))
        .setKind(StatementKind.DENIAL)
        .setQuote("No one is allowed to use Afghan soil against anyone.")
        .setSource(new Source("Tolo News", null, SourceKind.NEWS))
        .setAbout(new StatementSubject(countries, regions, groups, List.of()))
        .build();
  }

  /** Up to two of {@code values}, a value sometimes named twice, often none. */
  private static List<String> some(final Random random, final List<String> values) {
    final List<String> out = new ArrayList<>();
    for (int n = random.nextInt(3); n > 0; n--) {
      out.add(values.get(random.nextInt(values.size())));
    }
    return out;
  }

  /** 400 statements over 120 days from 2022-11-01, several at one millisecond. */
  private static List<StatementEvent> statements(final long seed) {
    final Random random = new Random(seed);
    final Instant start = Instant.parse("2022-11-01T00:00:00Z");
    final List<StatementEvent> out = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      final Instant made =
          i % 10 == 9
              ? out.get(i - 1).getMadeAt()
              : start.plusSeconds(random.nextInt(120 * 86_400));
      out.add(
          statement(
              "ST-" + i,
              made,
              some(random, COUNTRIES),
              some(random, REGIONS),
              some(random, GROUPS)));
    }
    return out;
  }

  /** What the search must give: the statements kept, filtered, newest first (made-at, then id). */
  private static StatementSearch.Found expected(
      final List<StatementEvent> kept,
      final CubeKey key,
      final LocalDate from,
      final LocalDate to,
      final int limit) {
    final List<StatementEvent> matching =
        kept.stream()
            .filter(s -> StatementSearch.isAbout(key, s))
            .filter(s -> from == null || !day(s).isBefore(from))
            .filter(s -> to == null || !day(s).isAfter(to))
            .sorted(
                Comparator.comparing(StatementEvent::getMadeAt)
                    .thenComparing(StatementEvent::getId)
                    .reversed())
            .toList();
    return new StatementSearch.Found(
        matching.size(), matching.subList(0, Math.min(limit, matching.size())));
  }

  private static LocalDate day(final StatementEvent s) {
    return s.getMadeAt().atZone(ZoneOffset.UTC).toLocalDate();
  }

  private static List<String> withAllAndUnknown(final List<String> values) {
    final List<String> out = new ArrayList<>(values);
    out.add(CubeKey.ALL);
    out.add("nowhere");
    return out;
  }

  /**
   * The statements the timeline keeps, as it keeps them (their subjects' lists without repeats).
   */
  private static List<StatementEvent> kept(final KeyValueStore<String, byte[]> timeline) {
    final List<StatementEvent> out = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> it = timeline.all()) {
      it.forEachRemaining(kv -> out.add(READER.deserialize(null, kv.value)));
    }
    return out;
  }

  /** An index that has never been built: the search reads the whole timeline. */
  private static final ReadOnlyKeyValueStore<String, byte[]> NO_INDEX =
      new ReadOnlyKeyValueStore<>() {
        @Override
        public byte[] get(final String key) {
          return null;
        }

        @Override
        public KeyValueIterator<String, byte[]> range(final String from, final String to) {
          throw new AssertionError("an index that is not complete is not read");
        }

        @Override
        public KeyValueIterator<String, byte[]> all() {
          throw new AssertionError("an index that is not complete is not read");
        }

        @Override
        public long approximateNumEntries() {
          return 0;
        }
      };

  @Test
  void everyKeyDayRangeAndLimitGivesWhatAFilterOfTheStatementsKeptGivesFromTheIndexAndWithout() {
    try (TopologyHarness h = new TopologyHarness()) {
      statements(20221128L).forEach(h::send);
      final KeyValueStore<String, byte[]> timeline =
          h.driver.getKeyValueStore(StatementTimeline.STORE);
      final List<StatementEvent> kept = kept(timeline);
      assertEquals(400, kept.size());
      final KeyValueStore<String, byte[]> index = h.driver.getKeyValueStore(StatementIndex.STORE);
      assertTrue(StatementIndex.complete(index));
      final List<LocalDate[]> ranges =
          List.of(
              new LocalDate[] {null, null},
              new LocalDate[] {LocalDate.parse("2022-12-15"), null},
              new LocalDate[] {null, LocalDate.parse("2023-01-10")},
              new LocalDate[] {LocalDate.parse("2022-11-28"), LocalDate.parse("2022-11-28")},
              new LocalDate[] {LocalDate.parse("2023-01-01"), LocalDate.MAX});
      int compared = 0;
      for (final String country : withAllAndUnknown(COUNTRIES)) {
        for (final String region : withAllAndUnknown(REGIONS)) {
          for (final String group : withAllAndUnknown(GROUPS)) {
            final CubeKey key = new CubeKey(country, region, group);
            for (final LocalDate[] days : ranges) {
              for (final int limit : new int[] {1, 7, 1_000}) {
                final LocalDate to = LocalDate.MAX.equals(days[1]) ? null : days[1];
                final StatementSearch.Found want = expected(kept, key, days[0], to, limit);
                final String what = key + " " + Arrays.toString(days) + " limit " + limit;
                assertEquals(
                    want,
                    StatementSearch.about(timeline, index, key, days[0], days[1], limit, READER),
                    "from the index: " + what);
                assertEquals(
                    want,
                    StatementSearch.about(timeline, NO_INDEX, key, days[0], days[1], limit, READER),
                    "from the timeline: " + what);
                compared++;
              }
            }
          }
        }
      }
      assertEquals(5 * 5 * 5 * 5 * 3, compared);
    }
  }

  @Test
  void aBoundedTimelineDropsTheIndexEntriesOfTheStatementsItDrops() {
    final List<StatementEvent> sent = statements(7L);
    try (TopologyHarness h = new TopologyHarness(Map.of(Keys.STATEMENT_TIMELINE_DAYS, "30"))) {
      sent.forEach(h::send);
      final KeyValueStore<String, byte[]> timeline =
          h.driver.getKeyValueStore(StatementTimeline.STORE);
      final Set<String> kept = new TreeSet<>();
      try (KeyValueIterator<String, byte[]> it = timeline.all()) {
        it.forEachRemaining(kv -> kept.add(kv.key));
      }
      assertTrue(kept.size() < sent.size() / 2, "most statements fell before the 30 days");
      final Set<String> indexed = new TreeSet<>();
      try (KeyValueIterator<String, byte[]> it =
          h.driver.<String, byte[]>getKeyValueStore(StatementIndex.STORE).all()) {
        it.forEachRemaining(
            kv -> {
              if (!kv.key.equals(StatementIndex.COMPLETE)) {
                indexed.add(kv.key.substring(kv.key.indexOf(StatementIndex.END) + 1));
              }
            });
      }
      // Every entry points at a statement kept; every statement kept about anything has one.
      final Set<String> about = new TreeSet<>();
      try (KeyValueIterator<String, byte[]> it = timeline.all()) {
        it.forEachRemaining(
            kv -> {
              final StatementSubject s = READER.deserialize(null, kv.value).getAbout();
              if (!s.getCountries().isEmpty()
                  || !s.getRegions().isEmpty()
                  || !s.getGroups().isEmpty()) {
                about.add(kv.key);
              }
            });
      }
      assertEquals(about, indexed);
    }
  }

  @Test
  void aTimelineKeptByAReleaseWithoutTheIndexIsIndexedOnTheStoryTasksFirstRecord() {
    final List<StatementEvent> earlier = statements(3L).subList(0, 50);
    final StatementEvent today =
        statement(
            "ST-today",
            Instant.parse("2023-03-15T08:00:00Z"),
            List.of("PK"),
            List.of(),
            List.of("TTP"));
    try (TopologyHarness h = new TopologyHarness()) {
      // As the earlier release left it: the timeline restored, no index.
      final KeyValueStore<String, byte[]> timeline =
          h.driver.getKeyValueStore(StatementTimeline.STORE);
      for (final StatementEvent s : earlier) {
        timeline.put(
            StatementTimeline.key(s.getMadeAt(), s.getId()),
            InternalSerdes.avroBinary(StatementEvent.class).serializer().serialize(null, s));
      }
      final KeyValueStore<String, byte[]> index = h.driver.getKeyValueStore(StatementIndex.STORE);
      assertFalse(StatementIndex.complete(index));
      final CubeKey pk = new CubeKey("PK", CubeKey.ALL, CubeKey.ALL);
      h.send(today);
      assertTrue(StatementIndex.complete(index));
      assertEquals(51, kept(timeline).size());
      assertEquals(
          expected(kept(timeline), pk, null, null, 1_000),
          StatementSearch.about(timeline, index, pk, null, null, 1_000, READER));
      assertTrue(
          StatementSearch.about(timeline, index, pk, null, null, 1_000, READER).total() > 1,
          "the earlier statements about PK are found too");
    }
  }
}
