package io.surgewatch.inputs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.core.EventPreparer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file read in parts on several threads yields exactly the records of one reader over the whole
 * file.
 */
class FilePartsTest {

  @TempDir Path dir;

  private static final String HEADER =
      "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,"
          + "sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,"
          + "region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,"
          + "fatalities,tags,timestamp";

  /**
   * Rows of every shape the framing must respect: quoted line breaks and commas, CRLF, blank lines,
   * rejections.
   */
  private String acledFile() {
    return acledFile(true);
  }

  /**
   * @param lineBreaks whether notes hold line breaks (a file of one-line records splits wherever a
   *     line ends)
   */
  private String acledFile(final boolean lineBreaks) {
    final StringBuilder csv = new StringBuilder("\uFEFF").append(HEADER).append('\n');
    for (int i = 0; i < 400; i++) {
      final String notes =
          switch (lineBreaks ? i % 5 : 1) {
            case 0 ->
                "\"On day "
                    + i
                    + ", militants attacked a checkpoint, killing\n two \"\"officers\"\".\"";
            case 1 -> "\"Plain, with a comma\"";
            case 2 -> i % 10 == 2 ? "the \"Sahel\" road, 5\" of rain" : "no quotes at all";
            case 3 -> "\"line one\r\nline two\r\n\"";
            default -> "\"\"";
          };
      final String type =
          i % 7 == 0 ? "Protests,Peaceful protest" : "Violence against civilians,Attack";
      csv.append("PAK")
          .append(i)
          .append(",2023-01-")
          .append(10 + i % 18)
          .append(",2023,1,Political violence,")
          .append(type)
          .append(
              ",Unidentified Armed Group (Pakistan),,3,Civilians (Pakistan),,7,37,Civilian targeting,")
          .append(
              "586,Southern Asia,Pakistan,Khyber Pakhtunkhwa,Peshawar,,Peshawar,34.0,71.5,1,Dawn,National,")
          .append(notes)
          .append(',')
          .append(i % 4)
          .append(",,")
          .append(1673924400 + i)
          .append(i % 3 == 0 ? "\r\n" : "\n");
      if (i % 50 == 0) {
        csv.append('\n'); // a blank line between records
      }
    }
    return csv.toString();
  }

  @Test
  void acledPartsMatchOneReaderRecordForRecord() throws IOException {
    final Path file = write("export.csv", acledFile());
    final List<String> whole = read(file, InputFormat.ACLED, List.of(new FileParts.Part(0, -1, 1)));
    assertTrue(whole.stream().anyMatch(r -> r.startsWith("Rejected")), "the file has rejections");
    assertTrue(whole.stream().anyMatch(r -> r.startsWith("Parsed")), "and incidents");
    for (final int n : new int[] {2, 3, 7, 40}) {
      final List<FileParts.Part> parts = FileParts.split(file, InputFormat.ACLED, n, 1);
      assertEquals(n, parts.size(), n + " parts");
      assertSame(whole, read(file, InputFormat.ACLED, parts), n + " parts");
    }
  }

  @Test
  void dataRowsEndingInASeparatorReadAsWithoutItInOneReaderAndInParts() throws IOException {
    final String plain = acledFile();
    final StringBuilder ended = new StringBuilder();
    // A separator at the end of every data line that ends a record (the header keeps none).
    final String[] lines = plain.split("(?<=\n)");
    ended.append(lines[0]);
    for (int i = 1; i < lines.length; i++) {
      final String l = lines[i];
      final boolean recordEnds = l.matches("(?s).*,1673924\\d+\r?\n");
      ended.append(recordEnds ? l.replaceFirst("(\r?\n)$", ",$1") : l);
    }
    final Path file = write("ended.csv", ended.toString());
    final List<String> expected =
        read(write("plain.csv", plain), InputFormat.ACLED, List.of(new FileParts.Part(0, -1, 1)));
    final List<String> whole = read(file, InputFormat.ACLED, List.of(new FileParts.Part(0, -1, 1)));
    assertEquals(
        expected.stream().map(FilePartsTest::outcome).toList(),
        whole.stream().map(FilePartsTest::outcome).toList(),
        "records over several lines included");
    final List<FileParts.Part> parts = FileParts.split(file, InputFormat.ACLED, 3, 1);
    assertEquals(3, parts.size());
    assertSame(whole, read(file, InputFormat.ACLED, parts), "3 parts");
  }

