package io.surgewatch.engine;

/**
 * What an alert carries of a statement's free text: the text itself when it is short, else its
 * start cut at a word boundary, an ellipsis, and how long the whole was ({@code ... [quote cut:
 * 250000 characters in all]}). An alert carries a few statements, and it and the story stores'
 * changelog records must stay far below the broker's record limit (1 MiB by default) whatever was
 * quoted: a pasted transcript is a real statement. The whole statement stays in the statements
 * store, which the statements API reads.
 */
public final class Excerpt {

  /** The most characters (code points) of a quote an alert carries, ellipsis and note aside. */
  public static final int QUOTE_CHARS = 400;

  /** The most characters of a speaker (name, role and organisation) an alert carries. */
  public static final int SPEAKER_CHARS = 200;

  /**
   * A word boundary this close to the cut (in characters) is where the excerpt ends; text with none
   * that close (a long URL, a script written without spaces) is cut where the limit falls.
   */
  private static final int WORD_BACKTRACK = 40;

  private Excerpt() {}

  /** The quote an alert carries: {@link #QUOTE_CHARS} at most, and a note of the whole's length. */
  public static String quote(final String text) {
    return cut(text, QUOTE_CHARS, "quote");
  }

  /** The speaker an alert carries: {@link #SPEAKER_CHARS} at most. */
  public static String speaker(final String text) {
    return cut(text, SPEAKER_CHARS, "speaker");
  }

  private static String cut(final String text, final int limit, final String what) {
    final int length = text.codePointCount(0, text.length());
    if (length <= limit) {
      return text;
    }
    int end = text.offsetByCodePoints(0, limit);
    for (int i = end; i > 0 && end - i < WORD_BACKTRACK; i--) {
      if (Character.isWhitespace(text.charAt(i)) && !Character.isWhitespace(text.charAt(i - 1))) {
        end = i;
        break;
      }
    }
    return text.substring(0, end).stripTrailing()
        + "\u2026 ["
        + what
        + " cut: "
        + length
        + " characters in all]";
  }
}
