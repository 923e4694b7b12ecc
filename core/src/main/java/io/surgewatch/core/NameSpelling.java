package io.surgewatch.core;

import java.text.Normalizer;
import java.util.BitSet;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * How the canonicaliser spells names: the matching form every alias table is keyed by ({@link
 * #normalise}), and the one spelling and casing of a name the tables lack ({@link #plain}, {@link
 * #canonicalCase}), so that sources that write it differently still count it as one name.
 */
final class NameSpelling {

  /** Roman numerals, kept in capitals: "Region II". */
  private static final Pattern ROMAN = Pattern.compile("(?i)(?=[ivx])x{0,3}(ix|iv|v?i{0,3})");

  /**
   * The longest all-capitals word kept as an abbreviation inside a name in mixed case ("AQAP",
   * "ISWAP").
   */
  private static final int ABBREVIATION_IN_NAME = 5;

  /** A word of Latin capitals without a vowel (y counts as one), digits and marks aside. */
  private static final Pattern VOWELLESS =
      Pattern.compile("[^A-Za-z]*(?:[B-DF-HJ-NP-TV-XZ][^A-Za-z]*)+");

  /** An ordinal number, its suffix in lower case whatever the name's casing: "35th", "22nd". */
  private static final Pattern ORDINAL = Pattern.compile("(?i)\\d+(st|nd|rd|th)");

  /**
   * The spaced dash between a group and its faction in UCDP's names ("TTP - TA"): in a name in
   * capitals each side is cased as a name of its own, so abbreviations on both sides stay.
   */
  private static final String FACTION = " - ";

  private static final Set<String> PARTICLES = particles();

  private NameSpelling() {}

  /**
   * The matching form of a name: letters and digits only, lower case, accents dropped, "&" read as
   * "and".
   */
  static String normalise(final String raw) {
    // Every mark goes, in any script, so that a name matches as it always has ("Орёл", "Орел");
    // only the spelling kept for display keeps non-Latin marks (plain).
    final String s = isAscii(raw) ? raw : withoutMarks(raw);
    final StringBuilder b = new StringBuilder(s.length() + 4);
    for (int i = 0; i < s.length(); i++) {
      final char c = s.charAt(i);
      if (Character.isLetterOrDigit(c)) {
        b.append(Character.toLowerCase(c));
      } else if (c == '&') {
        b.append("and");
      }
    }
    return b.toString();
  }

  /**
   * Accents dropped from Latin letters, spaces collapsed, trimmed. Other scripts keep their marks:
   * the Cyrillic "й" is a letter of its own, not an accented "и" ("Тыграй" is not "Тыграи").
   */
  static String plain(final String raw) {
    final String s = raw.trim().replaceAll("\\s+", " ");
    if (isAscii(s)) {
      return s;
    }
    final String decomposed = Normalizer.normalize(s, Normalizer.Form.NFD);
    final StringBuilder b = new StringBuilder(decomposed.length());
    boolean afterLatin = false;
    for (int i = 0; i < decomposed.length(); ) {
      final int c = decomposed.codePointAt(i);
      i += Character.charCount(c);
      final boolean mark = MARK_TYPES.get(Character.getType(c));
      if (!mark) {
        afterLatin = Character.UnicodeScript.of(c) == Character.UnicodeScript.LATIN;
      }
      if (!(mark && afterLatin)) {
        b.appendCodePoint(c);
      }
    }
    return Normalizer.normalize(b, Normalizer.Form.NFC);
  }

  private static String withoutMarks(final String s) {
    final String decomposed = Normalizer.normalize(s, Normalizer.Form.NFD);
    final StringBuilder b = new StringBuilder(decomposed.length());
    for (int i = 0; i < decomposed.length(); ) {
      final int c = decomposed.codePointAt(i);
      i += Character.charCount(c);
      if (!MARK_TYPES.get(Character.getType(c))) {
        b.appendCodePoint(c);
      }
    }
    return b.toString();
  }

  /** The Unicode categories of combining marks (what {@code \\p{M}} matches). */
  private static final BitSet MARK_TYPES = markTypes();

  private static BitSet markTypes() {
    final BitSet types = new BitSet();
    types.set(Character.NON_SPACING_MARK);
    types.set(Character.ENCLOSING_MARK);
    types.set(Character.COMBINING_SPACING_MARK);
    return types;
  }

  /**
   * The one casing of a name the tables lack, whatever casing a source writes it in, and the name
   * as published when it is published in mixed case:
   *
   * <ul>
   *   <li>a particle of {@code name-particles.csv} ("and", "of", "the", "du", "es", "el", "al",
   *       "wa", ...) is written in lower case, except as the name's first word ("Jammu and
   *       Kashmir", "Dar es Salaam", "Al Anbar"); so is a particle that is part of a hyphenated
   *       word ("Nusrat al-Islam");
   *   <li>a whole name written in capitals is title-cased ("JAMMU AND KASHMIR": Jammu and Kashmir),
   *       unless it is one short word, numbers aside, an abbreviation ({@code maxAbbreviation}
   *       letters: "FCT" for a region, "CODECO" or "DKBA 5" for a group); a word or part of a
   *       hyphenated word in capitals without a vowel stays, an abbreviation ("GALON PDF": Galon
   *       PDF);
   *   <li>in a name in mixed case, a word in capitals of at most five letters is an abbreviation
   *       and stays ("AQAP", "ISWAP"); a longer one is capitalised; a word in lower case is
   *       capitalised; a word with capitals inside ("McDonald", "KwaZulu-Natal") stays as written;
   *       Roman numerals are capitals ("Region II"), an ordinal's suffix lower case ("35th");
   *   <li>in a name in capitals, each side of UCDP's faction dash is cased as a name ("TTP - TA").
   * </ul>
   *
   * So "BORNO", "borno" and "Borno" are Borno, "Boucle Du Mouhoun" and "Boucle du Mouhoun" one
   * name. Spellings that differ by capitals inside a word ("Mcdonald", "McDonald") stay two names:
   * add an alias to merge them.
   */
  static String canonicalCase(final String s, final int maxAbbreviation) {
    boolean anyLower = false;
    boolean anyUpper = false;
    for (int i = 0; i < s.length(); i++) {
      final char c = s.charAt(i);
      anyLower |= Character.isLowerCase(c);
      anyUpper |= Character.isUpperCase(c);
    }
    final boolean allCaps = anyUpper && !anyLower;
    if (allCaps && s.contains(FACTION)) {
      final StringJoiner sides = new StringJoiner(FACTION);
      for (final String side : s.split(FACTION, -1)) {
        sides.add(canonicalCase(side, maxAbbreviation));
      }
      return sides.toString();
    }
    final String[] words = s.split(" ", -1);
    final int named = wordsWithLetters(words);
    if (allCaps
        && named == 1
        && letters(s)
            <= (named == words.length
                ? maxAbbreviation
                : Math.min(maxAbbreviation, ABBREVIATION_IN_NAME))) {
      return s; // one abbreviation; beside numbers, a short one ("DKBA 5", not "BRIGADE 55")
    }
    final StringBuilder b = new StringBuilder(s.length());
    for (int w = 0; w < words.length; w++) {
      if (w > 0) {
        b.append(' ');
      }
      b.append(casedWord(words[w], w == 0, allCaps));
    }
    return b.toString();
  }

  private static String casedWord(
      final String word, final boolean first, final boolean nameInCaps) {
    final int letters = letters(word);
    if (letters == 0) {
      return word;
    }
    if (ROMAN.matcher(word).matches()) {
      return word.toUpperCase(Locale.ROOT);
    }
    if (ORDINAL.matcher(word).matches()) {
      return word.toLowerCase(Locale.ROOT);
    }
    final boolean upper = word.equals(word.toUpperCase(Locale.ROOT));
    final boolean lower = word.equals(word.toLowerCase(Locale.ROOT));
    if (upper && !nameInCaps && letters <= ABBREVIATION_IN_NAME) {
      return word; // an abbreviation in a name in mixed case
    }
    final boolean recase = upper || lower;
    final StringBuilder b = new StringBuilder(word.length());
    int start = 0;
    for (int part = 0; start <= word.length(); part++) {
      int end = partEnd(word, start);
      final String p = word.substring(start, end);
      if (part > 0) {
        b.append(word.charAt(start - 1));
      }
      if (!(first && part == 0) && PARTICLES.contains(lettersOf(p).toLowerCase(Locale.ROOT))) {
        b.append(p.toLowerCase(Locale.ROOT));
      } else if (upper && !p.endsWith(".") && VOWELLESS.matcher(p).matches()) {
        // No word of the Latin alphabet is written without a vowel: "PDF", "KNPP" (but "ST." is one
        // cut short, as "St.").
        b.append(p);
      } else if (recase) {
        b.append(capitalisedPart(p));
      } else {
        b.append(p);
      }
      start = end + 1;
    }
    return b.toString();
  }

  /**
   * Where the part of a word that starts at {@code start} ends: at a hyphen or a slash, each of
   * whose parts is cased as a word ("Ansar al-Islam", "and/or").
   */
  private static int partEnd(final String word, final int start) {
    for (int i = start; i < word.length(); i++) {
      if (word.charAt(i) == '-' || word.charAt(i) == '/') {
        return i;
      }
    }
    return word.length();
  }

  /**
   * The first letter in capitals, the others in lower case: "BORNO", "borno": Borno; "JAMA'AT":
   * Jama'at.
   */
  private static String capitalisedPart(final String p) {
    final StringBuilder b = new StringBuilder(p.length());
    boolean seen = false;
    for (int i = 0; i < p.length(); i++) {
      final char c = p.charAt(i);
      if (Character.isLetter(c) && !seen) {
        b.append(Character.toUpperCase(c));
        seen = true;
      } else {
        b.append(Character.toLowerCase(c));
      }
    }
    return b.toString();
  }

  private static int wordsWithLetters(final String[] words) {
    int n = 0;
    for (final String w : words) {
      if (letters(w) > 0) {
        n++;
      }
    }
    return n;
  }

  private static int letters(final String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      if (Character.isLetter(s.charAt(i))) {
        n++;
      }
    }
    return n;
  }

  private static String lettersOf(final String s) {
    final StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      if (Character.isLetter(s.charAt(i))) {
        b.append(s.charAt(i));
      }
    }
    return b.toString();
  }

  private static boolean isAscii(final String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) > 127) {
        return false;
      }
    }
    return true;
  }

  private static Set<String> particles() {
    final Set<String> out = new HashSet<>();
    DataTable.read(NameSpelling.class, "name-particles.csv")
        .forEach(r -> out.add(r[0].trim().toLowerCase(Locale.ROOT)));
    return Set.copyOf(out);
  }
}