  /** A record's outcome: the event read, or a rejection (whose reason may count the separator). */
  private static String outcome(final String record) {
    return record.startsWith("Parsed")
        ? record.substring(0, record.lastIndexOf(" @"))
        : record.substring(0, record.indexOf(':'));
  }

  @Test
  void anUnmatchedQuoteCostsItsRowInOneReaderAndTheFileStaysOnePart() throws IOException {
    final String file = acledFile();
    final int at = file.indexOf("PAK124,");
    final int notes = file.indexOf(",Dawn,National,", at) + ",Dawn,National,".length();
    final Path broken =
        write("unmatched.csv", file.substring(0, notes) + "\"" + file.substring(notes));
    final List<String> whole =
        read(broken, InputFormat.ACLED, List.of(new FileParts.Part(0, -1, 1)));
    final List<String> intact =
        read(write("intact.csv", file), InputFormat.ACLED, List.of(new FileParts.Part(0, -1, 1)));
    assertEquals(intact.size(), whole.size(), "one record for each, no row swallowed");
    final List<String> changed = whole.stream().filter(r -> !intact.contains(r)).toList();
    assertEquals(1, changed.size(), changed.toString());
    assertTrue(changed.get(0).contains("a quote opens field 28"), changed.get(0));
    assertEquals(
        List.of(new FileParts.Part(0, -1, 1)),
        FileParts.split(broken, InputFormat.ACLED, 3, 1),
        "the one reader starts over after the line: parts would not know where");
  }

  @Test
  void oldMacLineEndsKeepTheFileOnePart() throws IOException {
    final Path file = write("mac.csv", acledFile().replace("\r\n", "\n").replace('\n', '\r'));
    assertEquals(
        List.of(new FileParts.Part(0, -1, 1)), FileParts.split(file, InputFormat.ACLED, 3, 1));
  }

  @Test
  void blankLinesBeforeTheHeaderAreSkippedInEveryPart() throws IOException {
    final Path file = write("blank-first.csv", "\n  \r\n" + acledFile().substring(1));
    final List<String> whole = read(file, InputFormat.ACLED, List.of(new FileParts.Part(0, -1, 1)));
    assertSame(
        whole,
        read(file, InputFormat.ACLED, FileParts.split(file, InputFormat.ACLED, 3, 1)),
        "3 parts");
  }

  @Test
  void excelsSepLineIsReadBeforeTheHeaderInEveryPart() throws IOException {
    sameInEveryPart("\uFEFFsep=,\r\n", 3);
  }

  @Test
  void linesOfTextAboveTheHeaderAreSkippedInEveryPart() throws IOException {
    sameInEveryPart("A title,,,\r\nA note\r\n\r\n", 5);
  }

  @Test
  void aTitleOfTwoCellsAfterExcelsSepLineIsSkippedInEveryPart() throws IOException {
    sameInEveryPart("sep=,\r\nExported on:,2026-04-03,,,\r\n", 4);
  }

  @Test
  void aTitleThenALineOfTwoCellsAreBothSkippedInEveryPart() throws IOException {
    // The second line has more cells than the first, yet both are text above the header: every
    // part must find the header where the one reader does, on line 3.
    final String lead = "ACLED data export - Somalia,,,\r\nExported on:,2026-04-03,,,\r\n";
    sameInEveryPart(lead, 4);
    final Path file = write("one-line-rows.csv", lead + acledFile(false).substring(1));
    final List<String> whole = read(file, InputFormat.ACLED, List.of(new FileParts.Part(0, -1, 1)));
    assertTrue(whole.get(0).contains(" @4 | PAK0,"), whole.get(0));
    for (final int n : new int[] {3, 7}) {
      final List<FileParts.Part> parts = FileParts.split(file, InputFormat.ACLED, n, 1);
      assertEquals(n, parts.size());
      assertSame(whole, read(file, InputFormat.ACLED, parts), n + " parts");
    }
  }

