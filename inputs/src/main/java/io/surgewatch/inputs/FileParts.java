package io.surgewatch.inputs;

import io.surgewatch.core.EventPreparer;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits an input file into parts that start and end on record boundaries, so that several threads
 * can parse one file (parsing is most of a large backtest's reading). A part's reader numbers
 * records by their physical lines in the whole file and, for the CSV formats, reads the file's
 * header first (a UCDP GED file's HXL tag row, its line 2, is in the first part), so its records
 * and dead letters are exactly those of one reader over the whole file.
 *
 * <p>Boundaries are found by one pass over the bytes before the last split point: a line break
 * outside quoted fields, framed as {@link CsvRecords} frames records ({@link CsvFraming}). UTF-8
 * never uses the bytes of {@code "}, the separators, CR or LF inside a multi-byte character, so
 * bytes suffice. When a record before a split runs on for more than {@link #MAX_RECORD} bytes, or
 * spans lines without the header's number of fields (an unmatched quote, where the one reader
 * rejects the line and starts over on the next), the file stays one part. So does ACLED's monadic
 * export, whose events span several rows; and every part of a CSV file reads all-numeric dates in
 * the order, and numbers such as {@code 1,172} by the decimal mark, that the whole file's first
 * rows decide.
 *
 * <p>A file of exports joined end to end can hold a later header with other columns (ACLED's
 * changed over the years), which the one reader takes where it comes ({@link
 * CsvInputReader#nextRecord}). The scan for boundaries looks for such headers too, as it passes
 * over every byte before the last boundary anyway: a record with the format's {@link
 * CsvInputReader#headerKey} in it (matched byte by byte as it goes, at little cost) is parsed, and
 * when it is a header of the format with other cells than the one in force, it is in force from
 * there. Each part carries the header in force where it starts ({@link Part#headerFrom}), which its
 * reader takes after the file's first header without a note ({@link
 * CsvInputReader#readByHeaderAt}): the part holding the header's line notes it, as the one reader
 * does. So the decision which header reads a row is made once, where the rows are read, and a part
 * learns only what the one reader knew when it reached the part's first line; no later header can
 * matter to a part that starts before it, and every header before a part's start lies in the bytes
 * scanned. The scan tells headers with the reader's own tests ({@link CsvInputReader#isHeaderOf},
 * {@link CsvInputReader#sameHeader}), so it finds where the reader takes one, and decides nothing
 * else. Reading it costs the scan about 1 ms a megabyte (76 MB of joined exports: 280 ms where it
 * took 210).
 *
 * <p>The scan goes on to the file's end, as a header the reader refuses (ACLED's monadic export
 * after a dyadic one) must refuse the file before any of it is read: {@code produce} would
 * otherwise have published the rows before it. The one reader of a whole file has the same scan run
 * before its first record ({@link #refuseLaterHeaders}).
 */
public final class FileParts {

  /**
   * A byte range {@code [from, to)} of a file, starting on physical line {@code firstLine}; {@code
   * to} -1 is the end.
   */
  public record Part(
      long from, long to, long firstLine, long headerFrom, long headerTo, long headerLine) {

    /** A part read by the file's first header. */
    public Part(final long from, final long to, final long firstLine) {
      this(from, to, firstLine, -1, -1, -1);
    }
  }

  static final int MAX_RECORD = 1 << 16;

  private FileParts() {}

  /**
   * Up to {@code n} parts of roughly equal size; one part for small files or when no safe boundary
   * is found. A file in several parts is refused here, before any of it is read, when a later
   * header in it is one its reader would refuse where it reaches it ({@link #refuseLaterHeaders});
   * a file in one part is refused so by its reader, before its first record.
   */
  public static List<Part> split(
      final Path file, final InputFormat format, final int n, final long minPartBytes) {
    try {
      final long size = Files.size(file);
      final int parts = (int) Math.max(1, Math.min(n, size / Math.max(1, minPartBytes)));
      if (parts == 1
          || !FileCharset.of(file).asciiCompatible() // UTF-16: its bytes are not its characters
          || format == InputFormat.ACLED && monadic(file)) {
        return List.of(WHOLE); // a monadic event's rows must stay in one reader
      }
      final Scan scan = scan(file, format, parts);
      if (scan.parts().size() > 1 && format.isCsv()) {
        refuse(file, format, scan.headers());
      }
      return scan.parts();
    } catch (final IOException e) {
      throw InputFileException.cannotRead(file, e);
    }
  }

  /**
   * Refuses the file, with the error its reader gives where it reaches the line, when one of its
   * headers after the first is one that reader refuses (ACLED's monadic export after a dyadic one):
   * found by one pass over the bytes ({@link #scan}), or, where the bytes cannot be framed as the
   * reader frames them, by reading the file's records as it does ({@link
   * CsvInputReader#takeEveryHeader}). Called before anything of the file is read, so that nothing
   * of a file that is refused is published.
   */
  static void refuseLaterHeaders(final Path file, final InputFormat format) {
    try {
      refuse(
          file,
          format,
          FileCharset.of(file).asciiCompatible() ? scan(file, format, 1).headers() : null);
    } catch (final IOException e) {
      throw InputFileException.cannotRead(file, e);
    }
  }

  /**
   * Takes {@code headers} (null: unknown, to be read) in turn as the file's reader takes them,
   * which throws where it would refuse one.
   */
  private static void refuse(final Path file, final InputFormat format, final List<Header> headers)
      throws IOException {
    final CsvInputReader reader;
    try {
      reader = (CsvInputReader) InputReader.open(file, format, EventPreparer.standard());
    } catch (final InputFileException e) {
      return; // not a file of the format: its reader says so
    }
    try (reader) {
      if (headers == null) {
        reader.takeEveryHeader();
        return;
      }
      final FileCharset.Detected charset = FileCharset.of(file);
      for (final Header header : headers) {
        reader.readByHeaderAt(text(file, header.from(), header.to(), charset), header.line());
      }
    }
  }

  /** One part: the whole file. */
  private static final Part WHOLE = new Part(0, -1, 1);

  /** A header after the file's first with other cells: bytes {@code [from, to)}, on its line. */
  private record Header(long from, long to, long line) {}

  /**
   * What one pass over a file's bytes found: its parts, and the headers after its first with other
   * cells than the one before them ({@link Header}; null when the bytes cannot be framed as the
   * reader frames them and hold the format's {@link CsvInputReader#headerKey} after the first
   * header, so that a record may be one).
   */
  private record Scan(List<Part> parts, List<Header> headers) {}

  /**
   * Splits the file into up to {@code parts} parts, looking for later headers on to its end (see
   * the class comment). When a record cannot be framed as the reader frames it (see {@link #split})
   * before the last boundary, the file is one part; after it, the parts stand (the reader of the
   * last part frames it) and the rest is only searched for the key.
   */
  private static Scan scan(final Path file, final InputFormat format, final int parts)
      throws IOException {
    final boolean csv = format.isCsv();
    final Scan onePart = new Scan(List.of(WHOLE), null);
    if (!csv && parts == 1) {
      return onePart;
    }
    // The decisions of the one reader over the whole file: its header, separator and layout (R's
    // write.table output, RWriteTable: \" inside quoted fields, row names one field more than the
    // header's), so that a record is framed and a header read as that reader reads them.
    final CsvRecords decided = csv ? decidedRecords(file, format) : null;
    if (csv && (decided == null || decided.error != null)) {
      return onePart; // a header with an open quote, or none of the format: the one reader frames
      // it
    }
    final FileCharset.Detected charset = FileCharset.of(file);
    final char escape = csv && decided.escapedQuotes() ? '\\' : '"';
    final int rowNames = csv && decided.rowNames() ? 1 : 0;
    final CsvFraming framing = csv ? new CsvFraming(decided.delimiter(), escape) : null;
    final CsvFraming alone =
        csv ? new CsvFraming(decided.delimiter(), escape) : null; // a line alone
    List<String> inForce = csv ? decided.headerNames : null;
    int headerFields = csv ? inForce.size() + rowNames : 0; // a record's, as the reader's
    // Later headers with other columns (see the class comment): the key's bytes, matched as the
    // bytes pass (Knuth-Morris-Pratt, in lower case), and the header in force.
    final byte[] key =
        csv ? CsvInputReader.headerKey(format).getBytes(StandardCharsets.US_ASCII) : null;
    final int[] fail = key == null ? null : failures(key);
    final long firstHeaderEnd;
    try {
      firstHeaderEnd = csv ? header(file).length : 0;
    } catch (final InputFileException e) {
      return onePart; // a first line past MAX_RECORD (old Mac line ends?): the one reader frames it
    }
    final List<Header> headers = new ArrayList<>();
    int matched = 0;
    boolean keyInRecord = false;
    boolean framed = true; // false once a record is framed otherwise by the reader: key only
    boolean unknown = false;
    long recordFirstLine = 1;
    long headerFrom = -1;
    long headerTo = -1;
    long headerLine = -1;
    long[] startHeader = {-1, -1, -1};
    int recordLines = 1;
    // A UTF-8 byte-order mark is not part of the header's first field (the one reader drops it).
    final long bom = csv && startsWithUtf8Mark(file) ? 3 : 0;
    final List<Part> out = new ArrayList<>();
    long start = 0;
    long startLine = 1;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      final long size = ch.size();
      // Our own buffer, not a BufferedInputStream: its synchronized read() per byte made this scan
      // 2.3 s on 200 MB.
      final InputStream in = Channels.newInputStream(ch);
      final byte[] buf = new byte[1 << 20];
      int filled = 0;
      int at = 0;
      long pos = 0;
      long lines = 0; // line breaks seen: LF, or CR not followed by LF
      long recordStart = 0; // just after the last line break outside quotes
      boolean cr = false;
      int k = 1; // the boundary looked for next
      while (k < parts || key != null) {
        if (at == filled) {
          filled = Math.max(0, in.read(buf));
          at = 0;
          if (filled == 0) {
            break;
          }
        }
        final int b = buf[at++];
        pos++;
        if (!framed) {
          matched = matches(b, key, fail, matched);
          if (matched == key.length) {
            unknown = true; // a record the reader frames may be a header
            break;
          }
          continue;
        }
        boolean unframed = false;
        if (cr && b != '\n') {
          if (csv) {
            // A lone CR ends a line for the one reader (readLine): framed here by LF alone, a
            // quote right after it would be read otherwise. Old Mac line ends: one part.
            unframed = true;
          }
          lines++;
        }
        cr = b == '\r';
        if (!unframed && b == '\n') {
          lines++;
          if (key != null) {
            matched = 0;
          }
          final boolean whole =
              csv
                  && headerFields >= CsvRecords.WIDE
                  && !alone.lineEnds()
                  && alone.fits(headerFields);
          if (csv) {
            alone.startRecord();
          }
          if (whole && recordLines > 1) {
            unframed = true; // the one reader cuts the record back before it
          } else if (csv && framing.lineEnds()) {
            recordLines++;
          } else {
            if (csv) {
              if (recordLines > 1 && !framing.fits(headerFields)) {
                unframed = true; // the one reader cuts it back and starts over
              } else {
                framing.startRecord();
                recordLines = 1;
                if (keyInRecord && recordStart >= firstHeaderEnd) {
                  final List<String> cells =
                      headerCells(ch, recordStart, pos, decided, inForce, charset, format);
                  if (cells != null && !CsvInputReader.sameHeader(cells, inForce)) {
                    inForce = cells;
                    headerFields = cells.size() + rowNames; // records after it frame by it
                    headerFrom = recordStart;
                    headerTo = pos;
                    headerLine = recordFirstLine;
                    headers.add(new Header(headerFrom, headerTo, headerLine));
                  }
                }
                keyInRecord = false;
                recordFirstLine = lines + 1;
              }
            }
            if (!unframed) {
              recordStart = pos;
              if (k < parts && pos >= size * k / parts) {
                out.add(
                    new Part(
                        start, pos, startLine, startHeader[0], startHeader[1], startHeader[2]));
                start = pos;
                startLine = lines + 1;
                startHeader = new long[] {headerFrom, headerTo, headerLine};
                k++;
              }
            }
          }
        } else if (!unframed && csv && b != '\r' && pos > bom) {
          framing.accept((char) (b & 0xff));
          alone.accept((char) (b & 0xff));
          matched = matches(b, key, fail, matched);
          keyInRecord |= matched == key.length;
        }
        if (!unframed && pos - recordStart > MAX_RECORD) {
          unframed = true; // a runaway record: leave the framing to the one reader
        }
        if (unframed) {
          if (k < parts) {
            return onePart;
          }
          framed = false;
          if (keyInRecord) {
            unknown = true; // in a record the reader frames otherwise
            break;
          }
        }
      }
    }
    out.add(new Part(start, -1, startLine, startHeader[0], startHeader[1], startHeader[2]));
    return new Scan(out, unknown ? null : headers);
  }

  /** The bytes of {@code key} matched after byte {@code b}, {@code matched} before it. */
  private static int matches(final int b, final byte[] key, final int[] fail, final int matched) {
    final int lower = b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b;
    int m = matched == key.length ? fail[matched - 1] : matched;
    while (m > 0 && lower != key[m]) {
      m = fail[m - 1];
    }
    return lower == key[m] ? m + 1 : 0;
  }

  /**
   * A reader of one part: the records of that byte range, numbered by their lines in the whole
   * file.
   */
  public static InputReader open(
      final Path file, final InputFormat format, final EventPreparer preparer, final Part part) {
    if (part.from() == 0 && part.to() < 0) {
      return InputReader.open(file, format, preparer);
    }
    InputStream body = null;
    try {
      final byte[] header = format.isCsv() && part.from() > 0 ? header(file) : null;
      body = range(file, part.from(), part.to());
      if (header != null) {
        body = new SequenceInputStream(new ByteArrayInputStream(header), body);
      }
      final FileCharset.Detected charset = FileCharset.of(file); // the whole file's, for every part
      final BufferedReader reader =
          new BufferedReader(new InputStreamReader(body, charset.decoder()), 1 << 16);
      final InputReader opened =
          InputReader.of(
              reader,
              format,
              preparer,
              PackedFile.nameOf(file),
              part.from() == 0,
              PackedFile.placesOf(file),
              PackedFile.reachOf(file));
      opened.charsetNote(charset.note());
      if (part.from() > 0) {
        opened.continueAtLine(
            part.firstLine()); // the first part reads the header as its own line 1
      }
      if (opened instanceof CsvInputReader csvReader) {
        csvReader.adoptDecisionsOf(file); // dates like 05-06-19, 1,172: read as the whole file
        if (part.headerFrom() >= 0) { // after another export's header: read by it (see above)
          csvReader.readByHeaderAt(
              text(file, part.headerFrom(), part.headerTo(), charset), part.headerLine());
        }
      }
      if (part.to() < 0) {
        opened.checkEndOf(file);
      }
      return opened;
    } catch (final IOException | RuntimeException e) {
      if (body != null) {
        try {
          body.close();
        } catch (final IOException ignored) {
          // already failing
        }
      }
      if (e instanceof InputFileException ife) {
        throw part.from() == 0 ? WrongFormat.cutShort(file, ife) : ife;
      }
      if (e instanceof IOException io) {
        throw InputFileException.cannotRead(file, io);
      }
      throw new InputFileException("cannot read input file " + file + ": " + e.getMessage(), e);
    }
  }

  /** The Knuth-Morris-Pratt failure function of {@code key}. */
  private static int[] failures(final byte[] key) {
    final int[] fail = new int[key.length];
    for (int i = 1, k = 0; i < key.length; i++) {
      while (k > 0 && key[i] != key[k]) {
        k = fail[k - 1];
      }
      if (key[i] == key[k]) {
        k++;
      }
      fail[i] = k;
    }
    return fail;
  }

  /**
   * The cells of the record in bytes {@code [from, to)} when it is a header of {@code format}
   * ({@link CsvInputReader#isHeaderOf}), or ends in one glued to a row ({@link JoinedHeader}), read
   * as the one reader reads it there: in the file's character set, after the header in force
   * ({@code inForce}), by the layout {@code decided} for the file ({@link CsvRecords#rowsAt}); null
   * when it is not.
   */
  private static List<String> headerCells(
      final FileChannel ch,
      final long from,
      final long to,
      final CsvRecords decided,
      final List<String> inForce,
      final FileCharset.Detected charset,
      final InputFormat format)
      throws IOException {
    if (to - from > MAX_RECORD) {
      return null;
    }
    final ByteBuffer bytes = ByteBuffer.allocate((int) (to - from));
    while (bytes.hasRemaining() && ch.read(bytes, from + bytes.position()) >= 0) {
      // read the record (positioned: the scan's stream goes on where it was)
    }
    final CsvRecords record =
        decided.rowsAt(
            new BufferedReader(
                new InputStreamReader(
                    new ByteArrayInputStream(bytes.array(), 0, bytes.position()),
                    charset.decoder())));
    record.readBy(inForce);
    if (!record.next() || record.error != null) {
      return null;
    }
    // A row with the next export's header glued to it: the reader takes that header after the row.
    final JoinedHeader joined = JoinedHeader.in(format, record, inForce);
    if (joined != null) {
      return List.copyOf(joined.header().fields);
    }
    return CsvInputReader.mayBeHeader(format, record.fields)
            && CsvInputReader.isHeaderOf(format, record.fields)
        ? List.copyOf(record.fields)
        : null;
  }

  /** The text of bytes {@code [from, to)} of the file, in its character set. */
  private static String text(
      final Path file, final long from, final long to, final FileCharset.Detected charset)
      throws IOException {
    try (InputStream in = range(file, from, to)) {
      return new String(in.readAllBytes(), charset.charset());
    }
  }

  private static InputStream range(final Path file, final long from, final long to)
      throws IOException {
    final FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
    ch.position(from);
    final InputStream all = Channels.newInputStream(ch);
    if (to < 0) {
      return all;
    }
    return new FilterInputStream(all) {
      private long left = to - from;

      @Override
      public int read() throws IOException {
        if (left <= 0) {
          return -1;
        }
        final int b = super.read();
        if (b >= 0) {
          left--;
        }
        return b;
      }

      @Override
      public int read(final byte[] buf, final int off, final int len) throws IOException {
        if (left <= 0) {
          return -1;
        }
        final int n = super.read(buf, off, (int) Math.min(len, left));
        if (n > 0) {
          left -= n;
        }
        return n;
      }
    };
  }

  /** Whether the file's header is that of ACLED's monadic export (one row per actor). */
  private static boolean monadic(final Path file) {
    try (InputReader reader = InputReader.open(file, InputFormat.ACLED, EventPreparer.standard())) {
      return ((AcledCsvReader) reader).monadic();
    } catch (final InputFileException e) {
      return false; // not an ACLED file: opening a part says so
    }
  }

  /** {@link CsvInputReader#decidedRecords}; null when the file is none of the format. */
  private static CsvRecords decidedRecords(final Path file, final InputFormat format)
      throws IOException {
    try {
      return CsvInputReader.decidedRecords(file, format);
    } catch (final InputFileException e) {
      return null; // opening a part says what it is
    }
  }

  private static boolean startsWithUtf8Mark(final Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      final byte[] b = in.readNBytes(3);
      return b.length == 3
          && (b[0] & 0xFF) == 0xEF
          && (b[1] & 0xFF) == 0xBB
          && (b[2] & 0xFF) == 0xBF;
    }
  }

  /**
   * The file's first line (the CSV header) with its line break, and any blank lines before it,
   * which the one reader skips too, and Excel's {@code sep=} line (which names the separator) and
   * lines of text above the header ({@link CsvRecords#titlesAbove}). A header whose quote runs on
   * past its line is not split at all ({@link #split}).
   */
  private static byte[] header(final Path file) throws IOException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
      final ByteArrayOutputStream out = new ByteArrayOutputStream();
      final List<String> lines = new ArrayList<>(); // the non-blank ones
      final List<Integer> ends = new ArrayList<>(); // where each ends
      int lineStart = 0;
      boolean separatorLine = false;
      int b;
      while ((b = in.read()) >= 0) {
        out.write(b);
        if (b == '\n') {
          final byte[] sofar = out.toByteArray();
          final String line =
              new String(sofar, lineStart, sofar.length - lineStart, StandardCharsets.UTF_8)
                  .replace("\uFEFF", "")
                  .replace("\r", "")
                  .replace("\n", "");
          if (!line.isBlank()) {
            if (lines.isEmpty() && !separatorLine && CsvRecords.separatorNamed(line) >= 0) {
              separatorLine = true; // the header is the next line
            } else {
              lines.add(line);
              ends.add(sofar.length);
              if (!CsvRecords.mayBeTitle(lines.get(0)) || lines.size() > CsvRecords.MAX_TITLES) {
                break;
              }
            }
          }
          lineStart = sofar.length;
        }
        if (out.size() - lineStart > MAX_RECORD) {
          throw new InputFileException(
              file + ": the header (line 1) is longer than " + MAX_RECORD + " bytes");
        }
      }
      final byte[] all = out.toByteArray();
      if (lines.isEmpty()) {
        return all;
      }
      final int header = CsvRecords.titlesAbove(lines);
      return Arrays.copyOf(all, ends.get(header));
    }
  }
}
