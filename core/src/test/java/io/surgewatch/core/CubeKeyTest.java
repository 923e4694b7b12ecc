package io.surgewatch.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** A cube key is three parts, country|region|group, * for a rollup; nothing else reads as one. */
class CubeKeyTest {

  @Test
  void aKeyReadsBackAsItIsWritten() {
    final CubeKey key = CubeKey.parse("PK|Khyber Pakhtunkhwa|TTP");
    assertEquals(new CubeKey("PK", "Khyber Pakhtunkhwa", "TTP"), key);
    assertEquals("PK|Khyber Pakhtunkhwa|TTP", key.id());
    assertEquals("PK|Khyber Pakhtunkhwa|*", key.shard());
    assertEquals("*|*|*", CubeKey.id(CubeKey.ALL, CubeKey.ALL, CubeKey.ALL));
  }

  @Test
  void twoOrFourPartsOrAnEmptyPartAreNoKey() {
    assertThrows(IllegalArgumentException.class, () -> CubeKey.parse("PK|TTP"));
    assertThrows(IllegalArgumentException.class, () -> CubeKey.parse("PK|a|b|c"));
    assertThrows(IllegalArgumentException.class, () -> CubeKey.parse("PK||TTP"));
    assertThrows(IllegalArgumentException.class, () -> new CubeKey("PK", " ", "*"));
  }
}
