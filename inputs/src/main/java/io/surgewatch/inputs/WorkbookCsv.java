package io.surgewatch.inputs;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.ExcelReaderException;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.ReadingOptions;
import org.dhatim.fastexcel.reader.Row;
import org.dhatim.fastexcel.reader.Sheet;
import org.dhatim.fastexcel.reader.SheetVisibility;

/**
 * An Excel workbook's sheet written as CSV, for the CSV readers to take like any export: cells as
 * Excel shows their values, not their display formats. A day cell (a number with a date format)
 * becomes {@code 2023-01-30} whatever format shows it; other numbers are written plainly to the 15
 * significant digits Excel keeps ({@code 1172}, not {@code 1,172}; {@code 12.3456}, not the binary
 * fraction's {@code 12.345600000000001}); text as it is. Missing rows, and rows above the header,
 * are written blank (the readers skip them), so the CSV's lines are the sheet's rows until a cell
 * holds a line break; the rows whose cells do are kept as they are written ({@link Places}), and
 * errors, notes and dead letters name a record by its sheet and row ({@code sheet 'Data' row 6}),
 * as Excel shows it.
 *
 * <p>The sheet read is the first visible one with the header of an export this project reads in its
 * first rows (a workbook may lead with a notes or codebook sheet, a sheet with a title above its
 * header: those rows are skipped, and noted), else the active sheet, whose header the reader then
 * explains.
 */
final class WorkbookCsv {

  /**
   * What was read, for the note ({@code its sheet 'Data' (5725 rows under its header)}), and how
   * the CSV's lines are named as the sheet's rows.
   */
  record Written(Path csv, String read, Places places) {}

  private static final MathContext EXCEL_DIGITS = new MathContext(15);
  private static final DateTimeFormatter DAY_TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss", Locale.ROOT);

  /** Excel's {@code <workbookPr date1904="1"/>} (or {@code "true"}), with any namespace prefix. */
  private static final Pattern DATE_1904 =
      Pattern.compile("<(?:\\w+:)?workbookPr\\b[^>]*\\bdate1904=\"(?:1|true)\"");

  /** Rows looked at for an export's header: a title and a note or two above it, no more. */
  static final int HEADER_WITHIN = 20;

  /** Whether the workbook counts days from 1904 (Excel for Mac's old default), not 1900. */
  private final boolean date1904;

  /** Formula cells saved without their value (a workbook a program wrote, never opened). */
  private long formulasWithoutValue;

  private WorkbookCsv(final boolean date1904) {
    this.date1904 = date1904;
  }

  /** The sheet to read, and the row of its header (1-based; rows above it are not data). */
  private record Chosen(Sheet sheet, int headerRow, String why) {}

  /** Writes the sheet to a file named for it in {@code dir}. */
  static Written write(final Path workbook, final Path dir) throws IOException {
    try (ReadableWorkbook book =
        new ReadableWorkbook(workbook.toFile(), new ReadingOptions(true, false))) {
      return new WorkbookCsv(date1904(workbook)).write(book, dir);
    } catch (final ExcelReaderException e) {
      throw new InputFileException(
          workbook.getFileName()
              + ": an Excel workbook that cannot be read ("
              + e.getMessage()
              + "): open it in Excel and save it again, or save it as CSV UTF-8",
          e);
    }
  }

  /**
   * Whether the workbook's days count from 1904. Read here, not from fastexcel: it takes only
   * {@code date1904="true"}, and Excel writes {@code "1"}, which would put every day four years and
   * a day early.
   */
  static boolean date1904(final Path workbook) throws IOException {
    try (ZipFile zip = new ZipFile(workbook.toFile())) {
      final ZipEntry entry = zip.getEntry("xl/workbook.xml");
      if (entry == null) {
        return false;
      }
      try (InputStream in = zip.getInputStream(entry)) {
        // workbookPr comes before the sheets: the first few KB hold it.
        final String start = new String(in.readNBytes(1 << 16), StandardCharsets.UTF_8);
        return DATE_1904.matcher(start).find();
      }
    }
  }

