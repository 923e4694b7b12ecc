package io.surgewatch.inputs;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * RFC 4180 records from a reader, keeping what a dead letter needs and a general CSV library drops:
 * the exact original text of each record and the physical line it starts on. Fields are separated
 * by commas, or by semicolons or tabs when the header is (see {@link #delimiter}), or by what a
 * first line {@code sep=;} names ({@link #separatorLine}). Quoted fields may hold separators,
 * doubled quotes and line breaks (a record then spans several physical lines; its text joins them
 * with {@code \n}). A quote opens a field only at its start ({@link CsvFraming}): a stray quote
 * elsewhere is kept literally. A quote that opens a field and does not close it on its line, where
 * joining the lines after it does not give a record of the header's fields (or where the next line
 * is such a record by itself), is taken for a stray one: that line alone is rejected, naming the
 * field, and reading goes on at the next line, so one unmatched quote costs one row, not the rest
 * of the file. Blank lines between records, and rows of blank cells only, are skipped. A line that
 * Excel wrapped whole in quotes ({@link #unwrap}) is read as the record inside.
 *
 * <p>No regular expressions and no per-record allocation beyond the field strings: this is on the
 * backtest's hot path.
 *
 * <p>This class frames records ({@link #read}); its helpers each do one job: {@link PhysicalLines}
 * gives the lines, repaired and read again; {@link TitleLines} and {@link Separators} read what
 * stands above the header; {@link CsvFraming} follows the quotes; {@link FieldSplitter} splits a
 * record; {@link FileEndCut} tells a last row the file's end cut; {@link EncodingRepairs} counts.
 */
final class CsvRecords {

  /**
   * A record longer than this is a runaway quoted field: reported as unterminated instead of
   * swallowing the file.
   */
  static final int MAX_RECORD_CHARS = 1 << 20;

  /**
   * How much of a malformed record over {@link #MAX_RECORD_CHARS} its dead letter keeps (the file
   * holds the rest at the letter's line): a megabyte of text is no use to a reader of the letter.
   */
  static final int KEPT_OF_LONG_RECORD = 4_000;

  /**
   * Fields from which a line that is a record by itself is not taken for a line of a quoted field:
   * exports are this wide (ACLED 31, UCDP GED about 49), and text with that many separators by
   * chance is rare, where in a file of three columns a line of notes can look like a record.
   */
  static final int WIDE = 8;

  /** See {@link Separators#separatorNamed}. */
  static int separatorNamed(final String line) {
    return Separators.separatorNamed(line);
  }

  /** See {@link TitleLines#titlesAbove}. */
  static int titlesAbove(final List<String> lines) {
    return TitleLines.titlesAbove(lines);
  }

  /** See {@link TitleLines#mayBeTitle}. */
  static boolean mayBeTitle(final String line) {
    return TitleLines.mayBeTitle(line);
  }

  private final PhysicalLines lines;

  /** The header's fields (0 until it is read): what a record spanning lines must have. */
  private int headerFields;

  /** The header's line in the file (0 before it is read). */
  long headerLine;

  private CsvFraming framing;

  /** Frames a line on its own: is it a record by itself? */
  private CsvFraming alone;

  private long physicalLine;

  /** The current record; valid until the next call to {@link #next()}. */
  long line;

  /** How a line is named where a record is rejected or noted: {@code line N}, or a sheet's row. */
  Places places = Places.LINES;

  /**
   * Whether a record may be another export's header (its format's key column among its cells:
   * {@link CsvInputReader#mayBeHeader}), which has no row name to drop; asked only of files with
   * row names.
   */
  Predicate<List<String>> mayBeHeader = cells -> false;

  String raw;
  final List<String> fields = new ArrayList<>(40);

  private final FieldSplitter splitter = new FieldSplitter(fields);

  /** Non-null when the record is malformed (an unterminated quote). */
  String error;

  /**
   * The first field (0-based) of the record with text after its closing quote ({@code "AFP "65
   * dead}), -1 when none: a stray quote, or one not doubled inside quoted text, that moved where
   * the fields split. With it, empty fields past the header's are not a separator at the line's end
   * but what the split pushed along: the row is kept whole, and rejected for its number of fields.
   */
  int strayQuoteField = -1;

  /** That field's text from its opening quote up to the next separator, for the rejection. */
  String strayQuoteText;

  /**
   * The field separator: a comma, unless the first record (the header) has none and semicolons or
   * tabs instead, as spreadsheets in many locales save "CSV" and as "Text" exports are.
   */
  private char delimiter = ',';

  private boolean detect;

  /**
   * The character before a quote inside a quoted field that makes it part of the field: a quote
   * ({@code ""}, RFC 4180), or a backslash in a file R's {@code write.table} wrote ({@link
   * #readEscapedQuotes}). Tested only after the quote is, so by default it never matches: an
   * ordinary file pays one comparison a quoted character, not a second way of splitting.
   */
  private char escape = '"';

  /**
   * 1 when every row starts with a field the header has no name for, its row name, which is dropped
   * as the row is read ({@link #readRowNames}); 0 otherwise.
   */
  private int rowNameFields;

  /** The current record's fields as split, before a row name or trailing empty ones are dropped. */
  int splitFields;

  /** Whether the header's separator is the one it shows (not named by a line or the caller). */
  private boolean detected;

  /**
   * Excel's first line naming the separator ({@code sep=;}, {@code sep=,}, {@code sep=} and a tab),
   * before the header, as it was in the file; null when the file has none. It is no record: the
   * header is the line after it, and line numbers stay the file's own.
   */
  String separatorLine;

  /** See {@link TitleLines#MAX_TITLES}. */
  static final int MAX_TITLES = TitleLines.MAX_TITLES;

  /**
   * Lines of text above the header, skipped, as a sheet with a title row above its header saves
   * them ({@code ACLED data export - Somalia,,,,}): no record, and no header either (see {@link
   * TitleLines#titlesAbove}).
   */
  final List<String> titles = new ArrayList<>(0);

  /** The line of the first of {@link #titles}; 0 when there is none. */
  long firstTitleLine;

  /** Whether the header is still to come: lines of text above it may be skipped. */
  private boolean beforeHeader = true;

  /**
   * How many lines of text above the header are skipped ({@link TitleLines#titlesAbove}); -1 until
   * known.
   */
  private int titlesToSkip = -1;

  /** Records whose separator the first record (the header) decides. */
  CsvRecords(final BufferedReader in) {
    this.lines = new PhysicalLines(in);
    this.detect = true;
  }

  /** Records separated by {@code delimiter} (rows read after a header this reader did not read). */
  CsvRecords(final BufferedReader in, final char delimiter) {
    this.lines = new PhysicalLines(in);
    this.delimiter = delimiter;
    this.beforeHeader = false;
  }

  char delimiter() {
    return delimiter;
  }

  /**
   * Reads {@code \"} inside a quoted field as a quote, as R's {@code write.table} writes it (its
   * {@code qmethod = "escape"}, the default), from the next record on; decided once per file from
   * its first rows ({@link RWriteTable}), never in an ordinary CSV file, where a backslash is a
   * character like any other.
   */
  void readEscapedQuotes() {
    escape = '\\';
    framing = null; // framed anew with the escape
  }

  /** Undoes {@link #readEscapedQuotes} (a file it read worse). */
  void readWithoutEscapedQuotes() {
    escape = '"';
    framing = null;
  }

  /** Whether {@code \"} is read as a quote ({@link #readEscapedQuotes}). */
  boolean escapedQuotes() {
    return escape == '\\';
  }

  /**
   * Drops the first field of every row after the header, its row name: R's {@code write.table}
   * writes row names by default and gives them no name in the header (where {@code write.csv}
   * writes {@code ""}), so the header names one column fewer than its rows hold. Decided once per
   * file from its first rows ({@link RWriteTable}); a row is framed by the header's fields and that
   * one more.
   */
  void readRowNames() {
    rowNameFields = 1;
  }

  /** Whether the rows' first fields are row names the header has no name for. */
  boolean rowNames() {
    return rowNameFields > 0;
  }

  /** Reads rows as {@code whole}, the reader of the whole file, decided to (a part's reader). */
  void adoptLayout(final CsvRecords whole) {
    if (whole.escapedQuotes()) {
      readEscapedQuotes();
    }
    rowNameFields = whole.rowNameFields;
  }

  /** The fields a record of the file holds as written: the header's, and a row name's. */
  private int framedFields() {
    return headerFields + rowNameFields;
  }

  /**
   * Whether a record over several lines may have one field more than {@link #framedFields}: in the
   * scan that decides whether rows have names ({@link RWriteTable}), before it is decided.
   */
  private boolean oneMoreFits;

  /** Frames records of the header's fields or one more: see {@link #oneMoreFits}. */
  void frameOneMoreToo() {
    oneMoreFits = true;
  }

  /** Whether {@code f} frames a record of the file's fields (or one more, {@link #oneMoreFits}). */
  private boolean fitsFile(final CsvFraming f) {
    return f.fits(framedFields()) || oneMoreFits && f.fits(framedFields() + 1);
  }

  /** Lines read so far, blank ones too (the last one's number). */
  long linesRead() {
    return physicalLine;
  }

  /**
   * Characters read so far, counting two for every line break (an upper bound, for {@code
   * mark}/{@code reset}).
   */
  long charsRead() {
    return lines.charsRead();
  }

  /**
   * The next record starts on this physical line, or later (reading a part of a file that starts
   * there).
   */
  void continueAtLine(final long next) {
    physicalLine = next - 1;
  }

  /**
   * Rows whose cells are all blank ({@code ,,,,}, as spreadsheets leave below the data): skipped
   * like blank lines, they hold nothing to count or reject.
   */
  long emptyRows;

  /**
   * Rows with empty fields past the header's, dropped: a separator at the end of every data line,
   * as some writers leave it (the framing of a record over several lines allows for it too, {@link
   * CsvFraming#fits}).
   */
  long trailingEmptyFieldRows;

  /** Records with UTF-8 text decoded twice, repaired or left as they were. */
  final EncodingRepairs encoding = new EncodingRepairs();

  /** The fields of the first record this reader read (its header), or none. */
  List<String> headerNames = List.of();

  private boolean firstRecord = true; // the header, returned whatever its cells

  /** Lines wrapped whole in quotes, read as the record inside ({@link #unwrap}). */
  final WrappedLines wrapped = new WrappedLines();

  /**
   * The fields inside the current record when it is one field quoted whole that holds no record of
   * the header's fields (so it is left as it is); -1 otherwise.
   */
  int wrappedFields = -1;

  /**
   * Records read from {@code rows}, the lines after this reader's header (a scan of the file's
   * first rows): separated, framed and unwrapped as this reader's.
   */
  CsvRecords rowsAfterHeader(final BufferedReader rows) {
    final CsvRecords after = rowsAt(rows);
    after.lines.readFirst(lines); // lines looked at for text above the header come first
    return after;
  }

  /**
   * Records read from {@code text}, lines of the file from a record's start on (another export's
   * header, found by {@link FileParts}): separated, framed, unescaped and their row names dropped
   * as this reader's rows.
   */
  CsvRecords rowsAt(final BufferedReader text) {
    final CsvRecords at = new CsvRecords(text, delimiter);
    at.headerFields = headerFields;
    at.headerLine = headerLine;
    at.headerNames = headerNames;
    at.places = places;
    at.mayBeHeader = mayBeHeader; // a header has no row name to drop
    at.firstRecord = false;
    at.escape = escape;
    at.rowNameFields = rowNameFields;
    return at;
  }

  /**
   * Reads the records after this one by {@code header}, a header of the file's format with other
   * columns than the one before it (files joined end to end: {@link CsvInputReader#nextRecord}): a
   * record over several lines must make its fields, and a line equal to it is it again.
   */
  void readBy(final List<String> header) {
    headerNames = List.copyOf(header);
    headerFields = header.size();
  }

  /**
   * Whether the input's last line has no line break after it ({@link
   * InputReader#endsWithoutLineBreak}), as a download or copy that stopped ends: its last record
   * may then be cut ({@link #cutByEnd}). Set by the reader of the file's end.
   */
  boolean endsWithoutLineBreak;

  /**
   * Whether this reader reads the file's end (all of it, or its last part: {@link FileParts}), so
   * that its last record is the file's, which may be cut ({@link #cutByEnd}).
   */
  boolean readsFileEnd;

  /**
   * Why the current record is one the file's end cut, null when it is none: the file's last record,
   * with no line break after it, where a quote opens a field and the file ends before it closes, or
   * with fewer fields than the header; or, line break or not, with more than half the header's
   * cells empty from a cell on to its end, as a spreadsheet saves such a cut-off row again (it
   * fills the row out with empty cells and ends the line). A download that stopped ends so; the
   * record is rejected whatever its cells would read as (a number cut between two digits reads as
   * another, a row without its fatalities as none killed). Rows short of cells in the middle of a
   * file are not cut by its end: they are read as before.
   */
  String cutByEnd;

  /** Reads the next record; false at the end of the input. */
  boolean next() throws IOException {
    while (read()) {
      final boolean header = firstRecord;
      firstRecord = false;
      if (header) {
        headerNames = List.copyOf(fields);
      } else {
        encoding.countRow(places, line);
      }
      if (header || error != null || !allBlank()) {
        return true;
      }
      emptyRows++;
    }
    return false;
  }

  /** Whether the fields from {@code from} (0-based) on are all blank. */
  static boolean blankFrom(final List<String> fields, final int from) {
    for (int i = from; i < fields.size(); i++) {
      if (!Cells.isBlank(fields.get(i))) {
        return false;
      }
    }
    return true;
  }

  private boolean allBlank() {
    for (int i = 0; i < fields.size(); i++) {
      if (!fields.get(i).isBlank()) {
        return false;
      }
    }
    return true;
  }

  /** Reads the next record, the header too, whatever its cells; false at the end of the input. */
  private boolean read() throws IOException {
    encoding.startRecord();
    final String first = firstLine();
    if (first == null) {
      return false;
    }
    line = physicalLine;
    error = null;
    cutByEnd = null;
    if (first.length() > MAX_RECORD_CHARS) {
      tooLong(first);
      return true;
    }
    // A byte-order mark from spreadsheet exports, before the header
    final String unmarked =
        line == 1 && !first.isEmpty() && first.charAt(0) == '\uFEFF' ? first.substring(1) : first;
    if (aboveHeader(unmarked)) {
      return read(); // the header, or another line of text above it
    }
    String text = framed(first, unmarked);
    raw = error == null ? text : shortened(text);
    if (line == 1 && !text.isEmpty() && text.charAt(0) == '\uFEFF') {
      text = text.substring(1);
    }
    splitRecord(text);
    if (cutByEnd == null && readsFileEnd && headerFields > 0 && error == null) {
      cutShort();
    }
    if (cutByEnd != null) {
      error = cutByEnd + FileEndCut.CUT_SHORT;
    }
    fitHeader();
    return true;
  }

  /**
   * The record's first line, after blank ones (their repairs counted with the record's, as every
   * line it reads); null at the end of the input.
   */
  private String firstLine() throws IOException {
    String first;
    do {
      first = lines.next();
      if (first == null) {
        return null;
      }
      encoding.line(lines.repaired(), lines.mixed());
      physicalLine++;
    } while (first.isBlank());
    return first;
  }

  /** Rejects a line too long to be a record ({@link #MAX_RECORD_CHARS}), unsplit. */
  private void tooLong(final String first) {
    error =
        "record longer than "
            + MAX_RECORD_CHARS
            + " characters ("
            + first.length()
            + "): a runaway field, or not a CSV file";
    raw = shortened(first);
    fields.clear();
  }

  /**
   * Whether {@code unmarked} is a line above the header, skipped: Excel's {@code sep=} line, or
   * text ({@link #titles}). At the header's line, settles the separator it shows, unless one is
   * named.
   */
  private boolean aboveHeader(final String unmarked) throws IOException {
    if (beforeHeader && Separators.separatorNamed(unmarked) < 0 && isTitle(unmarked)) {
      return true;
    }
    if (detect) {
      detect = false;
      final int named = Separators.separatorNamed(unmarked);
      if (named >= 0) {
        delimiter = (char) named;
        separatorLine = unmarked;
        return true;
      }
      delimiter = Separators.delimiterOf(unmarked);
      detected = true;
    }
    beforeHeader = false;
    return false;
  }

  /**
   * Whether a line before the header is text above it, taken into {@link #titles}; how many lines
   * are is decided once, at the first line (after Excel's {@code sep=} line, if any).
   */
  private boolean isTitle(final String unmarked) throws IOException {
    if (titlesToSkip < 0) {
      titlesToSkip = 0;
      if (TitleLines.mayBeTitle(unmarked)) {
        final List<String> ahead = lines.ahead(MAX_TITLES);
        ahead.add(0, unmarked);
        titlesToSkip = TitleLines.titlesAbove(ahead);
      }
    }
    if (titles.size() >= titlesToSkip) {
      return false;
    }
    if (titles.isEmpty()) {
      firstTitleLine = line;
    }
    titles.add(unmarked);
    return true;
  }

  /**
   * The record's text: {@code first}, its first line, or that joined with the lines after it where
   * a quoted field is open at its end ({@link #withQuotedLines}).
   */
  private String framed(final String first, final String unmarked) throws IOException {
    if (framing == null) {
      framing = new CsvFraming(delimiter, escape);
      alone = new CsvFraming(delimiter, escape);
    }
    framing.startRecord();
    framing.accept(unmarked);
    return framing.lineEnds() ? withQuotedLines(first) : first;
  }

  /**
   * {@code first}, whose quoted field is open at its end, joined with the lines after it up to the
   * closing quote; or, where that makes no record of the file's (see the class comment), {@code
   * first} alone, rejected as a stray quote, and the lines after it read again.
   */
  private String withQuotedLines(final String first) throws IOException {
    final List<PhysicalLines.Line> after = new ArrayList<>(); // as read (kept if cut back)
    final StringBuilder joined = new StringBuilder(first.length() * 2).append(first);
    final String cut = joinQuotedField(joined, after);
    if (cut == null) {
      physicalLine += after.size();
      for (final PhysicalLines.Line joinedLine : after) {
        encoding.line(joinedLine.repaired(), joinedLine.mixed());
      }
      return joined.toString();
    }
    // A stray quote, not a field with line breaks: this line alone is the bad record.
    error =
        "a quote opens field "
            + framing.openedField()
            + " and does not close on its line, and "
            + cut
            + ": taken for a stray quote, this line is rejected"
            + (after.isEmpty() ? "" : " and reading goes on at " + places.at(line + 1));
    lines.readAgain(after); // as they were, their repairs counted then
    return first;
  }

  /**
   * Joins the lines after the record's first to {@code joined}, each kept in {@code after}, until
   * the open quoted field closes: why the record is to be cut back to its first line, or null when
   * it is whole (or the file's end cut it: {@link #cutByEnd}).
   */
  private String joinQuotedField(final StringBuilder joined, final List<PhysicalLines.Line> after)
      throws IOException {
    while (true) {
      final String more = lines.next();
      if (more == null) {
        if (headerFields > 0 && endsWithoutLineBreak) {
          cutByEnd = FileEndCut.insideQuote(framing.openedField(), headerNames);
          return null;
        }
        return "it runs to the end of the file";
      }
      after.add(lines.last(more));
      if (headerFields >= WIDE && wholeRecord(more)) {
        return places.at(line + after.size())
            + " after it is a record of the header's "
            + framedFields()
            + " fields by itself";
      }
      joined.append('\n').append(more);
      framing.accept(more);
      if (!framing.lineEnds()) {
        return headerFields > 0 && !fitsFile(framing)
            ? "joined with the "
                + after.size()
                + " line(s) after it up to a closing quote, the record has "
                + framing.fields()
                + " fields, not the header's "
                + framedFields()
            : null;
      }
      if (joined.length() > MAX_RECORD_CHARS) {
        return "it runs on for more than " + MAX_RECORD_CHARS + " characters";
      }
    }
  }

  /**
   * Splits the record into {@link #fields}: the record inside when Excel wrapped it whole in quotes
   * ({@link #unwrap}), its row name dropped ({@link #readRowNames}).
   */
  private void splitRecord(final String text) {
    split(text);
    wrappedFields = -1;
    if (error == null && fields.size() == 1 && strayQuoteField < 0 && text.startsWith("\"")) {
      unwrap(text);
    }
    splitFields = fields.size();
    if (rowNameFields > 0
        && headerFields > 0
        && !fields.isEmpty()
        && !isHeaderAgain()
        && !mayBeHeader.test(fields)) {
      dropRowName();
    }
  }

  /**
   * Sets {@link #cutByEnd} when the record is the file's last and one its end cut ({@link
   * FileEndCut}): a row cut short, not a field missing.
   */
  private void cutShort() throws IOException {
    if (FileEndCut.mayBeCut(fields, headerFields, endsWithoutLineBreak)
        && lines.ahead(1).isEmpty()) {
      cutByEnd = FileEndCut.whyCut(fields, headerNames, headerFields, endsWithoutLineBreak);
    }
  }

  /**
   * Takes the first record's fields for the header's; drops empty fields past them from a row (a
   * separator at the end of its line, {@link #trailingEmptyFieldRows}).
   */
  private void fitHeader() {
    if (headerFields == 0) {
      headerFields = fields.size();
      headerLine = line;
    } else if (error == null
        && fields.size() > headerFields
        && strayQuoteField < 0
        && blankFrom(fields, headerFields)) {
      fields.subList(headerFields, fields.size()).clear();
      trailingEmptyFieldRows++;
    }
  }

  /**
   * Reads a record of one field quoted whole as the record inside it, when that is a record of the
   * header's fields (of several fields, for the header itself, whose separator it then shows):
   * Excel saves a CSV file that it opened as one column so, each line with a quote in it one cell,
   * quoted, its own quotes doubled; the line inside is the original, whole. Otherwise the record
   * stays as it is, and {@link #wrappedFields} says what was inside.
   */
  private void unwrap(final String text) {
    final String inside = fields.get(0);
    final boolean header = headerFields == 0;
    final char separator = delimiter;
    if (header && detected) {
      delimiter = Separators.delimiterOf(inside);
    }
    split(inside);
    if (!WrappedLines.holdsRecord(fields, headerFields)) {
      wrappedFields = fields.size();
      delimiter = separator;
      split(text);
    } else if (header) {
      wrapped.header = true;
      framing = null; // framed again by the separator the header shows
    } else {
      wrapped.countRow(places, line);
    }
  }

  /** Whether a line read on its own is a complete record of the header's fields. */
  private boolean wholeRecord(final String l) {
    alone.startRecord();
    alone.accept(l);
    return !alone.lineEnds() && fitsFile(alone);
  }

  /**
   * Whether the record, read with its first field, is the header again (files joined end to end),
   * which has no row name to drop; only a record of the header's fields, rare among rows with
   * names, is compared.
   */
  private boolean isHeaderAgain() {
    return fields.size() == headerFields && CsvInputReader.sameHeader(fields, headerNames);
  }

  /**
   * Drops the row's name ({@link #readRowNames}): its other fields are under the header's names.
   */
  private void dropRowName() {
    fields.remove(0);
    if (strayQuoteField > 0) {
      strayQuoteField--;
    }
  }

  /** A record's text as a dead letter keeps it: cut after {@link #KEPT_OF_LONG_RECORD}. */
  static String shortened(final String text) {
    return text.length() <= KEPT_OF_LONG_RECORD
        ? text
        : text.substring(0, KEPT_OF_LONG_RECORD)
            + " [... "
            + (text.length() - KEPT_OF_LONG_RECORD)
            + " more characters, in the file]";
  }

  private void split(final String s) {
    splitter.split(s, delimiter, escape);
    strayQuoteField = splitter.strayQuoteField;
    strayQuoteText = splitter.strayQuoteText;
  }
}
