package io.surgewatch.inputs;

import io.surgewatch.core.DeadLetters;
import io.surgewatch.core.EventPreparer;
import io.surgewatch.core.InvalidEventException;
import io.surgewatch.core.RecordSizeLimit;
import io.surgewatch.core.SourceHeaders;
import io.surgewatch.events.v1.IncidentEvent;
import io.surgewatch.events.v1.StatementEvent;
import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Reads an input file record by record: each record comes out as {@link InputRecord.Parsed}
 * (canonicalised and validated by {@link EventPreparer}) or {@link InputRecord.Rejected} (with
 * category and reason), never dropped. Streaming, constant memory; one reader is not thread-safe.
 * Used by {@code produce}, the ingest service's file paths and the streams app's {@code backtest}.
 *
 * <pre>{@code
 * try (InputReader reader = InputReader.open(file, InputFormat.ACLED, EventPreparer.standard())) {
 *   while (reader.hasNext()) {
 *     final InputRecord record = reader.next();
 *     if (record instanceof InputRecord.Parsed parsed) { ... } else { InputRecord.Rejected rejected = ...; }
 *   }
 * }
 * }</pre>
 */
public abstract sealed class InputReader implements Iterator<InputRecord>, AutoCloseable
    permits CsvInputReader, NdjsonReader {

  private final String sourceName;

  /**
   * How a place in the file is named: {@code line 16}, or a workbook's {@code sheet 'Data' row 6}.
   */
  final Places places;

  private final BufferedReader in;
  private InputRecord next;
  private boolean done;
  private long read;
  private CountingInputStream counter;
  private long totalBytes = -1;
  private String charsetNote;
  private RecordSizeLimit sizeLimit = RecordSizeLimit.standard();

  InputReader(final String sourceName, final BufferedReader in, final Places places) {
    this.sourceName = sourceName;
    this.in = in;
    this.places = places;
  }

  /**
   * Opens a file: UTF-8, or Windows-1252 when it is not valid UTF-8, or UTF-16 (see {@link
   * FileCharset}; a note says so). For the CSV formats the header is read and checked here.
   *
   * @throws InputFileException naming the file when it cannot be read, has no header or lacks
   *     required columns
   */
  public static InputReader open(
      final Path file, final InputFormat format, final EventPreparer preparer) {
    final BufferedReader reader;
    final CountingInputStream counting;
    final long size;
    final FileCharset.Detected charset;
    try {
      if (!Files.isRegularFile(file)) {
        throw new InputFileException(
            "cannot read input file "
                + file
                + ": "
                + (Files.exists(file) ? "not a regular file" : "no such file"));
      }
      size = Files.size(file);
      charset = FileCharset.of(file);
      counting = new CountingInputStream(Files.newInputStream(file));
      reader = new BufferedReader(new InputStreamReader(counting, charset.decoder()), 1 << 16);
    } catch (final IOException e) {
      throw InputFileException.cannotRead(PackedFile.nameOf(file), e); // the file given
    }
    try {
      final InputReader opened =
          of(
              reader,
              format,
              preparer,
              PackedFile.nameOf(file),
              true,
              PackedFile.placesOf(file),
              PackedFile.reachOf(file));
      opened.counter = counting;
      opened.totalBytes = size;
      opened.charsetNote = charset.note();
      opened.checkEndOf(file);
      opened.readsWhole(file);
      return opened;
    } catch (final InputFileException e) {
      closeQuietly(reader);
      throw WrongFormat.cutShort(file, e);
    } catch (final RuntimeException e) {
      closeQuietly(reader);
      throw e;
    }
  }

  /**
   * Reads from any reader (closed with this one); {@code sourceName} names it in errors and dead
   * letters.
   */
  public static InputReader of(
      final Reader reader,
      final InputFormat format,
      final EventPreparer preparer,
      final String sourceName) {
    return of(
        reader,
        format,
        preparer,
        sourceName,
        true,
        Places.LINES,
        new PackedFile.Reach(sourceName, ""));
  }

  /**
   * {@link #of}; {@code atStart}: the reader is at the start of the file (not at a part of it after
   * its first line), whose first bytes tell a file given the wrong format ({@link WrongFormat});
   * {@code places}: how a place in it is named ({@link PackedFile#placesOf}); {@code reach}: the
   * file that the commands an error advises name ({@link PackedFile#reachOf}).
   */
  static InputReader of(
      final Reader reader,
      final InputFormat format,
      final EventPreparer preparer,
      final String sourceName,
      final boolean atStart,
      final Places places,
      final PackedFile.Reach reach) {
    final BufferedReader buffered =
        reader instanceof BufferedReader b ? b : new BufferedReader(reader, 1 << 16);
    final String start;
    try {
      start = atStart ? WrongFormat.peek(buffered) : "";
    } catch (final IOException e) {
      throw InputFileException.cannotRead(sourceName, e);
    }
    // NDJSON has no header to check: a file that is not NDJSON would be a dead letter a line.
    if (format == InputFormat.NDJSON) {
      WrongFormat.of(start, format, reach)
          .ifPresent(
              why -> {
                throw new InputFileException(sourceName + ": " + why);
              });
    }
    try {
      return switch (format) {
        case ACLED -> new AcledCsvReader(sourceName, buffered, preparer, places);
        case ACLED_DELETIONS -> new AcledDeletionsReader(sourceName, buffered, preparer, places);
        case UCDP_GED -> new UcdpGedReader(sourceName, buffered, preparer, places);
        case NDJSON -> new NdjsonReader(sourceName, buffered, preparer);
      };
    } catch (final InputFileException e) {
      // The header lacks the format's columns: one error naming the format it looks like, if any.
      throw WrongFormat.of(start, format, reach)
          .map(why -> new InputFileException(sourceName + ": " + why, e))
          .orElse(e);
    }
  }

  /** The file name (or the name given to {@link #of}), for dead letters' {@code sourceFile}. */
  public String sourceName() {
    return sourceName;
  }

  /**
   * Where a record read by this reader is, as its rejection names it: {@code line 16}, or {@code
   * sheet 'Data' row 6} for a workbook's sheet ({@link InputRecord#line()} is that row).
   */
  public String placeOf(final InputRecord record) {
    return place(record.line());
  }

  /** {@link #placeOf} a record numbered {@code line} ({@link InputRecord#line()}). */
  public String place(final long line) {
    return places.named(line);
  }

  public abstract InputFormat format();

  /**
   * Bytes of the file read so far (read ahead in blocks, so approximate); -1 when not reading a
   * file.
   */
  public long bytesRead() {
    return counter == null ? -1 : counter.count;
  }

  /** Size of the file when opened; -1 when not reading a file. */
  public long totalBytes() {
    return totalBytes;
  }

  /**
   * What a person should know about how the file was read, one line each (e.g. the order chosen for
   * dates like {@code 05-06-19}, or that a file that is not UTF-8 was read as Windows-1252);
   * complete once the file is read. {@code produce} and {@code backtest} print them.
   */
  public final List<String> notes() {
    return notes(counts());
  }

  /** What this reader counted for its notes so far. */
  public ReadCounts counts() {
    return new ReadCounts();
  }

  /**
   * {@link #notes()} with the counts given: all parts' {@link #counts()} added when this reader
   * read one part of a file.
   */
  public final List<String> notes(final ReadCounts counts) {
    final List<String> out = new ArrayList<>();
    if (charsetNote != null) {
      out.add(charsetNote);
    }
    final String layout = layoutNote();
    if (layout != null) {
      out.add(layout);
    }
    out.addAll(formatNotes(counts));
    return List.copyOf(out);
  }

  /**
   * {@link #notes(ReadCounts)}, each naming the file it is about ({@code export.csv: dates like
   * ...}), as {@code produce} and {@code backtest} print them: a note alone does not say of which
   * file, and a run reads several (an export, its deletions, the export it replaces).
   */
  public final List<String> fileNotes(final ReadCounts counts) {
    return notes(counts).stream().map(note -> sourceName + ": " + note).toList();
  }

  /** {@link #fileNotes(ReadCounts)} of this reader's own counts. */
  public final List<String> fileNotes() {
    return fileNotes(counts());
  }

  /** How the file's fields are laid out, when that is not the usual (null: it is). */
  String layoutNote() {
    return null;
  }

  /**
   * Reads the end of the file this reader reads the end of (all of it, or its last part): see
   * {@link #endsWithoutLineBreak}. A reader of another part never learns of it.
   */
  void checkEndOf(final Path file) {}

  /**
   * This reader reads all of {@code file} (not a part of it): a CSV reader checks its later headers
   * before its first record ({@link CsvInputReader#beforeFirstRecord}).
   */
  void readsWhole(final Path file) {}

  /** The format's own notes (see {@link #notes}), from {@code counts}. */
  List<String> formatNotes(final ReadCounts counts) {
    return List.of();
  }

  /**
   * Whether the file's last line has no line break after it. Exports and spreadsheets end every
   * line with one, so a file without it was likely cut short (a download or copy that stopped), and
   * a cut that falls between two digits leaves a row that still reads, with a wrong number.
   */
  static boolean endsWithoutLineBreak(final Path file) {
    try (SeekableByteChannel channel = Files.newByteChannel(file)) {
      final long size = channel.size();
      if (size == 0) {
        return false;
      }
      // Two bytes: UTF-16 writes a line feed as 0A 00 or 00 0A.
      final ByteBuffer last = ByteBuffer.allocate((int) Math.min(2, size));
      channel.position(size - last.capacity());
      while (last.hasRemaining() && channel.read(last) >= 0) {
        // read the last bytes
      }
      for (int i = 0; i < last.position(); i++) {
        if (last.get(i) == '\n' || last.get(i) == '\r') {
          return false;
        }
      }
      return true;
    } catch (final IOException e) {
      return false; // the reading itself says what is wrong with the file
    }
  }

  /** Read in a character set other than UTF-8: says so in {@link #notes}. */
  final void charsetNote(final String note) {
    this.charsetNote = note;
  }

  /** Records returned so far (parsed and rejected). */
  public long recordsRead() {
    return read;
  }

  /**
   * The original text of a record made self-contained, for a dead letter's {@code originalText}:
   * for NDJSON the line itself; for the CSV formats the header line, a line break, then the record,
   * so the dead letter can be replayed alone (their columns come in any order).
   */
  public String selfContainedText(final InputRecord record) {
    return record.rawText();
  }

  /**
   * Rejects the events larger than {@code limit} as published ({@link RecordSizeLimit}: by their
   * key, value and the {@link SourceHeaders} that {@code produce} sends them with), as {@code
   * produce} and {@code backtest} both must; Kafka's defaults unless set. Returns this reader.
   */
  public InputReader limitingSize(final RecordSizeLimit limit) {
    this.sizeLimit = limit;
    return this;
  }

  @Override
  public final boolean hasNext() {
    if (next == null && !done) {
      try {
        next = readNext(in);
      } catch (final IOException e) {
        throw new UncheckedIOException(
            "cannot read input file " + sourceName + ": " + e.getMessage(), e);
      }
      if (next == null) {
        done = true;
      }
    }
    return next != null;
  }

  @Override
  public final InputRecord next() {
    if (!hasNext()) {
      throw new NoSuchElementException("no more records in " + sourceName);
    }
    final InputRecord out = next;
    next = null;
    read++;
    return sized(out);
  }

  /**
   * The record, or its rejection when it is too large to publish; a rejection keeps the start of a
   * text too large to fit in a dead letter.
   */
  private InputRecord sized(final InputRecord record) {
    if (record instanceof InputRecord.Rejected r) {
      return fits(r.rawText())
          ? r
          : new InputRecord.Rejected(
              r.line(),
              CsvRecords.shortened(r.rawText()),
              r.recordId(),
              r.category(),
              r.reason(),
              r.error());
    }
    final InputRecord.Parsed parsed = (InputRecord.Parsed) record;
    final String id =
        parsed.event() instanceof IncidentEvent incident
            ? incident.getId()
            : ((StatementEvent) parsed.event()).getId();
    final InvalidEventException tooLarge =
        sizeLimit.check(
            id, parsed.event(), SourceHeaders.add(new RecordHeaders(), sourceName, parsed.line()));
    return tooLarge == null
        ? parsed
        : new InputRecord.Rejected(
            parsed.line(),
            CsvRecords.shortened(parsed.rawText()),
            id,
            DeadLetters.VALIDATION,
            placeOf(parsed) + ": " + tooLarge.getMessage(),
            tooLarge);
  }

  /** Whether a record's text fits in a dead letter as it is (most are far shorter: no encoding). */
  private boolean fits(final String text) {
    return text.length() <= sizeLimit.bytes() / 3
        || text.getBytes(StandardCharsets.UTF_8).length <= sizeLimit.bytes();
  }

  /**
   * Numbers the records read from here on as from physical line {@code next} on (a reader of a part
   * of a file).
   */
  abstract void continueAtLine(long next);

  /** The next record, or null at the end of the input. */
  abstract InputRecord readNext(BufferedReader in) throws IOException;

  @Override
  public void close() {
    try {
      in.close();
    } catch (final IOException e) {
      throw new UncheckedIOException("cannot close input file " + sourceName, e);
    }
  }

  private static void closeQuietly(final Reader reader) {
    try {
      reader.close();
    } catch (final IOException ignored) {
      // already failing
    }
  }

  static String prefix(final long line) {
    return "line " + line + ": ";
  }

  private static final class CountingInputStream extends FilterInputStream {
    private volatile long count;

    CountingInputStream(final InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      final int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(final byte[] b, final int off, final int len) throws IOException {
      final int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }
  }
}
