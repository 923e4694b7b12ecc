package io.surgewatch.inputs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.core.EventPreparer;
import io.surgewatch.events.v1.IncidentEvent;
import io.surgewatch.events.v1.PerpetratorGroup;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file that is not UTF-8 is read as Windows-1252, saying so; UTF-16 with or without a byte-order
 * mark is read as UTF-16, saying so; numbers tolerate Unicode spaces around them.
 */
class FileCharsetTest {

  private static final Charset CP1252 = Charset.forName("windows-1252");

  @TempDir Path dir;

  private static final String HEADER =
      "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,"
          + "sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,"
          + "region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,"
          + "fatalities,tags,timestamp";

  /**
   * Our own rows: an accented actor, a no-break space before the longitude and around the
   * fatalities.
   */
  private static String row(final int i) {
    return "CAF"
        + i
        + ",2016-01-"
        + (10 + i % 18)
        + ",2016,1,Political violence,Violence against civilians,Attack,"
        + "S\u00e9l\u00e9ka Militia,,2,Civilians (Central African Republic),,7,27,Civilian targeting,140,Middle Africa,"
        + "Central African Republic,Ouham,Bossangoa,,Bossangoa,6.49,\u00a017.45,1,Radio Ndeke Luka,National,"
        + "\"S\u00e9l\u00e9ka fighters attacked \u2013 caf\u00e9 burnt\",\u00a0"
        + (i % 4)
        + "\u00a0,,"
        + (1453000000 + i);
  }

  private static String file(final int rows) {
    final StringBuilder csv = new StringBuilder(HEADER).append('\n');
    for (int i = 0; i < rows; i++) {
      csv.append(row(i)).append('\n');
    }
    return csv.toString();
  }

  private Path write(final String name, final byte[] bytes) throws IOException {
    return Files.write(dir.resolve(name), bytes);
  }

  private record Read(
      List<IncidentEvent> incidents, List<InputRecord.Rejected> rejected, List<String> notes) {}

  private static Read read(final Path file) {
    final List<IncidentEvent> incidents = new ArrayList<>();
    final List<InputRecord.Rejected> rejected = new ArrayList<>();
    try (InputReader reader = InputReader.open(file, InputFormat.ACLED, EventPreparer.standard())) {
      while (reader.hasNext()) {
        final InputRecord r = reader.next();
        if (r instanceof InputRecord.Parsed p) {
          incidents.add(assertInstanceOf(IncidentEvent.class, p.event()));
        } else {
          rejected.add((InputRecord.Rejected) r);
        }
      }
      return new Read(incidents, rejected, reader.notes());
    }
  }

  private static void assertReadAsWritten(final Read r) {
    assertEquals(List.of(), r.rejected(), "no row rejected");
    assertEquals(3, r.incidents().size());
    final IncidentEvent first = r.incidents().get(0);
    assertEquals(17.45, first.getLongitude(), "a no-break space before a number is a space");
    assertEquals(
        List.of("Seleka Militia"),
        first.getGroups().stream().map(PerpetratorGroup::getName).toList());
    assertEquals("S\u00e9l\u00e9ka fighters attacked \u2013 caf\u00e9 burnt", first.getNotes());
    assertEquals(
        1,
        r.incidents().get(1).getKilled().getUnknown()
            + r.incidents().get(1).getKilled().getCivilians());
    assertFalse(first.toString().contains("\uFFFD"));
  }

  @Test
  void aWindows1252FileIsReadAsWindows1252WithANote() throws IOException {
    final byte[] bytes = file(3).getBytes(CP1252);
    assertEquals(
        (byte) 0xE9,
        bytes[HEADER.length() + 1 + row(0).indexOf('\u00e9')],
        "the fixture is cp1252");
    final Read r = read(write("africa-1252.csv", bytes));
    assertReadAsWritten(r);
    assertEquals(
        1,
        r.notes().stream().filter(n -> n.contains("read as Windows-1252")).count(),
        r.notes().toString());
    assertTrue(
        r.notes().get(0).startsWith("not UTF-8 (byte 0xE9 at offset "), r.notes().toString());
  }

