package io.surgewatch.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every stored value of a hand-written layout starts with its format version, and an unknown one
 * stops the reader.
 */
class StoredFormatTest {
  final Contribution counts =
      new Contribution(
          Contribution.Shard.COUNTRY,
          "I1",
          19_400,
          "PK",
          "Punjab",
          List.of("TTP"),
          new long[Tally.SIZE]);

  @Test
  void anUnknownVersionIsRefusedNamingTheValueAndTheVersionsRead() {
    final byte[] head = new KeyState(2, 1).encode();
    head[0] = 9;
    assertEquals(
        "a key head stored with format version 9, which this release does not read (it reads 1, 2, 3): state"
            + " written by a newer release? Run that release, or reset the application's state",
        assertThrows(IllegalStateException.class, () -> KeyState.decode(head)).getMessage());
    final byte[] bucket = new Bucket().encode();
    bucket[0] = (byte) 0xC3;
    assertEquals(
        "a bucket stored with format version 195, which this release does not read (it reads 1, 2): state"
            + " written by a newer release? Run that release, or reset the application's state",
        assertThrows(IllegalStateException.class, () -> Bucket.decode(bucket)).getMessage());
  }

  @Test
  void aSetAsideReportKeepsItsTypeSoThatARepeatIsToldFromARetraction() {
    final byte[] setAside =
        Codec.encode(new RevisionTracker.Report(1_680_000_000_000L, 0, true, counts, "Protests"));
    assertEquals("Protests", Codec.decodeReport(setAside).setAsideType());
    assertTrue(Codec.decodeReport(setAside).retracted(), "out of the counts");
    assertArrayEquals(setAside, Codec.encode(Codec.decodeReport(setAside)));
    final byte[] retraction =
        Codec.encode(new RevisionTracker.Report(1_680_000_000_000L, 0, true, counts));
    assertNull(Codec.decodeReport(retraction).setAsideType());
    assertTrue(Codec.decodeReport(retraction).retracted());
    // Version 1 stored a set-aside report as a retraction: read as one, its type unknown.
    final byte[] one = retraction.clone();
    one[0] = 1;
    assertArrayEquals(retraction, Codec.encode(Codec.decodeReport(one)));
  }

  @Test
  void aReportStartsWithItsVersionAndOneStoredBeforeTheVersionByteStillReads() {
    for (final long reportedAt :
        new long[] {1_680_000_000_000L, -86_400_000L * 365 * 30}) { // 2023; 1940: 0xFF...
      final RevisionTracker.Report report =
          new RevisionTracker.Report(reportedAt, 3, false, counts);
      final byte[] now = Codec.encode(report);
      assertEquals(2, now[0]);
      assertArrayEquals(now, Codec.encode(Codec.decodeReport(now)));
      final byte[] before =
          Arrays.copyOfRange(now, 1, now.length); // the layout without the version byte
      assertArrayEquals(now, Codec.encode(Codec.decodeReport(before)));
      final byte[] one = now.clone(); // version 1: the same layout, a state of 0 or 1 only
      one[0] = 1;
      assertArrayEquals(now, Codec.encode(Codec.decodeReport(one)));
    }
    final byte[] later = Codec.encode(new RevisionTracker.Report(0, 1, true, counts));
    later[0] = 7;
    assertEquals(
        "a stage-1 report stored with format version 7, which this release does not read (it reads 1, 2): state"
            + " written by a newer release? Run that release, or reset the application's state",
        assertThrows(IllegalStateException.class, () -> Codec.decodeReport(later)).getMessage());
  }
}