  private Written write(final ReadableWorkbook book, final Path dir) throws IOException {
    final Chosen chosen = sheetToRead(book);
    final Sheet sheet = chosen.sheet();
    final Path csv = dir.resolve(fileName(sheet.getName()));
    final Places.Sheet rowsWritten = new Places.Sheet(sheet.getName());
    long above = 0;
    long rows = 0;
    try (Stream<Row> stream = sheet.openStream();
        Writer out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8);
        CSVPrinter printer =
            new CSVPrinter(out, CSVFormat.RFC4180.builder().setRecordSeparator('\n').get())) {
      int width = -1; // the header's, once read: shorter rows are filled out to it
      int line = 0;
      for (final Row row : (Iterable<Row>) stream::iterator) {
        final List<String> cells = cells(row);
        if (cells.stream().allMatch(String::isEmpty)) {
          continue;
        }
        if (row.getRowNum() < chosen.headerRow()) {
          above++; // a title or a note above the header: written blank, so lines stay rows
          continue;
        }
        while (line < row.getRowNum() - 1) {
          printer.println();
          line++;
          rowsWritten.wrote(line, 1);
        }
        if (width < 0) {
          width = cells.size();
        } else {
          rows++;
        }
        while (cells.size() < width) {
          cells.add("");
        }
        printer.printRecord(cells);
        line++;
        rowsWritten.wrote(line, 1 + lineBreaks(cells));
      }
    }
    final List<String> said = new ArrayList<>();
    said.add(rows + (rows == 1 ? " row" : " rows") + " under its header");
    if (above > 0) {
      said.add(
          "its header on row "
              + chosen.headerRow()
              + ", the "
              + (above == 1 ? "row" : above + " rows")
              + " of text above it skipped");
    }
    if (date1904) {
      said.add("days counted from 1904, as the workbook says");
    }
    if (formulasWithoutValue > 0) {
      said.add(
          formulasWithoutValue
              + " formula cells saved without their value read as empty (open the workbook in"
              + " Excel and save it, which computes them)");
    }
    if (chosen.why() != null) {
      said.add(chosen.why());
    }
    return new Written(
        csv,
        "its sheet '" + sheet.getName() + "' (" + String.join("; ", said) + ")",
        rowsWritten.places());
  }

  /**
   * The line breaks in a row's cells, as a reader of the CSV counts them ({@code
   * BufferedReader.readLine}: a CR, a LF, or the two together).
   */
  static long lineBreaks(final List<String> cells) {
    long breaks = 0;
    for (final String cell : cells) {
      for (int i = 0; i < cell.length(); i++) {
        final char c = cell.charAt(i);
        if (c == '\r' || c == '\n' && (i == 0 || cell.charAt(i - 1) != '\r')) {
          breaks++;
        }
      }
    }
    return breaks;
  }

  /**
   * The first sheet with an export's header in its first rows: visible sheets first (a workbook may
   * lead with a codebook or terms-of-use sheet), then hidden ones; else the active sheet, with why.
   */
  private Chosen sheetToRead(final ReadableWorkbook book) throws IOException {
    final List<Sheet> sheets = book.getSheets().toList();
    for (final boolean visible : new boolean[] {true, false}) {
      for (final Sheet sheet : sheets) {
        if ((sheet.getVisibility() == SheetVisibility.VISIBLE) == visible) {
          final Optional<Integer> header = headerRow(sheet);
          if (header.isPresent()) {
            return new Chosen(sheet, header.get(), visible ? null : "a hidden sheet");
          }
        }
      }
    }
    final List<String> names = new ArrayList<>();
    for (final Sheet sheet : sheets) {
      names.add(
          "'"
              + sheet.getName()
              + "'"
              + (sheet.getVisibility() == SheetVisibility.VISIBLE ? "" : " (hidden)"));
    }
    final Sheet active = book.getActiveSheet().orElseGet(book::getFirstSheet);
    return new Chosen(
        active,
        0,
        "no sheet has the header of an ACLED, UCDP or NDJSON export in its first "
            + HEADER_WITHIN
            + " rows; the workbook's sheets: "
            + String.join(", ", names)
            + "; read the active one");
  }

  /**
   * The row of the sheet's first {@value #HEADER_WITHIN} rows with values that is an export's
   * header, if one is.
   */
  private Optional<Integer> headerRow(final Sheet sheet) throws IOException {
    final long before = formulasWithoutValue; // counted once, when the sheet is written
    try (Stream<Row> rows = sheet.openStream()) {
      return rows.filter(row -> cells(row).stream().anyMatch(c -> !c.isEmpty()))
          .limit(HEADER_WITHIN)
          .filter(
              row ->
                  WrongFormat.shownBy(CSVFormat.RFC4180.format(cells(row).toArray())).isPresent())
          .map(Row::getRowNum)
          .findFirst();
    } finally {
      formulasWithoutValue = before;
    }
  }

  private List<String> cells(final Row row) {
    final List<String> out = new ArrayList<>(row.getCellCount());
    for (int i = 0; i < row.getCellCount(); i++) {
      out.add(text(row.getCell(i)));
    }
    int end = out.size();
    while (end > 0 && out.get(end - 1).isEmpty()) {
      end--; // a cell formatted but empty past the data
    }
    return new ArrayList<>(out.subList(0, end));
  }

  private String text(final Cell cell) {
    if (cell == null) {
      return "";
    }
    return switch (cell.getType()) {
      case EMPTY -> "";
      case STRING -> cell.getText();
      case BOOLEAN -> Boolean.TRUE.equals(cell.asBoolean()) ? "TRUE" : "FALSE";
      case ERROR -> cell.getRawValue(); // #N/A, #VALUE!: the reader rejects the row, naming it
      case NUMBER -> value(cell);
      case FORMULA -> {
        // Its value when last saved; none when a program wrote the formula and never computed it.
        if (cell.getRawValue() == null || cell.getRawValue().isEmpty()) {
          formulasWithoutValue++;
          yield "";
        }
        yield value(cell);
      }
    };
  }

  /** A number, or a day when its format shows one. */
  private String value(final Cell cell) {
    final String raw = cell.getRawValue();
    if (isDay(cell)) {
      try {
        return day(excelDay(Double.parseDouble(raw), date1904));
      } catch (final NumberFormatException e) {
        return raw; // a formula's text value under a date format
      }
    }
    return number(raw);
  }

  private static String number(final String raw) {
    if (raw == null || raw.isEmpty()) {
      return "";
    }
    try {
      final BigDecimal value = new BigDecimal(raw);
      return (value.scale() > 0 ? value.round(EXCEL_DIGITS) : value)
          .stripTrailingZeros()
          .toPlainString();
    } catch (final NumberFormatException e) {
      return raw; // a formula's text value
    }
  }

  /**
   * The day and time an Excel serial number stands for, to the second. The 1900 system counts
   * 1900-02-29, a day that never was (Lotus 1-2-3's leap-year mistake, kept for its files): from
   * serial 61 on the days are counted from 1899-12-30, before it from 1899-12-31. The 1904 system
   * counts from 1904-01-01. (By hand: see {@link #date1904(Path)}.)
   */
  static LocalDateTime excelDay(final double serial, final boolean date1904) {
    final LocalDate epoch =
        date1904
            ? LocalDate.of(1904, 1, 1)
            : serial < 61 ? LocalDate.of(1899, 12, 31) : LocalDate.of(1899, 12, 30);
    final long days = (long) Math.floor(serial);
    final long seconds = Math.round((serial - days) * 86_400);
    return epoch.plusDays(days).atStartOfDay().plusSeconds(seconds);
  }

  private static String day(final LocalDateTime at) {
    return at.toLocalTime().toSecondOfDay() == 0
        ? at.toLocalDate().toString()
        : DAY_TIME.format(at);
  }

  /**
   * Whether a number cell's format shows it as a day or time: Excel's built-in date and time
   * formats by their ids (14-22, 45-47, and the East Asian 27-36 and 50-58), else a format whose
   * codes, outside quoted text, brackets and escapes, name a year, day, hour or second. (Excel
   * itself decides this way; fastexcel gives the format but not this decision.)
   */
  static boolean isDay(final Cell cell) {
    final Integer id = cell.getDataFormatId();
    if (id != null
        && (id >= 14 && id <= 22
            || id >= 27 && id <= 36
            || id >= 45 && id <= 47
            || id >= 50 && id <= 58)) {
      return true;
    }
    return isDayFormat(cell.getDataFormatString());
  }

  static boolean isDayFormat(final String format) {
    if (format == null) {
      return false;
    }
    final String codes =
        format
            .replaceAll("\"[^\"]*\"", "")
            .replaceAll("\\[[^]]*]", "")
            .replaceAll("[\\\\_*].", "")
            .toLowerCase(Locale.ROOT);
    return !codes.contains("general") && codes.matches(".*[ydhs].*");
  }

  /** A sheet's name as a file name: its characters that a path cannot hold replaced. */
  private static String fileName(final String sheet) {
    final String safe = sheet.replaceAll("[/\\\\:*?\"<>|\\x00-\\x1f]", "_").strip();
    return (safe.isEmpty() || safe.startsWith(".") ? "sheet" : safe) + ".csv";
  }
}
