package io.surgewatch.streams.engine;

/**
 * A cube key's three parts: its key is {@code country|region|group}, with {@link Contribution#ALL}
 * for a rollup (see {@link Contribution#cubeKeys()}).
 */
record KeyParts(String country, String region, String group) {

  static KeyParts of(final String cubeKey) {
    final int afterCountry = cubeKey.indexOf('|');
    final int afterRegion = cubeKey.indexOf('|', afterCountry + 1);
    return new KeyParts(
        cubeKey.substring(0, afterCountry),
        cubeKey.substring(afterCountry + 1, afterRegion),
        cubeKey.substring(afterRegion + 1));
  }
}