  /** {@link #acledFile} after {@code lead}, its first record on {@code line}, read in parts. */
  private void sameInEveryPart(final String lead, final int line) throws IOException {
    final Path file = write("lead.csv", lead + acledFile().substring(1));
    final List<String> whole = read(file, InputFormat.ACLED, List.of(new FileParts.Part(0, -1, 1)));
    assertTrue(whole.get(0).contains(" @" + line + " | PAK0,"), whole.get(0));
    for (final int n : new int[] {2, 7}) {
      final List<FileParts.Part> parts = FileParts.split(file, InputFormat.ACLED, n, 1);
      assertEquals(n, parts.size());
      assertSame(whole, read(file, InputFormat.ACLED, parts), n + " parts");
    }
  }

  @Test
  void exportsWithOtherColumnsJoinedEndToEndReadTheSameInParts() throws IOException {
    // An export, an older one with countycode after admin1 (its ids AFG), then the first again:
    // each later header is in force from its line, in the part that holds it and in every part
    // after it.
    final String older =
        acledFile()
            .substring(1)
            .replace(",admin1,", ",admin1,countycode,")
            .replace("Pakistan,Khyber Pakhtunkhwa,", "Pakistan,Khyber Pakhtunkhwa,7,")
            .replace("PAK", "AFG");
    final Path file = write("joined.csv", acledFile() + older + acledFile().substring(1));
    final List<String> whole = read(file, InputFormat.ACLED, List.of(new FileParts.Part(0, -1, 1)));
    assertEquals(1200, whole.size(), "every row a record, no header one");
    final long rejected =
        read(
                write("one.csv", acledFile()),
                InputFormat.ACLED,
                List.of(new FileParts.Part(0, -1, 1)))
            .stream()
            .filter(r -> r.startsWith("Rejected"))
            .count();
    assertEquals(
        3 * rejected,
        whole.stream().filter(r -> r.startsWith("Rejected")).count(),
        "the rows of each export rejected as those of one alone: none for another's header");
    assertTrue(whole.stream().anyMatch(r -> r.startsWith("Parsed") && r.contains("AFG")));
    final List<String> notes = notes(file, List.of(new FileParts.Part(0, -1, 1)));
    assertTrue(
        notes.stream()
            .anyMatch(
                n ->
                    n.matches(
                        "2 lines start other exports with other columns, each read by its own"
                            + " header: line \\d+ \\(32 columns where the one before has 31, with"
                            + " countycode\\), line \\d+ \\(31 columns where the one before has 32,"
                            + " without countycode\\)")),
        notes.toString());
    sameInPartsAfterALaterHeader(file, whole, 2, 3, 7, 40);
  }

  /**
   * The file read in {@code n} parts, for each {@code n}, gives the records and notes of one reader
   * ({@code whole}), a part starting after a later header.
   */
  private static void sameInPartsAfterALaterHeader(
      final Path file, final List<String> whole, final int... ns) {
    final List<String> notes = notes(file, List.of(new FileParts.Part(0, -1, 1)));
    for (final int n : ns) {
      final List<FileParts.Part> parts = FileParts.split(file, InputFormat.ACLED, n, 1);
      assertEquals(n, parts.size(), n + " parts");
      assertTrue(
          parts.stream().anyMatch(p -> p.headerFrom() > 0),
          "a part starts after a later header: " + parts);
      assertSame(whole, read(file, InputFormat.ACLED, parts), n + " parts");
      assertEquals(notes, notes(file, parts), n + " parts");
    }
  }

  @Test
  void rowsGluedToTheNextDownloadsHeaderReadTheSameInParts() throws IOException {
    // Three downloads joined end to end, the first two without a line break at their end: HDX's
    // ACLED Zambia twice (the same header), then a 2024 export (other columns).
    final List<String> zambia = JoinedDownloadsTest.lines("acled-hdx-zambia.csv");
    final List<String> newer = JoinedDownloadsTest.lines("acled-export-2024.csv");
    final String zambiaDownload =
        String.join("\n", zambia.subList(0, 2))
            + ("\n" + String.join("\n", zambia.subList(2, zambia.size()))).repeat(40);
    final String newerDownload =
        newer.get(0) + ("\n" + String.join("\n", newer.subList(1, newer.size()))).repeat(400);
    final Path file = write("glued.csv", zambiaDownload + zambiaDownload + newerDownload + "\n");
    final List<String> whole = read(file, InputFormat.ACLED, List.of(new FileParts.Part(0, -1, 1)));
    assertEquals(2 * 40 * 6 + 400 * 2, whole.size(), "every row of the three a record");
    assertTrue(whole.stream().allMatch(r -> r.startsWith("Parsed")), () -> whole.get(0));
    sameInPartsAfterALaterHeader(file, whole, 2, 3, 7);
  }

