package io.surgewatch.inputs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** UTF-8 text a spreadsheet decoded as Windows-1252 and saved again is read as it was written. */
class DoubleEncodingTest {

  /**
   * What a spreadsheet makes of UTF-8 text it opens as Windows-1252: as Windows decodes the code
   * page, its five undefined bytes to the control characters of their value (Java's decoder makes
   * them U+FFFD).
   */
  static String decodedTwice(final String text) {
    final StringBuilder out = new StringBuilder();
    for (final byte b : text.getBytes(StandardCharsets.UTF_8)) {
      final int v = b & 0xff;
      out.append(
          v == 0x81 || v == 0x8d || v == 0x8f || v == 0x90 || v == 0x9d
              ? (char) v
              : new String(new byte[] {b}, Charset.forName("windows-1252")).charAt(0));
    }
    return out.toString();
  }

  @Test
  void textDecodedTwiceIsRepairedWhateverItsAccents() {
    for (final String text :
        new String[] {
          "CIV1,Côte d'Ivoire,Yamoussoukro",
          "STP2,São Tomé and Príncipe,Água Grande",
          "MLI3,Mali,Ségou,“quoted” – dash",
          "TUR4,Türkiye,Şanlıurfa",
          "UKR5,Україна,Донецька область",
          "SYR6,سوريا,حلب",
          "\uFEFFevent_id_cnty,event_date",
          "BRA7,Água Branca, “Ação” — 5°",
        }) {
      assertEquals(text, DoubleEncoding.repair(decodedTwice(text)), decodedTwice(text));
    }
  }

  @Test
  void textDecodedOnceIsLeftAsItIs() {
    for (final String text :
        new String[] {
          "CIV1,Côte d'Ivoire",
          "STP2,São Tomé",
          "plain ASCII, nothing to do",
          "Ã alone, Â ",
          // Capitals followed by a symbol that happen to be valid UTF-8 when encoded back:
          "JOSÉ’S MILITIA",
          "FRANÇ“OIS”",
          "2×½ km",
          "GÖ” Haïti, naïve",
          "a control character: Â\u0085",
        }) {
      assertSame(text, DoubleEncoding.repair(text), text);
    }
  }

  @Test
  void aCharacterLostOnTheWayStaysAndTheTextAroundItIsRepaired() {
    // A UCDP row re-saved twice: one field's character lost on the way (U+FFFD), the region's
    // accents decoded twice.
    final String lost = "1,Bouar\uFFFD,";
    assertEquals(
        lost + "Nana-Mambéré prefecture",
        DoubleEncoding.repair(lost + decodedTwice("Nana-Mambéré prefecture")));
    assertEquals("\uFFFDé", DoubleEncoding.repair("\uFFFD" + decodedTwice("é")));
    // The last byte of a character lost (” is E2 80 9D; a decoder without 9D made it U+FFFD).
    final String cut = decodedTwice("Dead” ").replace("\u009d", "\uFFFD");
    assertEquals(
        "Dead\uFFFD Nana-Mambéré, Иван\uFFFD",
        DoubleEncoding.repair(
            cut
                + decodedTwice("Nana-Mambéré, Иван")
                + decodedTwice("И").substring(0, 1)
                + "\uFFFD"));
    // Text written once beside it still leaves the line as it is, and says so.
    final String mixed = "CIV1,Côte d'Ivoire," + decodedTwice("Ségou");
    assertSame(mixed, DoubleEncoding.repair(mixed));
    assertNull(DoubleEncoding.repaired(mixed));
  }
}
