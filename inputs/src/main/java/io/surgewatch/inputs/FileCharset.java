package io.surgewatch.inputs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The character set a file is read in: UTF-8, unless its first {@value #SCAN_MB} MB are not valid
 * UTF-8, then Windows-1252 (ACLED's own older exports, such as its 2016 All-Africa file, and
 * spreadsheets saved on Windows): read as UTF-8 their accented letters would become U+FFFD and a
 * no-break space (byte 0xA0) would break a number. A UTF-8 byte-order mark means UTF-8; a UTF-16
 * one, UTF-16 (Excel's "Unicode Text" is tab-separated UTF-16, which {@link CsvRecords} reads);
 * text with a NUL byte beside each ASCII character, UTF-16 without a mark (R's {@code fileEncoding
 * = "UTF-16LE"}). A file that is not text fails, saying what it is ({@link FileSignature}). Every
 * part of a file ({@link FileParts}) is read in the same character set; a UTF-16 file is one part.
 */
final class FileCharset {

  static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
  static final int SCAN_MB = 16;
  private static final long SCAN = SCAN_MB * 1024L * 1024L;
  private static final ConcurrentHashMap<String, Detected> SEEN = new ConcurrentHashMap<>();

  /** The character set and, when not UTF-8, a note saying why. */
  record Detected(Charset charset, String note) {

    CharsetDecoder decoder() {
      // Malformed input becomes U+FFFD instead of failing the whole file half-way through.
      return charset
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPLACE)
          .onUnmappableCharacter(CodingErrorAction.REPLACE);
    }

    /**
     * Whether each byte of the file below 0x80 is a character (its quotes, separators, line feeds).
     */
    boolean asciiCompatible() {
      return !charset.name().startsWith("UTF-16");
    }
  }

  private FileCharset() {}

  static Detected of(final Path file) throws IOException {
    final String key = FileVersion.of(file);
    final Detected known = SEEN.get(key);
    if (known != null) {
      return known;
    }
    final Detected detected;
    try (InputStream in = Files.newInputStream(file)) {
      detected = detect(in, PackedFile.nameOf(file));
    }
    if (SEEN.size() < 1000) {
      SEEN.put(key, detected);
    }
    return detected;
  }

  /**
   * What the first bytes of a file say: UTF-8 or UTF-16 by a byte-order mark, UTF-16 without one by
   * its NULs; null when they say nothing (text, to scan). Fails, saying what the file is, when they
   * are not text: a workbook, a compressed download, another save of a data set ({@link
   * FileSignature}), or binary data. Read as text, any of them would fail on its "header" with a
   * message full of control bytes.
   */
  private static Detected byStart(final byte[] start, final int n, final String name)
      throws IOException {
    final int b0 = n > 0 ? start[0] & 0xFF : -1;
    final int b1 = n > 1 ? start[1] & 0xFF : -1;
    final int b2 = n > 2 ? start[2] & 0xFF : -1;
    if (b0 == 0xEF && b1 == 0xBB && b2 == 0xBF) {
      return new Detected(StandardCharsets.UTF_8, null);
    }
    if (b0 == 0xFF && b1 == 0xFE || b0 == 0xFE && b1 == 0xFF) {
      // Java's UTF-16 decoder reads the mark, takes its byte order, and drops it.
      return utf16(start, n, StandardCharsets.UTF_16, b0 == 0xFE, "with a byte-order mark");
    }
    final Optional<FileSignature> signature = FileSignature.of(start, n);
    if (signature.isPresent()) {
      throw new IOException(signature.get().refusal(name));
    }
    final Charset unmarked = utf16WithoutMark(start, n);
    if (unmarked != null) {
      return utf16(
          start,
          n,
          unmarked,
          unmarked.equals(StandardCharsets.UTF_16BE),
          "without a byte-order mark: told by the NUL byte "
              + (unmarked.equals(StandardCharsets.UTF_16BE) ? "before" : "after")
              + " each ASCII character");
    }
    for (int i = 0; i < n; i++) {
      if (start[i] == 0) {
        throw new IOException(
            i > 0 && onlyNul(start, i, n)
                ? "text, then only NUL bytes from offset "
                    + i
                    + " (as a download or copy that stopped leaves the space it had set aside), not"
                    + " a whole text file: download it again"
                : "binary data (a NUL byte at offset " + i + "), not a text file");
      }
    }
    return null;
  }

  /** Whether bytes {@code from} to {@code n} of {@code start} are all NUL. */
  private static boolean onlyNul(final byte[] start, final int from, final int n) {
    for (int i = from; i < n; i++) {
      if (start[i] != 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * UTF-16, its note: Excel's "Unicode Text" is tab-separated UTF-16 with a byte-order mark; any
   * other UTF-16 is called what it is.
   */
  private static Detected utf16(
      final byte[] start,
      final int n,
      final Charset charset,
      final boolean bigEndian,
      final String how) {
    final String first = new String(start, 0, n - n % 2, charset).lines().findFirst().orElse("");
    final boolean unicodeText = charset.equals(StandardCharsets.UTF_16) && first.contains("\t");
    return new Detected(
        charset,
        "UTF-16 ("
            + (bigEndian ? "big" : "little")
            + "-endian, "
            + (unicodeText ? "Excel's \"Unicode Text\"" : how)
            + ")");
  }

  /**
   * UTF-16LE or UTF-16BE when the start of a file is text in UTF-16 without a byte-order mark (as R
   * writes with {@code fileEncoding = "UTF-16LE"}): nearly every pair of bytes a character below
   * U+0100, its other byte NUL (ASCII and Latin-1 text); null when it is not.
   */
  static Charset utf16WithoutMark(final byte[] start, final int n) {
    final int pairs = Math.min(n / 2, UTF16_PAIRS);
    if (pairs < 2) {
      return null;
    }
    int little = 0; // a character, then NUL
    int big = 0; // NUL, then a character
    for (int i = 0; i < pairs; i++) {
      final int first = start[2 * i] & 0xFF;
      final int second = start[2 * i + 1] & 0xFF;
      if (second == 0 && isCharacter(first)) {
        little++;
      } else if (first == 0 && isCharacter(second)) {
        big++;
      }
    }
    // One pair in ten may be a character beyond Latin-1 (an en dash, a letter of another script).
    if (little * 10 >= pairs * 9 && big * 50 <= pairs) {
      return StandardCharsets.UTF_16LE;
    }
    if (big * 10 >= pairs * 9 && little * 50 <= pairs) {
      return StandardCharsets.UTF_16BE;
    }
    return null;
  }

  /** Whether a character below U+0100 is text: printable, a tab or a line end. */
  private static boolean isCharacter(final int c) {
    return c >= 0x20 && c != 0x7F && (c < 0x80 || c >= 0xA0) || c == '\t' || c == '\n' || c == '\r';
  }

  /** Bytes of a file's start looked at for a byte-order mark, a signature or UTF-16's NULs. */
  private static final int HEAD = 1 << 16;

  /** Bytes of a file's start that tell UTF-16 without a byte-order mark. */
  private static final int UTF16_PAIRS = 2048;

  /**
   * Reads at most {@value #SCAN_MB} MB of the stream.
   *
   * @param name the file's name, for the commands a refusal of a file that is not text advises
   */
  static Detected detect(final InputStream in, final String name) throws IOException {
    final byte[] head = in.readNBytes(HEAD);
    final Detected marked = byStart(head, head.length, name);
    if (marked != null) {
      return marked;
    }
    final CharsetDecoder utf8 =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    final ByteBuffer bytes = ByteBuffer.allocate(HEAD);
    bytes.put(head);
    final CharBuffer chars = CharBuffer.allocate(1 << 16);
    long offset = 0; // of bytes.position(0) in the file
    long total = head.length;
    boolean more = head.length == HEAD;
    while (true) {
      bytes.flip();
      while (true) {
        chars.clear();
        final CoderResult r = utf8.decode(bytes, chars, false);
        if (r.isError()) {
          final long at = offset + bytes.position();
          return new Detected(
              WINDOWS_1252,
              String.format(
                  Locale.ROOT,
                  "not UTF-8 (byte 0x%02X at offset %d is no UTF-8 character): read as Windows-1252",
                  bytes.get() & 0xFF,
                  at));
        }
        if (r.isUnderflow()) {
          break;
        }
      }
      offset += bytes.position();
      bytes.compact();
      if (!more || total >= SCAN) {
        break;
      }
      final int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
      if (n < 0) {
        break;
      }
      bytes.position(bytes.position() + n);
      total += n;
    }
    // Bytes left at the end of the scan are the start of a character cut by its limit, or (at the
    // end of the file) a truncated one: neither makes a file not UTF-8.
    return new Detected(StandardCharsets.UTF_8, null);
  }
}