  /** ACLED's monadic export's header: one row per actor, no actor2 columns. */
  private static final String MONADIC =
      "event_id_cnty,event_date,event_type,sub_event_type,actor1,assoc_actor_1,"
          + "inter1,iso,country,admin1,fatalities,timestamp\n";

  private static final String MONADIC_ROW =
      "KEN1,2023-01-30,Battles,Armed clash,Al-Shabaab,,2,404,Kenya,Lamu,1,1675368000\n";

  @Test
  void aLaterHeaderTheReaderRefusesIsRefusedBeforeTheFirstRecordWholeOrInParts()
      throws IOException {
    // A monadic export after a dyadic one, far down the file: produce would have published every
    // row before it by the time the one reader got there.
    final Path file = write("kinds.csv", acledFile() + MONADIC + MONADIC_ROW);
    final long line = acledFile().lines().count() + 1;
    final String refusal =
        "kinds.csv: line "
            + line
            + " starts another export, a monadic one (no actor2 columns), after a dyadic one: the"
            + " two kinds cannot be read as one file; give each export as its own --input";
    try (InputReader reader = InputReader.open(file, InputFormat.ACLED, EventPreparer.standard())) {
      final InputFileException e = assertThrows(InputFileException.class, reader::hasNext);
      assertEquals(refusal, e.getMessage().replace(file.toString(), "kinds.csv"));
    }
    for (final int n : new int[] {2, 3, 7}) {
      final InputFileException e =
          assertThrows(
              InputFileException.class, () -> FileParts.split(file, InputFormat.ACLED, n, 1));
      assertEquals(refusal, e.getMessage().replace(file.toString(), "kinds.csv"), n + " parts");
    }
    // A dyadic export after a monadic one: the file is one part (its events span rows).
    final Path monadicFirst =
        write("monadic-first.csv", MONADIC + MONADIC_ROW.repeat(3) + acledFile().substring(1));
    assertEquals(
        List.of(new FileParts.Part(0, -1, 1)),
        FileParts.split(monadicFirst, InputFormat.ACLED, 3, 1));
    try (InputReader reader =
        FileParts.open(
            monadicFirst,
            InputFormat.ACLED,
            EventPreparer.standard(),
            new FileParts.Part(0, -1, 1))) {
      final InputFileException e = assertThrows(InputFileException.class, reader::hasNext);
      assertTrue(
          e.getMessage().contains(": line 5 starts another export, a dyadic one, after a monadic"),
          e.getMessage());
    }
  }

  @Test
  void aLaterHeaderIsRefusedBeforeTheFirstRecordInAFileTheScanCannotFrame() throws IOException {
    // An unmatched quote: the one reader starts over after its line, where the bytes' framing
    // would not; the file is one part, and its reader reads the later headers as it reads rows.
    final String file = acledFile();
    final int at = file.indexOf("PAK124,");
    final int notes = file.indexOf(",Dawn,National,", at) + ",Dawn,National,".length();
    final Path broken =
        write(
            "unmatched-kinds.csv",
            file.substring(0, notes) + "\"" + file.substring(notes) + MONADIC + MONADIC_ROW);
    try (InputReader reader =
        InputReader.open(broken, InputFormat.ACLED, EventPreparer.standard())) {
      final InputFileException e = assertThrows(InputFileException.class, reader::hasNext);
      assertTrue(e.getMessage().contains("starts another export, a monadic one"), e.getMessage());
    }
  }

  /** {@code cells}, comma-separated and none holding a comma, as R's write.table writes them. */
  private static String rCells(final String cells) {
    final List<String> out = new ArrayList<>();
    for (final String cell : cells.split(",", -1)) {
      out.add(
          cell.isEmpty()
              ? "NA"
              : cell.matches("-?[0-9.]+") ? cell : "\"" + cell.replace("\"", "\\\"") + "\"");
    }
    return String.join("\t", out) + "\n";
  }

