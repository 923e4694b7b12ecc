package io.surgewatch.streams.backtest;

import io.surgewatch.events.v1.RollingCount;
import io.surgewatch.events.v1.VictimCounts;

/**
 * The JSON line of a count record, written directly: backtests write tens of millions of them, and building a
 * tree per record (as {@link io.surgewatch.core.EventJson} does) costs several times more. A test pins that both
 * produce the same JSON.
 */
final class CountJson {
  private CountJson() {}

  static String write(final RollingCount c) {
    final StringBuilder b = new StringBuilder(320);
    b.append("{\"country\":");
    string(b, c.getCountry());
    b.append(",\"region\":");
    string(b, c.getRegion());
    b.append(",\"group\":");
    string(b, c.getGroup());
    b.append(",\"window\":");
    string(b, c.getWindow());
    b.append(",\"windowStart\":\"").append(c.getWindowStart()).append('"');
    b.append(",\"windowEnd\":\"").append(c.getWindowEnd()).append('"');
    b.append(",\"incidents\":").append(c.getIncidents());
    b.append(",\"killed\":").append(c.getKilled());
    b.append(",\"injured\":").append(c.getInjured());
    b.append(",\"killedBy\":");
    victims(b, c.getKilledBy());
    b.append(",\"injuredBy\":");
    victims(b, c.getInjuredBy());
    return b.append('}').toString();
  }

  private static void victims(final StringBuilder b, final VictimCounts v) {
    b.append("{\"securityForces\":").append(v.getSecurityForces())
        .append(",\"civilians\":").append(v.getCivilians())
        .append(",\"militants\":").append(v.getMilitants())
        .append(",\"unknown\":").append(v.getUnknown()).append('}');
  }

  private static void string(final StringBuilder b, final String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      final char ch = s.charAt(i);
      switch (ch) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        default -> {
          if (ch < 0x20) {
            b.append(String.format("\\u%04x", (int) ch));
          } else {
            b.append(ch);
          }
        }
      }
    }
    b.append('"');
  }
}