  @Test
  void aUtf8FileIsReadAsUtf8WithoutANote() throws IOException {
    final Read r = read(write("africa-utf8.csv", file(3).getBytes(StandardCharsets.UTF_8)));
    assertReadAsWritten(r);
    assertTrue(r.notes().stream().noneMatch(n -> n.contains("Windows-1252")), r.notes().toString());
  }

  @Test
  void aByteOrderMarkMeansUtf8() throws IOException {
    final byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    final byte[] body = file(3).getBytes(StandardCharsets.UTF_8);
    final byte[] bytes = new byte[3 + body.length];
    System.arraycopy(bom, 0, bytes, 0, 3);
    System.arraycopy(body, 0, bytes, 3, body.length);
    final Read r = read(write("bom.csv", bytes));
    assertReadAsWritten(r);
    assertTrue(r.notes().stream().noneMatch(n -> n.contains("Windows-1252")));
    assertEquals(
        StandardCharsets.UTF_8,
        FileCharset.detect(
                new ByteArrayInputStream(
                    new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, (byte) 0xE9}),
                "input.csv")
            .charset(),
        "a BOM says UTF-8 even before a stray byte");
  }

  @Test
  void aUtf8CharacterAcrossTheScansBuffersIsUtf8() throws IOException {
    for (int pad = (1 << 16) - 3; pad <= (1 << 16) + 1; pad++) {
      final byte[] bytes =
          ("x".repeat(pad) + "\u00e9\u2013\uD83D\uDE00 end").getBytes(StandardCharsets.UTF_8);
      assertEquals(
          StandardCharsets.UTF_8,
          FileCharset.detect(new ByteArrayInputStream(bytes), "input.csv").charset(),
          "pad " + pad);
      final byte[] latin = ("x".repeat(pad) + "caf\u00e9 end").getBytes(CP1252);
      assertEquals(
          CP1252,
          FileCharset.detect(new ByteArrayInputStream(latin), "input.csv").charset(),
          "pad " + pad);
    }
    assertEquals(
        StandardCharsets.UTF_8,
        FileCharset.detect(new ByteArrayInputStream(new byte[0]), "input.csv").charset());
    assertEquals(
        StandardCharsets.UTF_8,
        FileCharset.detect(new ByteArrayInputStream(new byte[] {'a'}), "input.csv").charset());
  }

  @Test
  void everyPartOfAWindows1252FileIsReadAsWindows1252() throws IOException {
    // Only the last rows hold bytes that are not ASCII: the parts before them must read them alike
    // all the same.
    final StringBuilder csv = new StringBuilder(HEADER).append('\n');
    for (int i = 0; i < 300; i++) {
      csv.append(
              i < 290
                  ? row(i).replace('\u00e9', 'e').replace('\u00a0', ' ').replace('\u2013', '-')
                  : row(i))
          .append('\n');
    }
    final Path file = write("parts-1252.csv", csv.toString().getBytes(CP1252));
    final List<String> whole = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    for (final FileParts.Part part : FileParts.split(file, InputFormat.ACLED, 5, 1)) {
      try (InputReader reader =
          FileParts.open(file, InputFormat.ACLED, EventPreparer.standard(), part)) {
        reader.forEachRemaining(r -> whole.add(r.rawText()));
        notes.addAll(reader.notes());
      }
    }
    assertEquals(300, whole.size());
    assertTrue(whole.get(299).contains("S\u00e9l\u00e9ka Militia"), whole.get(299));
    assertEquals(
        5,
        notes.stream().filter(n -> n.contains("Windows-1252")).count(),
        "every part says so: " + notes);
  }

  @Test
  void utf16WithoutAByteOrderMarkIsReadAsUtf16WithANote() throws IOException {
    // R's write.csv(df, fileEncoding = "UTF-16LE"): no byte-order mark, a NUL after each ASCII
    // character.
    final Path kenya = InputReaderTest.resource("kenya3.csv");
    final Path little = InputReaderTest.resource("kenya3-utf16le-nobom.csv");
    assertEquals(PackedFileTest.events(kenya), PackedFileTest.events(little));
    assertEquals(
        "UTF-16 (little-endian, without a byte-order mark: told by the NUL byte after each ASCII"
            + " character)",
        read(little).notes().get(0));
    final Path big =
        write("kenya-utf16be.csv", Files.readString(kenya).getBytes(StandardCharsets.UTF_16BE));
    assertEquals(PackedFileTest.events(kenya), PackedFileTest.events(big));
    assertEquals(
        "UTF-16 (big-endian, without a byte-order mark: told by the NUL byte before each ASCII"
            + " character)",
        read(big).notes().get(0));
    assertEquals(
        1,
        FileParts.split(little, InputFormat.ACLED, 4, 1).size(),
        "its bytes are not its characters: read as one part");
  }

  @Test
  void utf16WithAByteOrderMarkIsExcelsUnicodeTextOnlyWhenTabSeparated() throws IOException {
    final String csv = file(3);
    final Path comma = write("comma-utf16.csv", csv.getBytes(StandardCharsets.UTF_16));
    final Read r = read(comma);
    assertReadAsWritten(r);
    assertEquals("UTF-16 (big-endian, with a byte-order mark)", r.notes().get(0));
    final Path tab =
        write(
            "unicode-text.txt",
            csv.replace("\"S\u00e9l\u00e9ka fighters attacked \u2013 caf\u00e9 burnt\"", "notes")
                .replace(',', '\t')
                .getBytes(StandardCharsets.UTF_16));
    assertEquals(
        "UTF-16 (big-endian, Excel's \"Unicode Text\")",
        FileCharset.detect(Files.newInputStream(tab), "input.csv").note());
  }

  @Test
  void nulBytesThatAreNotUtf16AreBinaryData() {
    for (final byte[] bytes :
        List.of(
            new byte[] {'e', 'v', 0, 1, 2, 3},
            new byte[] {'e', 0, 'v', 0, 'e', 'n', 't', 0, '_', 'i', 'd'},
            new byte[] {'i', 0, 1, 0, 2, 0, 3, 0})) {
      final IOException e =
          assertThrows(
              IOException.class,
              () -> FileCharset.detect(new ByteArrayInputStream(bytes), "input.csv"));
      assertTrue(e.getMessage().startsWith("binary data (a NUL byte at offset "), e.getMessage());
    }
  }

  @Test
  void textEndingInNulBytesOnlyIsADownloadThatStopped() {
    final byte[] text =
        "event_id_cnty,event_date\nKEN1,2023-01-30\n".getBytes(StandardCharsets.UTF_8);
    final byte[] bytes = Arrays.copyOf(text, text.length + 5000);
    final IOException e =
        assertThrows(
            IOException.class,
            () -> FileCharset.detect(new ByteArrayInputStream(bytes), "input.csv"));
    assertEquals(
        "text, then only NUL bytes from offset "
            + text.length
            + " (as a download or copy that stopped leaves the space it had set aside), not a whole"
            + " text file: download it again",
        e.getMessage());
  }

  @Test
  void numbersToleratesUnicodeSpaces() {
    assertEquals("71.5", Cells.strip("\u00a0 71.5\u202f\u2007\t"));
    assertEquals("", Cells.strip("\u00a0\u00a0"));
    assertTrue(Cells.isBlank("\u00a0"));
    assertEquals(3, Cells.wholeNumber("\u00a03.0\u00a0"));
    assertEquals("404", AcledValues.code("\u00a0404.0"));
    assertEquals(12, new DecimalMark(Places.LINES).wholeNumber("\u00a012 "));
  }
}
