package io.surgewatch.inputs;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 text decoded twice: a UTF-8 export opened by a spreadsheet as Windows-1252 and saved again
 * as UTF-8 writes {@code Côte d'Ivoire} as {@code CÃ´te d'Ivoire} and {@code Ségou} as {@code
 * SÃ©gou}; read as it is, the country is unknown and the region a new one. Each run of non-ASCII
 * characters in a line is repaired on its own when it shows what such text shows (a UTF-8 lead byte
 * of Latin, Greek, Cyrillic or Arabic letters or of punctuation, as Windows-1252 decodes it,
 * followed by a continuation byte: {@code Ã©}, {@code â€™}) and encoding it back to Windows-1252
 * gives valid UTF-8 without control characters. Text decoded once is left alone: an accent followed
 * by a letter ({@code Sé}) is never valid UTF-8 that way, and the few pairs that are ({@code É’},
 * {@code Ö”}) do not start with those leads. By runs, not the whole line: a character lost on the
 * way ({@code �}, U+FFFD, where a decoder met a byte it had no character for) or a field written
 * once spoils only its own run, not the rest of the row's fields (a region then split in two keys).
 * Hand-written: no reachable library does this (Python's ftfy does, with more heuristics than a CSV
 * reader needs).
 */
final class DoubleEncoding {
  private DoubleEncoding() {}

  /** The line repaired, or the line itself when it does not hold text decoded twice. */
  static String repair(final String line) {
    final String repaired = repaired(line);
    return repaired == null ? line : repaired;
  }

  /**
   * The line repaired; the line itself when it does not hold text decoded twice; null when it looks
   * decoded twice but mixes that with text written once, and is left as it is (for a note).
   */
  static String repaired(final String line) {
    if (!mayBeDoubleEncoded(line)) {
      return line;
    }
    final StringBuilder out = new StringBuilder(line.length());
    int i = 0;
    while (i < line.length()) {
      final char c = line.charAt(i);
      if (c < 0x80 || c == LOST) {
        out.append(c);
        i++;
        continue;
      }
      int end = i;
      while (end < line.length() && line.charAt(end) >= 0x80 && line.charAt(end) != LOST) {
        end++;
      }
      final byte[] bytes = windows1252(line, i, end);
      if (bytes == null) {
        return null; // a character no Windows-1252 byte decodes to: text written once beside it
      }
      final boolean lostAfter = end < line.length() && line.charAt(end) == LOST;
      // A character whose last byte was lost (â€� for ”): the run ends in its first bytes.
      final int cut = lostAfter ? startOfCutCharacter(bytes) : bytes.length;
      final String run = utf8(bytes, cut);
      if (run == null) {
        return null; // text written once beside it: the line is left as it is
      }
      out.append(run);
      if (cut < bytes.length) {
        out.append(LOST); // in place of the character cut short and the lost byte after it
        i = end + 1;
      } else {
        i = end;
      }
    }
    return out.toString();
  }

  /** U+FFFD: a character a decoder lost on the way, which no byte gives back. */
  private static final char LOST = '\uFFFD';

  /**
   * The Windows-1252 bytes that decode to {@code line[from, to)}; null when a character is none's.
   */
  private static byte[] windows1252(final String line, final int from, final int to) {
    final byte[] bytes = new byte[to - from];
    for (int i = from; i < to; i++) {
      final int b = byteOf(line.charAt(i));
      if (b < 0) {
        return null;
      }
      bytes[i - from] = (byte) b;
    }
    return bytes;
  }

  /**
   * Where the bytes' last character starts when they end before it does (a lead byte and fewer
   * continuation bytes than it announces), else their length.
   */
  private static int startOfCutCharacter(final byte[] bytes) {
    for (int i = bytes.length - 1; i >= 0 && i >= bytes.length - 3; i--) {
      final int b = bytes[i] & 0xff;
      if (b >= 0xc0) {
        final int length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
        return bytes.length - i < length ? i : bytes.length;
      }
      if (b < 0x80) {
        break;
      }
    }
    return bytes.length;
  }

  /** The first {@code n} bytes as UTF-8, or null when they are not UTF-8 of text anyone wrote. */
  private static String utf8(final byte[] bytes, final int n) {
    final String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes, 0, n))
              .toString();
    } catch (final CharacterCodingException notTwice) {
      return null;
    }
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) >= '\u0080' && text.charAt(i) <= '\u009f') {
        return null; // control characters: not text anyone wrote
      }
    }
    return text;
  }

  /**
   * The Windows-1252 byte that decodes to {@code c}, as Windows decodes it (the five bytes the code
   * page leaves undefined, 0x81, 0x8D, 0x8F, 0x90 and 0x9D, to the control characters of their
   * value, so that {@code Á}, C3 81 in UTF-8, survives); -1 when none does.
   */
  private static int byteOf(final char c) {
    if (c < 0x80 || c >= 0xa0 && c <= 0xff) {
      return c;
    }
    final int high = HIGH_CONTROLS.indexOf(c);
    if (high >= 0) {
      return HIGH_BYTES[high];
    }
    return c == 0x81 || c == 0x8d || c == 0x8f || c == 0x90 || c == 0x9d ? c : -1;
  }

  /**
   * Whether the line has a UTF-8 lead byte of the scripts conflict data is written in, as
   * Windows-1252 shows it, followed by a character that shows a continuation byte: the cheap test
   * that spares every plain line the round trip.
   */
  private static boolean mayBeDoubleEncoded(final String line) {
    for (int i = 0; i + 1 < line.length(); i++) {
      if (LEADS.indexOf(line.charAt(i)) >= 0 && isContinuation(line.charAt(i + 1))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Lead bytes C2-C5 (Latin-1 and Latin Extended-A: {@code é}, {@code ş}), CE-CF (Greek), D0-D1
   * (Cyrillic), D8-DB (Arabic), E2 (punctuation: {@code ’}, {@code –}) and EF (a byte-order mark),
   * as Windows-1252 decodes them.
   */
  private static final String LEADS =
      "\u00c2\u00c3\u00c4\u00c5\u00ce\u00cf\u00d0\u00d1\u00d8\u00d9\u00da\u00db\u00e2\u00ef";

  /** What Windows-1252 decodes bytes 0x80-0x9F to, where it defines them ({@link #HIGH_BYTES}). */
  private static final String HIGH_CONTROLS =
      "\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u017d"
          + "\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u017e"
          + "\u0178";

  private static final int[] HIGH_BYTES = {
    0x80, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x8b, 0x8c, 0x8e, 0x91, 0x92, 0x93,
    0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0x9b, 0x9c, 0x9e, 0x9f
  };

  /** A character that Windows-1252 decodes from a byte 0x80-0xBF. */
  private static boolean isContinuation(final char c) {
    return c >= '\u0080' && c <= '\u00bf' || HIGH_CONTROLS.indexOf(c) >= 0;
  }
}
