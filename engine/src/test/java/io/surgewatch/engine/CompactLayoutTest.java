package io.surgewatch.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The cube's stored values write their numbers as variable-length integers: small, and every value
 * still reads.
 */
class CompactLayoutTest {
  static final long[] EDGES = {
    0,
    1,
    -1,
    63,
    -64,
    64,
    127,
    128,
    300,
    -300,
    Integer.MAX_VALUE,
    Integer.MIN_VALUE,
    Long.MAX_VALUE,
    Long.MIN_VALUE,
    Long.MAX_VALUE - 1,
    Long.MIN_VALUE + 1
  };

  @Test
  void everyLongReadsBackAsWritten() {
    final ByteBuffer buf = ByteBuffer.allocate(EDGES.length * Varints.MAX_LONG);
    for (final long v : EDGES) {
      Varints.putLong(buf, v);
    }
    buf.flip();
    for (final long v : EDGES) {
      assertEquals(v, Varints.getLong(buf));
    }
    assertEquals(0, buf.remaining());
  }

  @Test
  void aCorruptValueStopsTheReaderInsteadOfMisreading() {
    final byte[] endless = new byte[11];
    Arrays.fill(endless, (byte) 0x80);
    assertThrows(IllegalStateException.class, () -> Varints.getLong(ByteBuffer.wrap(endless)));
    final byte[] past64Bits = new byte[10];
    Arrays.fill(past64Bits, (byte) 0xFF);
    past64Bits[9] = 0x02; // a bit the tenth byte cannot carry
    assertThrows(IllegalStateException.class, () -> Varints.getLong(ByteBuffer.wrap(past64Bits)));
    final ByteBuffer hugeCount = ByteBuffer.allocate(Varints.MAX_INT);
    Varints.putInt(hugeCount, 1 << 30);
    hugeCount.flip();
    assertThrows(IllegalStateException.class, () -> Varints.getCount(hugeCount, 1));
    final ByteBuffer tooBig = ByteBuffer.allocate(Varints.MAX_LONG);
    Varints.putLong(tooBig, 1L << 40);
    tooBig.flip();
    assertThrows(IllegalStateException.class, () -> Varints.getInt(tooBig));
  }

  @Test
  void aKeyHeadKeepsEveryFieldAndTakesAFractionOfItsFixedWidth() {
    final KeyState head = new KeyState(10, 4);
    head.day = 19_700;
    head.rolling[0][0] = 3;
    head.rolling[9][8] = Long.MIN_VALUE;
    head.rolling[5][2] = -17;
    head.emitted[3][1] = Long.MAX_VALUE;
    head.sentMask = 0b1011;
    final AlertState alert = head.alerts[2];
    alert.status = AlertState.ESCALATED;
    alert.alertId = "PK|Khyber Pakhtunkhwa|TTP|killed|2023-01-30";
    alert.sequence = 4;
    alert.openedOn = 19_380;
    alert.lastDay = 19_690;
    alert.baseSum = 1_234;
    alert.baseSquares = -1;
    head.redundant.add(3, 19_699);
    head.redundant.add(0, -5);

    final byte[] bytes = head.encode();
    assertEquals(3, bytes[0], "the layout version");
    final KeyState back = KeyState.decode(bytes);
    assertArrayEquals(bytes, back.encode());
    assertEquals(19_700, back.day);
    assertEquals(Integer.MIN_VALUE, back.emittedDay, "nothing emitted yet");
    assertEquals(Long.MIN_VALUE, back.rolling[9][8]);
    assertEquals(-17, back.rolling[5][2]);
    assertEquals(Long.MAX_VALUE, back.emitted[3][1]);
    assertEquals(0b1011, back.sentMask);
    assertEquals("PK|Khyber Pakhtunkhwa|TTP|killed|2023-01-30", back.alerts[2].alertId);
    assertEquals(-1, back.alerts[2].baseSquares);
    assertEquals("", back.alerts[0].alertId);
    assertTrue(back.redundant.contains(3, 19_699) && back.redundant.contains(0, -5));

    final int fixedWidth = 1 + 4 + 4 + 10 * Tally.SIZE * 8 + 4 + 4 + 4 + 4 * Tally.SIZE * 8;
    assertTrue(
        new KeyState(10, 4).encode().length * 5 < fixedWidth,
        "a quiet key's head: "
            + new KeyState(10, 4).encode().length
            + " bytes against "
            + fixedWidth
            + " and more");
  }

  @Test
  void aBucketKeepsItsTallyAndTopIncidents() {
    final Bucket bucket = new Bucket();
    final long[] delta = new long[Tally.SIZE];
    delta[0] = 12;
    delta[Tally.SIZE - 1] = -2;
    bucket.apply("ACLED:PAK12345", delta);
    bucket.apply("UCDP:9", delta);
    final byte[] bytes = bucket.encode();
    assertEquals(2, bytes[0], "the layout version");
    final Bucket back = Bucket.decode(bytes);
    assertArrayEquals(bucket.tally, back.tally);
    assertEquals(bucket.top.size(), back.top.size());
    for (int i = 0; i < bucket.top.size(); i++) {
      assertEquals(bucket.top.id(i), back.top.id(i));
      assertEquals(bucket.top.weight(i), back.top.weight(i));
    }
    assertArrayEquals(bytes, back.encode());
  }
}
