package io.surgewatch.engine;

/** The published windows' names ({@code P30D}) and lengths, by their index among them. */
final class PublishedWindows {
  private final String[] names;
  private final int[] days;

  PublishedWindows(final EngineConfig config) {
    this.names =
        config.publishedWindows().stream().map(window -> "P" + window + "D").toArray(String[]::new);
    this.days = config.publishedWindows().stream().mapToInt(Integer::intValue).toArray();
  }

  /** The window's name, an ISO-8601 duration in days. */
  String name(final int published) {
    return names[published];
  }

  /** The window's length in days. */
  int days(final int published) {
    return days[published];
  }
}