  /** A row of {@link #HEADER}, with a quote in its notes, as R's write.table writes it. */
  private static String rRow(final int name, final String id) {
    return "\""
        + name
        + "\"\t"
        + rCells(
            id
                + ",2023-01-12,2023,1,Political violence,Violence against civilians,Attack,"
                + "Unidentified Armed Group (Pakistan),,3,Civilians (Pakistan),,7,37,"
                + "Civilian targeting,586,Southern Asia,Pakistan,Khyber Pakhtunkhwa,Peshawar,,"
                + "Peshawar,34.0,71.5,1,Dawn,National,the \"Sahel\" road,2,,1673924400");
  }

  @Test
  void aLaterHeaderOfAnRFileIsReadWithItsEscapedQuotesInEveryPart() throws IOException {
    // write.table(x, sep = "\t") of two exports joined: the second has a column whose name holds
    // a quote and a tab, which R writes \" and which only the file's escape reads as one name.
    final StringBuilder r = new StringBuilder(rCells(HEADER));
    for (int i = 0; i < 60; i++) {
      r.append(rRow(i + 1, "PAK" + i));
    }
    r.append(rCells(HEADER)).deleteCharAt(r.length() - 1).append("\t\"say \\\"a\tb\\\"\"\n");
    for (int i = 0; i < 60; i++) {
      r.append(rRow(i + 1, "AFG" + i).replace("\n", "\t\"x\"\n"));
    }
    final Path file = write("r-joined.txt", r.toString());
    final List<String> whole = read(file, InputFormat.ACLED, List.of(new FileParts.Part(0, -1, 1)));
    assertEquals(120, whole.size());
    assertTrue(whole.stream().allMatch(w -> w.startsWith("Parsed")), whole.toString());
    for (final int n : new int[] {2, 3, 5}) {
      final List<FileParts.Part> parts = FileParts.split(file, InputFormat.ACLED, n, 1);
      assertEquals(n, parts.size(), n + " parts");
      assertTrue(
          parts.stream().anyMatch(p -> p.headerFrom() > 0), "a part starts after it: " + parts);
      assertSame(whole, read(file, InputFormat.ACLED, parts), n + " parts");
    }
  }

  @Test
  void aLastRowTheFilesEndCutIsRejectedInTheLastPartAsByOneReader() throws IOException {
    final String file = acledFile();
    final int cut = file.lastIndexOf("Civilians (Pakistan)") + "Civilians (".length();
    final Path path = write("cut.csv", file.substring(0, cut));
    final List<String> whole = read(path, InputFormat.ACLED, List.of(new FileParts.Part(0, -1, 1)));
    assertTrue(
        whole
            .get(whole.size() - 1)
            .matches("Rejected line \\d+: the file ends inside this row(?s).*"),
        whole.get(whole.size() - 1));
    final List<FileParts.Part> parts = FileParts.split(path, InputFormat.ACLED, 5, 1);
    assertEquals(5, parts.size());
    assertSame(whole, read(path, InputFormat.ACLED, parts), "5 parts");
    assertEquals(
        notes(path, List.of(new FileParts.Part(0, -1, 1))), notes(path, parts), "5 parts' notes");
  }

  /** The notes of a file read in {@code parts}, their counts added up, as backtest prints them. */
  private static List<String> notes(final Path file, final List<FileParts.Part> parts) {
    ReadCounts counts = new ReadCounts();
    InputReader last = null;
    for (final FileParts.Part part : parts) {
      try (InputReader reader =
          FileParts.open(file, InputFormat.ACLED, EventPreparer.standard(), part)) {
        reader.forEachRemaining(r -> {});
        counts = counts.add(reader.counts());
        last = last == null ? reader : last;
      }
    }
    return last.notes(counts);
  }

