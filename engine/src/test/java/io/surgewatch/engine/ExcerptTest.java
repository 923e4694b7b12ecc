package io.surgewatch.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** What an alert carries of a statement's words: short ones whole, long ones cut and marked. */
class ExcerptTest {

  @Test
  void aQuoteOfTheLimitIsCarriedWhole() {
    final String quote = "a".repeat(Excerpt.QUOTE_CHARS);
    assertSame(quote, Excerpt.quote(quote));
  }

  @Test
  void aLongQuoteIsCutAtAWordBoundaryWithAnEllipsisAndTheWholeLength() {
    final String quote = "the words ".repeat(25_000); // 250,000 characters, a pasted transcript
    final String excerpt = Excerpt.quote(quote);
    assertTrue(excerpt.endsWith("words\u2026 [quote cut: 250000 characters in all]"), excerpt);
    final String words = excerpt.substring(0, excerpt.indexOf('\u2026'));
    assertTrue(words.length() <= Excerpt.QUOTE_CHARS, words);
    assertTrue(quote.startsWith(words), words);
  }

  @Test
  void textWithoutSpacesIsCutAtTheLimitNeverInsideACharacter() {
    final String quote = "\uD83D\uDE00".repeat(Excerpt.QUOTE_CHARS + 1); // outside the BMP
    final String excerpt = Excerpt.quote(quote);
    final String kept = excerpt.substring(0, excerpt.indexOf('\u2026'));
    assertEquals(Excerpt.QUOTE_CHARS, kept.codePointCount(0, kept.length()));
    assertTrue(
        excerpt.endsWith("[quote cut: " + (Excerpt.QUOTE_CHARS + 1) + " characters in all]"));
  }

  @Test
  void anUrduQuoteIsCutAtItsSpaces() {
    final String quote = "\u067E\u0627\u06A9\u0633\u062A\u0627\u0646 ".repeat(10_000);
    final String excerpt = Excerpt.quote(quote);
    assertTrue(excerpt.startsWith("\u067E\u0627\u06A9\u0633\u062A\u0627\u0646 "));
    assertTrue(excerpt.contains("\u0646\u2026 [quote cut: 80000 characters in all]"), excerpt);
  }

  @Test
  void aLongSpeakerIsCutToo() {
    final String speaker = "Spokesperson, " + "Ministry ".repeat(100);
    final String excerpt = Excerpt.speaker(speaker);
    assertTrue(excerpt.length() < Excerpt.SPEAKER_CHARS + 40, excerpt);
    assertTrue(excerpt.endsWith("[speaker cut: " + speaker.length() + " characters in all]"));
  }
}
