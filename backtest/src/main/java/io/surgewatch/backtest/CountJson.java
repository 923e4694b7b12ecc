package io.surgewatch.backtest;

import io.surgewatch.events.v1.RollingCount;
import io.surgewatch.events.v1.VictimCounts;

/**
 * The JSON line of a count record, written directly: backtests write tens of millions of them, and
 * building a tree per record (as {@link io.surgewatch.core.EventJson} does) costs several times
 * more. A test pins that both produce the same JSON.
 */
final class CountJson {
  private CountJson() {}

  static String write(final RollingCount count) {
    final StringBuilder json = new StringBuilder(320);
    json.append("{\"country\":");
    string(json, count.getCountry());
    json.append(",\"region\":");
    string(json, count.getRegion());
    json.append(",\"group\":");
    string(json, count.getGroup());
    json.append(",\"window\":");
    string(json, count.getWindow());
    json.append(",\"windowStart\":\"").append(count.getWindowStart()).append('"');
    json.append(",\"windowEnd\":\"").append(count.getWindowEnd()).append('"');
    json.append(",\"incidents\":").append(count.getIncidents());
    json.append(",\"killed\":").append(count.getKilled());
    json.append(",\"injured\":").append(count.getInjured());
    json.append(",\"killedBy\":");
    victims(json, count.getKilledBy());
    json.append(",\"injuredBy\":");
    victims(json, count.getInjuredBy());
    return json.append('}').toString();
  }

  private static void victims(final StringBuilder json, final VictimCounts victims) {
    json.append("{\"securityForces\":")
        .append(victims.getSecurityForces())
        .append(",\"civilians\":")
        .append(victims.getCivilians())
        .append(",\"militants\":")
        .append(victims.getMilitants())
        .append(",\"unknown\":")
        .append(victims.getUnknown())
        .append('}');
  }

  private static void string(final StringBuilder json, final String text) {
    json.append('"');
    for (int i = 0; i < text.length(); i++) {
      final char ch = text.charAt(i);
      switch (ch) {
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        default -> {
          if (ch < 0x20) {
            json.append(String.format("\\u%04x", (int) ch));
          } else {
            json.append(ch);
          }
        }
      }
    }
    json.append('"');
  }
}
