package io.surgewatch.inputs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.core.DeadLetters;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
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
        "line 3: the row has 4 fields where the header has 3 (a separator in a field without"
            + " quotes around it?)",
        r.reason());
    final CsvRecords short1 = second("a,b,c\nX1,2\n");
    assertEquals(
        "line 2: the row has 2 fields where the header has 3 (a missing field, or a line broken in"
            + " two?)",
        CsvRow.malformed(short1, 3, null).reason());
  }

  @Test
  void aStraySplitWhoseSurplusFieldsAreEmptyIsRejectedForItsFieldsNotReadShifted()
      throws IOException {
    // "AFP ""65 dead, 3 hurt"" says" with one quote not doubled: the comma after it splits the
    // field, and the row's empty last cell becomes a surplus one.
    final CsvRecords csv =
        second("id,source,deaths,gwnob\n1,\"AFP \"65 dead, 3 hurt\"\" says\",14,\n2,AFP,3,\n");
    assertEquals(List.of("1", "AFP 65 dead", " 3 hurt\"\" says\"", "14", ""), csv.fields);
    final InputRecord.Rejected r = CsvRow.malformed(csv, 4, CsvRow.cell(csv, 0));
    assertEquals(DeadLetters.PARSE, r.category());
    assertEquals(
        "line 2: the row has 5 fields where the header has 4: field 2 (source) goes on after its"
            + " closing quote, at '\"AFP \"65 dead': a stray quote there, or one inside quoted text"
            + " that is not doubled (\"\"), moved where the row's fields split",
        r.reason());
    assertTrue(csv.next());
    assertEquals(
        List.of("2", "AFP", "3", ""), csv.fields, "a row without one is read as it stands");
    assertEquals(0, csv.trailingEmptyFieldRows);
  }

  @Test
  void spacesAfterAClosingQuoteArePaddingNotAStrayQuote() throws IOException {
    final CsvRecords csv = second("id,country,deaths\n1,\"Burkina Faso\" ,3,,\n");
    assertEquals(List.of("1", "Burkina Faso ", "3"), csv.fields, "read, the padding trimmed off");
    assertEquals(1, csv.trailingEmptyFieldRows);
  }

  @Test
  void aStrayQuoteIsNamedWhateverTheSurplusFieldsHold() throws IOException {
    final CsvRecords csv = second("a,b,c\n1,\"x \"y\" z, w\",3\n");
    final String reason = CsvRow.malformed(csv, 3, null).reason();
    assertTrue(
        reason.startsWith(
            "line 2: the row has 4 fields where the header has 3: field 2 (b) goes on after its"
                + " closing quote, at '\"x \"y\" z'"),
        reason);
  }

  @Test
  void anUnterminatedQuoteAtTheEndIsAParseErrorNamingItsField() throws IOException {
    final CsvRecords csv = second("a,b,c\n1,\"open,3\n");
    final InputRecord.Rejected r = CsvRow.malformed(csv, 3, null);
    assertEquals(
        "line 2: a quote opens field 2 and does not close on its line, and it runs to the end of"
            + " the file: taken for a stray quote, this line is rejected",
        r.reason());
    assertNull(CsvRow.cell(csv, 5));
  }

  @Test
  void aStrayQuoteInsideAnUnquotedFieldIsACharacterLikeAnyOther() throws IOException {
    final CsvRecords csv = second("a,b,c\n1,Sa\"hel,3\n2,x,y\n");
    assertNull(CsvRow.malformed(csv, 3, null));
    assertEquals(List.of("1", "Sa\"hel", "3"), csv.fields);
    assertTrue(csv.next());
    assertEquals(3, csv.line, "the next row is read as it stands");
  }

  @Test
  void anUnmatchedOpeningQuoteCostsItsOwnRowOnly() throws IOException {
    final CsvRecords csv = second("a,b,c\n1,\"open,3\n2,x,y\n3,z,w\n");
    final InputRecord.Rejected r = CsvRow.malformed(csv, 3, null);
    assertEquals(2, r.line());
    assertEquals("1,\"open,3", r.rawText(), "its letter keeps its line only");
    assertEquals(
        "line 2: a quote opens field 2 and does not close on its line, and it runs to the end of"
            + " the file: taken for a stray quote, this line is rejected and reading goes on at"
            + " line 3",
        r.reason());
    assertTrue(csv.next());
    assertEquals(3, csv.line);
    assertEquals(List.of("2", "x", "y"), csv.fields);
    assertTrue(csv.next());
    assertEquals(4, csv.line);
    assertEquals(List.of("3", "z", "w"), csv.fields);
  }

  @Test
  void inAWideFileAQuoteRunningIntoALineThatIsARecordByItselfIsAStrayOne() throws IOException {
    final String header = "a,b,c,d,e,f,g,h,i,j\n";
    final CsvRecords csv =
        second(header + "1,\"open,3,4,5,6,7,8,9,10\n2,\"x\",3,4,5,6,7,8,9,\"y\"\n");
    final InputRecord.Rejected r = CsvRow.malformed(csv, 10, null);
    assertEquals(2, r.line());
    assertTrue(
        r.reason().contains("line 3 after it is a record of the header's 10 fields by itself"),
        r.reason());
    assertTrue(csv.next());
    assertEquals(3, csv.line);
    assertNull(CsvRow.malformed(csv, 10, null), "the next row is read as it stands");
    assertEquals("x", csv.fields.get(1));
  }

  @Test
  void aQuotedFieldWithLineBreaksIsStillOneRecord() throws IOException {
    final CsvRecords csv = second("a,b,c\n1,\"two\nlines, \"\"quoted\"\"\",3\n4,5,6\n");
    assertNull(CsvRow.malformed(csv, 3, null));
    assertEquals(List.of("1", "two\nlines, \"quoted\"", "3"), csv.fields);
    assertTrue(csv.next());
    assertEquals(4, csv.line);
  }

  @Test
  void aRunawayQuoteCostsItsRowAndTheLinesAfterItAreReadWithTheirNumbers() throws IOException {
    final String line = ":" + "x".repeat(1 << 16);
    final StringBuilder text = new StringBuilder("a,b,c\n1,\"open,3\n");
    for (int i = 0; i < 40; i++) { // lines 3..42, 64 K characters each: over the 1 M limit
      text.append(i + 3).append(line).append('\n');
    }
    final CsvRecords csv = second(text.toString());
    assertTrue(
        CsvRow.malformed(csv, 3, null).reason().contains("runs on for more than"),
        CsvRow.malformed(csv, 3, null).reason());
    assertEquals("1,\"open,3", csv.raw);
    for (int next = 3; next <= 42; next++) {
      assertTrue(csv.next());
      final String first = CsvRow.cell(csv, 0);
      assertEquals(Long.toString(next), first.substring(0, first.indexOf(':')));
      assertEquals(next, csv.line);
    }
  }
}
