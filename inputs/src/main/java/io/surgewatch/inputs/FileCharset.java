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
import java.util.concurrent.ConcurrentHashMap;

/**
 * The character set a file is read in: UTF-8, unless its first {@value #SCAN_MB} MB are not valid
 * UTF-8, then Windows-1252 (ACLED's own older exports, such as its 2016 All-Africa file, and
 * spreadsheets saved on Windows): read as UTF-8 their accented letters would become U+FFFD and a
 * no-break space (byte 0xA0) would break a number. A UTF-8 byte-order mark means UTF-8; a UTF-16
 * one, UTF-16 (Excel's "Unicode Text", tab-separated, which {@link CsvRecords} reads). Every part
 * of a file ({@link FileParts}) is read in the same character set; a UTF-16 file is one part.
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
      return !charset.equals(StandardCharsets.UTF_16);
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
      detected = detect(in);
    }
    if (SEEN.size() < 1000) {
      SEEN.put(key, detected);
    }
    return detected;
  }

  /**
   * Fails, saying what the file is, when its first bytes are not text: a workbook, a compressed
   * download, or binary data. Read as text, any of them would fail on its "header" with a message
   * full of control bytes.
   */
  private static void notText(final ByteBuffer start) throws IOException {
    final int b0 = start.get(0) & 0xFF;
    final int b1 = start.get(1) & 0xFF;
    if (b0 == 0x50 && b1 == 0x4B && start.get(2) == 3 && start.get(3) == 4) {
      throw new IOException(
          "a zip archive (an Excel .xlsx workbook, or a zipped download), not a text file: open it"
              + " and save or export it as CSV UTF-8, or unzip it");
    }
    if (b0 == 0x1F && b1 == 0x8B) {
      throw new IOException("gzip-compressed, not a text file: decompress it first (gunzip)");
    }
    for (int i = 0; i < start.remaining(); i++) {
      if (start.get(i) == 0) {
        throw new IOException("binary data (a NUL byte at offset " + i + "), not a text file");
      }
    }
  }

  /** Reads at most {@value #SCAN_MB} MB of the stream. */
  static Detected detect(final InputStream in) throws IOException {
    final CharsetDecoder utf8 =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    final ByteBuffer bytes = ByteBuffer.allocate(1 << 16);
    final CharBuffer chars = CharBuffer.allocate(1 << 16);
    long offset = 0; // of bytes.position(0) in the file
    long total = 0;
    boolean first = true;
    while (total < SCAN) {
      final int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
      if (n < 0) {
        break;
      }
      bytes.position(bytes.position() + n);
      total += n;
      bytes.flip();
      if (first
          && bytes.remaining() >= 3
          && (bytes.get(0) & 0xFF) == 0xEF
          && (bytes.get(1) & 0xFF) == 0xBB
          && (bytes.get(2) & 0xFF) == 0xBF) {
        return new Detected(StandardCharsets.UTF_8, null);
      }
      if (first
          && bytes.remaining() < 4
          && total < SCAN) { // too few bytes yet to see a byte-order mark or a signature
        bytes.compact();
        continue;
      }
      if (first) {
        final int b0 = bytes.get(0) & 0xFF;
        final int b1 = bytes.get(1) & 0xFF;
        if (b0 == 0xFF && b1 == 0xFE || b0 == 0xFE && b1 == 0xFF) {
          // Java's UTF-16 decoder reads the mark, takes its byte order, and drops it.
          return new Detected(
              StandardCharsets.UTF_16,
              "UTF-16 (" + (b0 == 0xFF ? "little" : "big") + "-endian, Excel's \"Unicode Text\")");
        }
        notText(bytes);
      }
      first = false;
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
    }
    // Bytes left at the end of the scan are the start of a character cut by its limit, or (at the
    // end of the file) a truncated one: neither makes a file not UTF-8.
    return new Detected(StandardCharsets.UTF_8, null);
  }
}
