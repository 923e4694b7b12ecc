package io.surgewatch.inputs;

import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
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
 * fraction's {@code 12.345600000000001}); text as it is. Line {@code N} of the CSV is row {@code N}
 * of the sheet (missing rows are written blank, which the readers skip), so a rejected row's line
 * is its row in Excel, unless a cell above it holds a line break.
 *
 * <p>The sheet read is the first visible one with the header of an export this project reads in its
 * first rows (a workbook may lead with a notes or codebook sheet, a sheet with a title above its
 * header: those rows are skipped, and noted), else the active sheet, whose header the reader then
 * explains.
 */
final class WorkbookCsv {

  /** What was read, for the note: {@code its sheet 'Data' (5,726 rows)}. */
  record Written(Path csv, String read) {}

  private static final MathContext EXCEL_DIGITS = new MathContext(15);
  private static final DateTimeFormatter DAY_TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss", Locale.ROOT);

  private WorkbookCsv() {}

  /** Rows looked at for an export's header: a title and a note or two above it, no more. */
  static final int HEADER_WITHIN = 20;

  /** The sheet to read, and the row of its header (1-based; rows above it are not data). */
  private record Chosen(Sheet sheet, int headerRow) {}

  /** Writes the sheet to a file named for it in {@code dir}. */
  static Written write(final Path workbook, final Path dir) throws IOException {
    try (ReadableWorkbook book =
        new ReadableWorkbook(workbook.toFile(), new ReadingOptions(true, false))) {
      final Chosen chosen = sheetToRead(book);
      final Sheet sheet = chosen.sheet();
      final Path csv = dir.resolve(fileName(sheet.getName()));
      long above = 0;
      long rows = 0;
      long rowsWithBreaks = 0;
      int firstBreakRow = 0;
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
          }
          if (width < 0) {
            width = cells.size();
          }
          while (cells.size() < width) {
            cells.add("");
          }
          printer.printRecord(cells);
          line++;
          rows++;
          if (cells.stream().anyMatch(c -> c.indexOf('\n') >= 0 || c.indexOf('\r') >= 0)) {
            rowsWithBreaks++;
            firstBreakRow = firstBreakRow == 0 ? row.getRowNum() : firstBreakRow;
          }
        }
      }
      return new Written(
          csv,
          "its sheet '"
              + sheet.getName()
              + "' ("
              + rows
              + (rows == 1 ? " row" : " rows")
              + (above == 0
                  ? ""
                  : "; its header on row "
                      + chosen.headerRow()
                      + ", the "
                      + (above == 1 ? "row" : above + " rows")
                      + " of text above it skipped")
              + (rowsWithBreaks == 0
                  ? ""
                  : "; "
                      + rowsWithBreaks
                      + (rowsWithBreaks == 1 ? " row holds" : " rows hold")
                      + " line breaks in cells, so past row "
                      + firstBreakRow
                      + " a line number runs ahead of its row")
              + ")");
    } catch (final ExcelReaderException e) {
      throw new InputFileException(
          workbook.getFileName()
              + ": an Excel workbook that cannot be read ("
              + e.getMessage()
              + "): open it in Excel and save it again, or save it as CSV UTF-8",
          e);
    }
  }

  private static Chosen sheetToRead(final ReadableWorkbook book) throws IOException {
    final List<Sheet> visible =
        book.getSheets().filter(s -> s.getVisibility() == SheetVisibility.VISIBLE).toList();
    for (final Sheet sheet : visible) {
      final Optional<Integer> header = headerRow(sheet);
      if (header.isPresent()) {
        return new Chosen(sheet, header.get());
      }
    }
    return new Chosen(book.getActiveSheet().orElseGet(book::getFirstSheet), 0);
  }

  /**
   * The row of the sheet's first {@value #HEADER_WITHIN} rows with values that is an export's
   * header, if one is.
   */
  private static Optional<Integer> headerRow(final Sheet sheet) throws IOException {
    try (Stream<Row> rows = sheet.openStream()) {
      return rows.filter(row -> cells(row).stream().anyMatch(c -> !c.isEmpty()))
          .limit(HEADER_WITHIN)
          .filter(
              row ->
                  WrongFormat.shownBy(CSVFormat.RFC4180.format(cells(row).toArray())).isPresent())
          .map(Row::getRowNum)
          .findFirst();
    }
  }

  private static List<String> cells(final Row row) {
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

  static String text(final Cell cell) {
    if (cell == null) {
      return "";
    }
    return switch (cell.getType()) {
      case EMPTY -> "";
      case STRING -> cell.getText();
      case BOOLEAN -> Boolean.TRUE.equals(cell.asBoolean()) ? "TRUE" : "FALSE";
      case ERROR -> cell.getRawValue(); // #N/A, #VALUE!: the reader rejects the row, naming it
      case NUMBER -> isDay(cell) ? day(cell.asDate()) : number(cell.getRawValue());
      case FORMULA -> number(cell.getRawValue()); // its value when last saved
    };
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

  private static String day(final LocalDateTime at) {
    final LocalDateTime second = at.plusNanos(500_000_000).truncatedTo(ChronoUnit.SECONDS);
    return second.toLocalTime().toSecondOfDay() == 0
        ? second.toLocalDate().toString()
        : DAY_TIME.format(second);
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
