package io.surgewatch.streams.topology;

import io.surgewatch.events.v1.StatementEvent;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The statements timeline by what each statement is about: one key for every country, region and
 * group it names, {@code <dimension><value>NUL<timeline key>}, so that the statements about one
 * country (or group, or region) are a range read in made-at order, as the timeline is for all of
 * them. The dashboard asks for a key's statements, and how many there are, on every change of view:
 * read from the timeline alone, that meant decoding every statement kept (half a second at 100,000,
 * on the story task's instance, for each view).
 *
 * <p>Written with the timeline, in the same task and the same commits. The key is the entry: the
 * value is its format version alone, the statement is the timeline's. The empty key marks an index
 * that holds every statement of the timeline; a release before it left none, and an index without
 * the mark is built from the timeline on the story task's first record ({@link
 * StatementTimeline#indexIfNotIndexed}). Until then readers scan the timeline, as before ({@link
 * StatementSearch}).
 */
public final class StatementIndex {
  public static final String STORE = "statement-index";

  /** The mark of a complete index: the empty key, before every other. */
  static final String COMPLETE = "";

  /**
   * Every value: the format version of the entry, which is its key (a later layout of the keys
   * would be a store of another name, as README's "Upgrades and stored state" says of keys).
   */
  private static final byte[] VERSION_1 = {1};

  /** Ends a dimension's value in a key: below every character a value can hold. */
  static final char END = '\u0000';

  /** A dimension of what a statement is about, and its first character in a key. */
  public enum Dimension {
    COUNTRY('c'),
    REGION('r'),
    GROUP('g');

    private final char tag;

    Dimension(final char tag) {
      this.tag = tag;
    }

    /** The least key of a value's entries: each one is this, then a timeline key. */
    public String prefix(final String value) {
      return tag + value + END;
    }

    List<String> of(final StatementEvent statement) {
      return switch (this) {
        case COUNTRY -> statement.getAbout().getCountries();
        case REGION -> statement.getAbout().getRegions();
        case GROUP -> statement.getAbout().getGroups();
      };
    }
  }

  private final KeyValueStore<String, byte[]> store;

  StatementIndex(final KeyValueStore<String, byte[]> store) {
    this.store = store;
  }

  void put(final StatementEvent statement, final String timelineKey) {
    keys(statement, timelineKey).forEach(k -> store.put(k, VERSION_1));
  }

  void delete(final StatementEvent statement, final String timelineKey) {
    keys(statement, timelineKey).forEach(store::delete);
  }

  void markComplete() {
    store.put(COMPLETE, VERSION_1);
  }

  boolean complete() {
    return complete(store);
  }

  /** Whether the index holds every statement of the timeline it goes with. */
  public static boolean complete(final ReadOnlyKeyValueStore<String, byte[]> store) {
    return store.get(COMPLETE) != null;
  }

  /**
   * Whether a value has entries of its own: one holding {@link #END} would share a prefix with
   * another value's entries, so it has none, and readers scan the timeline for it.
   */
  public static boolean indexable(final String value) {
    return value.indexOf(END) < 0;
  }

  /** A value named twice in one list is one entry. */
  private static Set<String> keys(final StatementEvent statement, final String timelineKey) {
    final Set<String> keys = new LinkedHashSet<>();
    for (final Dimension d : Dimension.values()) {
      for (final String value : d.of(statement)) {
        if (indexable(value)) {
          keys.add(d.prefix(value) + timelineKey);
        }
      }
    }
    return keys;
  }
}
