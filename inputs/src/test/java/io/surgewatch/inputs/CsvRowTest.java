package io.surgewatch.inputs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.core.DeadLetters;
import io.surgewatch.core.FieldError;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The record handling the ACLED and UCDP GED readers share. */
class CsvRowTest {

  /** The CSV reader positioned on the record after the header. */
  private static CsvRecords second(final String csv) throws IOException {
    final CsvRecords records = new CsvRecords(new BufferedReader(new StringReader(csv)));
    records.next();
    records.next();
    return records;
  }

  @Test
  void wellFormedRecordIsARowOfItsOwnFields() throws IOException {
    final CsvRecords csv = second("a,b,c\n 1 ,\"x, y\",\n");
    assertNull(CsvRow.malformed(csv, 3, "1"));
    final CsvRow row = CsvRow.of(csv);
    csv.fields.set(0, "reused");
    assertEquals(2, row.line());
    assertEquals(" 1 ,\"x, y\",", row.raw());
    assertArrayEquals(new String[] {" 1 ", "x, y", ""}, row.fields());
    assertEquals("1", row.text(0));
    assertNull(row.text(2));
    assertNull(row.text(-1));
  }

  @Test
  void recordWithOtherFieldsThanTheHeaderIsAParseErrorNamingItsLine() throws IOException {
    final CsvRecords csv = second("a,b,c\n\nX1,2,3,4\n");
    final InputRecord.Rejected r = CsvRow.malformed(csv, 3, CsvRow.cell(csv, 0));
    assertEquals(DeadLetters.PARSE, r.category());
    assertEquals(3, r.line());
    assertEquals("X1", r.recordId());
    assertEquals("X1,2,3,4", r.rawText());
    assertEquals(
        "line 3: expected 3 fields as in the header, found 4 (an unquoted separator, or a missing field?)",
        r.reason());
  }

  @Test
  void unterminatedQuoteIsAParseErrorWithTheFramingsReason() throws IOException {
    final CsvRecords csv = second("a,b,c\n1,\"open,3\n");
    final InputRecord.Rejected r = CsvRow.malformed(csv, 3, null);
    assertEquals(
        "line 2: unterminated quoted field in the record starting at line 2 (reached the end of the file)",
        r.reason());
    assertNull(CsvRow.cell(csv, 5));
  }

  @Test
  void aRunawayQuotedRecordStopsAtTheLimitAndTheRecordsAfterItKeepTheirLines() throws IOException {
    final String line = ":" + "x".repeat(1 << 16);
    final StringBuilder text = new StringBuilder("a,b,c\n1,\"open,3\n");
    for (int i = 0; i < 40; i++) { // lines 3..42, 64 K characters each: over the 1 M limit
      text.append(i + 3).append(line).append('\n');
    }
    final CsvRecords csv = second(text.toString());
    assertTrue(CsvRow.malformed(csv, 3, null).reason().contains("record longer than"));
    assertTrue(csv.raw.length() < 5_000, "its letter keeps the start, the file the rest");
    assertTrue(csv.next());
    final String first = CsvRow.cell(csv, 0);
    assertEquals(first.substring(0, first.indexOf(':')), Long.toString(csv.line));
  }

  @Test
  void aCoordinateWithADecimalCommaAsSpreadsheetsReSaveItIsRead() throws IOException {
    final CsvRow row = CsvRow.of(second("lat;lon;x\n14,9655;-0,1634;1,2,3\n"));
    final List<FieldError> errors = new ArrayList<>();
    assertEquals(14.9655, row.coordinate(0, "latitude", errors));
    assertEquals(-0.1634, row.coordinate(1, "longitude", errors));
    assertNull(row.coordinate(2, "x", errors));
    assertEquals(1, errors.size(), errors.toString());
  }

  @Test
  void coordinateIsANumberWhateverSpacesSurroundIt() throws IOException {
    final CsvRow row = CsvRow.of(second("lat,lon,x\n\u00a033.5 ,north,\n"));
    final List<FieldError> errors = new ArrayList<>();
    assertEquals(33.5, row.coordinate(0, "latitude", errors));
    assertNull(row.coordinate(1, "longitude", errors));
    assertNull(row.coordinate(2, "x", errors));
    assertNull(row.coordinate(-1, "absent", errors));
    assertEquals(List.of(new FieldError("longitude", "expected a number, got 'north'")), errors);
  }
}
