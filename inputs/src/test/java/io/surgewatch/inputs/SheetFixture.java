package io.surgewatch.inputs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * An Excel workbook of one sheet of text cells, written for a test: the parts of the file Excel
 * needs to open it, and a sheet whose rows are given in order (null: a row left out, as Excel saves
 * an empty one).
 */
final class SheetFixture {

  private SheetFixture() {}

  static Path write(final Path file, final String sheet, final List<List<String>> rows)
      throws IOException {
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
      put(
          zip,
          "[Content_Types].xml",
          "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
              + "<Default Extension=\"rels\" ContentType=\"application/"
              + "vnd.openxmlformats-package.relationships+xml\"/>"
              + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
              + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/"
              + "vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
              + "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/"
              + "vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
              + "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/"
              + "vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/></Types>");
      put(
          zip,
          "_rels/.rels",
          "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
              + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/"
              + "officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>"
              + "</Relationships>");
      put(
          zip,
          "xl/workbook.xml",
          "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""
              + " xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
              + "<sheets><sheet name=\""
              + escaped(sheet)
              + "\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>");
      put(
          zip,
          "xl/_rels/workbook.xml.rels",
          "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
              + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/"
              + "officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
              + "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/"
              + "officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
              + "</Relationships>");
      put(
          zip,
          "xl/styles.xml",
          "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
              + "<cellXfs count=\"1\"><xf numFmtId=\"0\"/></cellXfs></styleSheet>");
      final StringBuilder data = new StringBuilder();
      for (int r = 0; r < rows.size(); r++) {
        if (rows.get(r) == null) {
          continue;
        }
        data.append("<row r=\"").append(r + 1).append("\">");
        for (int c = 0; c < rows.get(r).size(); c++) {
          data.append("<c r=\"")
              .append(column(c))
              .append(r + 1)
              .append("\" t=\"inlineStr\"><is><t xml:space=\"preserve\">")
              .append(escaped(rows.get(r).get(c)))
              .append("</t></is></c>");
        }
        data.append("</row>");
      }
      put(
          zip,
          "xl/worksheets/sheet1.xml",
          "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
              + "<sheetData>"
              + data
              + "</sheetData></worksheet>");
    }
    return file;
  }

  private static String column(final int index) {
    return index < 26
        ? String.valueOf((char) ('A' + index))
        : column(index / 26 - 1) + (char) ('A' + index % 26);
  }

  /** Text as XML keeps it: a CR as a character reference, which XML would otherwise drop. */
  private static String escaped(final String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;")
        .replace("\r", "&#13;");
  }

  private static void put(final ZipOutputStream zip, final String name, final String text)
      throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    zip.write(text.getBytes(StandardCharsets.UTF_8));
    zip.closeEntry();
  }
}
