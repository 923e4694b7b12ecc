package io.surgewatch.inputs;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The user's file in the commands an error advises ({@code file-signatures.csv}), so that they can
 * be pasted as they are: {@code FILE} there is the file, {@code FILE.csv} the CSV to write beside
 * it (its name with its extension, and a compression's ending, replaced: {@code kenya3.dta.gz}
 * gives {@code kenya3.csv}; never the file itself, which a shell's {@code >} would empty before it
 * is read). Each is quoted as the place it stands in needs: {@code 'FILE'} is a Python or R string
 * (both escape a quote and a backslash with a backslash), {@code "FILE"} a Stata one, a bare {@code
 * FILE} a shell word (single-quoted when it holds a character the shell would read).
 */
final class AdviceFile {

  /** A placeholder: its quote (none, ' or "), then FILE, then an extension for a file beside it. */
  private static final Pattern PLACEHOLDER = Pattern.compile("(['\"]?)\\bFILE\\b(\\.\\w+)?\\1");

  /** Characters a shell word may hold unquoted. */
  private static final Pattern SHELL_PLAIN = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

  /** Endings of compressed files, dropped with the extension before them for the file beside it. */
  private static final Pattern PACKED_ENDING =
      Pattern.compile("\\.(gz|bz2|xz|zst|lz4)$", Pattern.CASE_INSENSITIVE);

  private AdviceFile() {}

  /** {@code advice} with each placeholder replaced by {@code file} or the file beside it. */
  static String fill(final String advice, final String file) {
    final Matcher m = PLACEHOLDER.matcher(advice);
    final StringBuilder out = new StringBuilder();
    while (m.find()) {
      final String name = m.group(2) == null ? file : beside(file, m.group(2));
      final String quoted =
          switch (m.group(1)) {
            case "'" -> codeString(name);
            case "\"" -> stataString(name);
            default -> shellWord(name);
          };
      m.appendReplacement(out, Matcher.quoteReplacement(quoted));
    }
    m.appendTail(out);
    return out.toString();
  }

  /**
   * The file of extension {@code ext} beside {@code file}: its name without its extension (and a
   * compression's ending) and with {@code ext}; {@code -text} before it when that is the file
   * itself.
   */
  static String beside(final String file, final String ext) {
    final int slash = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
    final String dir = file.substring(0, slash + 1);
    String base = PACKED_ENDING.matcher(file.substring(slash + 1)).replaceFirst("");
    final int dot = base.lastIndexOf('.');
    if (dot > 0) {
      base = base.substring(0, dot);
    }
    final String named = dir + base + ext;
    return named.toLowerCase(Locale.ROOT).equals(file.toLowerCase(Locale.ROOT))
        ? dir + base + "-text" + ext
        : named;
  }

  /** A shell word: as it is when plain; else single-quoted, each quote in it written '\''. */
  static String shellWord(final String name) {
    final String word = name.startsWith("-") ? "./" + name : name; // never read as an option
    return SHELL_PLAIN.matcher(word).matches() ? word : "'" + word.replace("'", "'\\''") + "'";
  }

  /** A single-quoted string of Python and R alike. */
  private static String codeString(final String name) {
    return "'" + name.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  /** A Stata string: in compound quotes when it holds a double quote. */
  private static String stataString(final String name) {
    return name.contains("\"") ? "`\"" + name + "\"'" : "\"" + name + "\"";
  }
}