  /**
   * {@link #acledFile}'s kind of rows as R's {@code write.table(x, sep = "\t")} writes them: the
   * header's names quoted, each row's name first ({@code "1"}, ...), which the header does not
   * name, every text quoted, a quote inside one {@code \"} (its default qmethod = "escape"), line
   * breaks and tabs inside quoted notes, NA for a missing cell.
   */
  private static String rWriteTable() {
    final StringBuilder out = new StringBuilder();
    out.append('"').append(HEADER.replace(",", "\"\t\"")).append("\"\n");
    for (int i = 0; i < 400; i++) {
      final String notes =
          switch (i % 4) {
            case 0 -> "\"On day " + i + ", militants said \\\"we\tcame\\\"\n and left\"";
            case 1 -> "\"He said \\\"go\\\"\"";
            case 2 -> "\"line one\r\nline two \\\"\r\n\"";
            default -> "\"\"";
          };
      final String actor = i % 3 == 0 ? "\\\"Military\\\" Militia" : "Unidentified Armed Group";
      out.append('"')
          .append(i + 1)
          .append("\"\t\"PAK")
          .append(i)
          .append("\"\t\"2023-01-")
          .append(10 + i % 18)
          .append(
              "\"\t2023\t1\t\"Political violence\"\t\"Violence against civilians\"\t\"Attack\"\t\"")
          .append(actor)
          .append("\"\tNA\t3\t\"Civilians (Pakistan)\"\tNA\t7\t37\t\"Civilian targeting\"\t586\t")
          .append("\"Southern Asia\"\t\"Pakistan\"\t\"Khyber Pakhtunkhwa\"\t\"Peshawar\"\tNA\t")
          .append("\"Peshawar\"\t34.0\t71.5\t1\t\"Dawn\"\t\"National\"\t")
          .append(notes)
          .append('\t')
          .append(i % 4)
          .append("\tNA\t")
          .append(1675368000 + i) // after every event day
          .append('\n');
    }
    return out.toString();
  }

  @Test
  void rsWriteTableWithRowNamesAndEscapedQuotesReadsTheSameInParts() throws IOException {
    final Path file = write("write-table.txt", rWriteTable());
    final List<FileParts.Part> one = List.of(new FileParts.Part(0, -1, 1));
    final List<String> whole = read(file, InputFormat.ACLED, one);
    assertEquals(400, whole.stream().filter(r -> r.startsWith("Parsed")).count(), whole::toString);
    assertTrue(whole.get(0).contains("\\\"Military\\\" Militia"), whole.get(0));
    final List<String> notes = notes(file, one);
    assertTrue(
        notes.stream().anyMatch(n -> n.startsWith("the header names one column fewer")),
        notes::toString);
    assertTrue(
        notes.stream().anyMatch(n -> n.startsWith("a quote inside a quoted field")),
        notes::toString);
    for (final int n : new int[] {2, 3, 7}) {
      final List<FileParts.Part> parts = FileParts.split(file, InputFormat.ACLED, n, 1);
      assertEquals(n, parts.size(), n + " parts");
      assertSame(whole, read(file, InputFormat.ACLED, parts), n + " parts");
      assertEquals(notes, notes(file, parts), n + " parts' notes");
    }
  }

  @Test
  void ndjsonPartsMatchOneReader() throws IOException {
    final StringBuilder nd = new StringBuilder();
    for (int i = 0; i < 300; i++) {
      nd.append(i % 9 == 0 ? "{not json}" : "{\"id\": \"x-" + i + "\", \"country\": \"PK\"}")
          .append('\n');
    }
    final Path file = write("events.ndjson", nd.toString());
    final List<String> whole =
        read(file, InputFormat.NDJSON, List.of(new FileParts.Part(0, -1, 1)));
    assertSame(
        whole,
        read(file, InputFormat.NDJSON, FileParts.split(file, InputFormat.NDJSON, 5, 1)),
        "5 parts");
  }

  @Test
  void ucdpGedPartsMatchOneReaderWithTheHxlRowInTheFirstPartOnly() throws IOException {
    final List<String> fixture = Files.readAllLines(InputReaderTest.resource("ucdp-ged-hdx.csv"));
    final StringBuilder csv =
        new StringBuilder(fixture.get(0)).append('\n').append(fixture.get(1)).append('\n');
    for (int i = 0; i < 60; i++) {
      for (final String row : fixture.subList(2, fixture.size())) {
        csv.append(row.replaceFirst("^(\\d+),9000", "$1," + (i + 10) + "000")).append('\n');
      }
    }
    final Path file = write("ged.csv", csv.toString());
    final List<String> whole =
        read(file, InputFormat.UCDP_GED, List.of(new FileParts.Part(0, -1, 1)));
    assertEquals(
        60 * (fixture.size() - 2),
        whole.size(),
        "every row but the header and the HXL row is a record");
    for (final int n : new int[] {2, 5, 13}) {
      assertSame(
          whole,
          read(file, InputFormat.UCDP_GED, FileParts.split(file, InputFormat.UCDP_GED, n, 1)),
          n + " parts");
    }
  }

