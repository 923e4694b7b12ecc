package io.surgewatch.inputs;

import io.surgewatch.core.DataTable;
import io.surgewatch.events.v1.TargetType;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * ACLED's actor types ({@code inter1}, {@code inter2}), a code (possibly {@code 7.0}) or a name,
 * from the data file {@code acled-actor-types.csv}.
 */
final class AcledActorTypes {
  private record Type(TargetType target, boolean perpetrator) {}

  private static final Type UNLISTED = new Type(TargetType.UNKNOWN, true);
  private static final Map<String, Type> BY_CODE_OR_NAME = read();

  private AcledActorTypes() {}

  /** The victims an actor of this type is taken for; UNKNOWN for none or a type not listed. */
  static TargetType target(final String inter) {
    return inter == null ? TargetType.UNKNOWN : of(inter).target();
  }

  /** Whether an actor of this type can be the perpetrator of an event. */
  static boolean perpetrator(final String inter) {
    return of(inter).perpetrator();
  }

  private static Type of(final String inter) {
    return BY_CODE_OR_NAME.getOrDefault(AcledValues.code(inter).toLowerCase(Locale.ROOT), UNLISTED);
  }

  private static Map<String, Type> read() {
    final Map<String, Type> m = new HashMap<>();
    for (final String[] r : DataTable.read(AcledActorTypes.class, "acled-actor-types.csv")) {
      final Type t = new Type(TargetType.valueOf(r[2]), "yes".equals(r[3]));
      m.put(r[0], t);
      m.put(r[1].toLowerCase(Locale.ROOT), t);
    }
    return Map.copyOf(m);
  }
}