  @Test
  void aFileExcelOpenedAsOneColumnReadsAsTheOriginalInOneReaderAndInParts() throws IOException {
    final List<String> fixture = Files.readAllLines(InputReaderTest.resource("ucdp-ged-hdx.csv"));
    final StringBuilder csv = new StringBuilder();
    final StringBuilder oneColumn = new StringBuilder();
    for (int i = 0; i < 60; i++) {
      for (final String row : fixture.subList(i == 0 ? 0 : 2, fixture.size())) {
        final String line = row.replaceFirst("^(\\d+),9000", "$1," + (i + 10) + "000");
        csv.append(line).append("\r\n");
        // Each line one cell, quoted whole, its quotes doubled: the header's too.
        oneColumn.append('"').append(line.replace("\"", "\"\"")).append("\"\r\n");
      }
    }
    final Path file = write("ged-one-column.csv", oneColumn.toString());
    final List<String> whole =
        read(file, InputFormat.UCDP_GED, List.of(new FileParts.Part(0, -1, 1)));
    final List<String> original =
        read(
            write("ged.csv", csv.toString()),
            InputFormat.UCDP_GED,
            List.of(new FileParts.Part(0, -1, 1)));
    assertEquals(
        original.stream().map(FilePartsTest::outcome).toList(),
        whole.stream().map(FilePartsTest::outcome).toList());
    for (final int n : new int[] {2, 5}) {
      final List<FileParts.Part> parts = FileParts.split(file, InputFormat.UCDP_GED, n, 1);
      assertEquals(n, parts.size());
      assertSame(whole, read(file, InputFormat.UCDP_GED, parts), n + " parts");
    }
  }

  @Test
  void aSmallFileOrARunawayQuoteStaysOnePart() throws IOException {
    final Path small = write("small.csv", acledFile());
    assertEquals(1, FileParts.split(small, InputFormat.ACLED, 4, 1 << 30).size());
    final String runaway =
        HEADER
            + "\nPAK1,2023-01-10,\""
            + "x".repeat(FileParts.MAX_RECORD + 10)
            + "\n"
            + acledFile();
    assertEquals(1, FileParts.split(write("runaway.csv", runaway), InputFormat.ACLED, 4, 1).size());
    // A stray quote, then lines that each hold a doubled quote: short quoted runs, one record that
    // never ends.
    final String stray =
        HEADER
            + "\nPAK1,\"2023-01-10\n"
            + "a \"\" b\n".repeat(FileParts.MAX_RECORD / 7)
            + acledFile();
    assertEquals(1, FileParts.split(write("stray.csv", stray), InputFormat.ACLED, 4, 1).size());
  }

  /** The same records in the same order; on a difference, the first record that differs. */
  private static void assertSame(
      final List<String> expected, final List<String> actual, final String what) {
    for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
      assertEquals(expected.get(i), actual.get(i), what + ": record " + i);
    }
    assertEquals(expected.size(), actual.size(), what + ": records");
  }

  private Path write(final String name, final String text) throws IOException {
    return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
  }

  /** Each record as its kind, line, original text and outcome, in order. */
  private static List<String> read(
      final Path file, final InputFormat format, final List<FileParts.Part> parts) {
    final List<String> out = new ArrayList<>();
    for (final FileParts.Part part : parts) {
      try (InputReader reader = FileParts.open(file, format, EventPreparer.standard(), part)) {
        while (reader.hasNext()) {
          final InputRecord r = reader.next();
          out.add(
              (r instanceof InputRecord.Parsed p
                      ? "Parsed " + p.event().toString().replaceAll("\"receivedAt\": \\d+", "")
                      : "Rejected "
                          + ((InputRecord.Rejected) r).reason()
                          + " | "
                          + reader.selfContainedText(r))
                  + " @"
                  + r.line()
                  + " | "
                  + r.rawText());
        }
      }
    }
    return out;
  }
}
