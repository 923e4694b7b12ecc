package io.surgewatch.inputs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.core.DeadLetters;
import io.surgewatch.core.EventPreparer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file given the wrong {@code --format} fails at once with one error that names the file, says
 * what it looks like and which {@code --format} to use: never a list of missing columns, nor a dead
 * letter a line.
 */
class WrongFormatTest {

  @TempDir Path dir;

  private static final String ACLED =
      "event_id_cnty,event_date,year,event_type,actor1,country,fatalities,timestamp\n"
          + "KEN1,2023-01-30,2023,Battles,Al-Shabaab,Kenya,2,1675368000\n";
  private static final String UCDP =
      ",id,year,type_of_violence,side_a,side_b,country,date_start,best\n"
          + "0,,#date+year,,#group+name+first,,#country+name,#date+start,#affected+killed\n"
          + "1,15960.0,2009,1.0,Government of Nigeria,Boko Haram,Nigeria,2009-06-09,14\n";
  private static final String DELETIONS = "event_id_cnty,deleted_timestamp\nKEN1,1675368000\n";
  private static final String NDJSON =
      "{\"id\": \"PAK1\", \"reportedAt\": \"2023-02-04T10:00:00Z\", \"occurredOn\": \"2023-01-30\","
          + " \"country\": \"PK\", \"killed\": {}, \"injured\": {}, \"source\": {\"name\": \"x\"}}\n";

  /** ACLED's API answer: the export's fields, in a JSON envelope. */
  private static final String API =
      "{\"status\":200,\"success\":true,\"last_update\":12,\"count\":1,\"messages\":[],"
          + "\"data\":[{\"event_id_cnty\":\"KEN1\",\"event_date\":\"2023-01-30\",\"year\":\"2023\","
          + "\"event_type\":\"Battles\",\"actor1\":\"Al-Shabaab\",\"country\":\"Kenya\","
          + "\"latitude\":\"-1.28\",\"fatalities\":\"2\",\"timestamp\":\"1675368000\"}],"
          + "\"filename\":\"2023-01-30\"}";

  private String failure(final String text, final InputFormat format) throws IOException {
    final Path file = Files.writeString(dir.resolve("download.txt"), text);
    final InputFileException e =
        assertThrows(
            InputFileException.class,
            () -> InputReader.open(file, format, EventPreparer.standard()).close());
    assertTrue(e.getMessage().startsWith(file + ": "), "names the file: " + e.getMessage());
    return e.getMessage().substring(file.toString().length() + 2);
  }

  @Test
  void aGitLfsPointerOrAWebPageSavedInsteadOfTheDataSaysSoInEveryFormat() throws IOException {
    final String pointer =
        "version https://git-lfs.github.com/spec/v1\n"
            + "oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\n"
            + "size 68457913\n";
    final String page =
        "\n<!DOCTYPE html>\n<html lang=\"en\"><head><title>acled.csv at main</title></head>\n";
    for (final InputFormat format : InputFormat.values()) {
      assertTrue(
          failure(pointer, format).startsWith("is a Git LFS pointer"), format + " " + pointer);
      assertTrue(
          failure(page, format).startsWith("is a web page (HTML), not the data"), format + page);
    }
  }

  @Test
  void aLoginPageOrAnXmlAnswerSavedInsteadOfTheDataIsNamedWhateverComesBeforeItsFirstElement()
      throws IOException {
    final List<String> pages =
        List.of(
            "<!-- saved from url=(0042)https://acleddata.com/data-export-tool/ -->\n<html><head>",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML"
                + " 1.0 Strict//EN\" \"\">\n<html xmlns=\"http://www.w3.org/1999/xhtml\">",
            "<head>\n<meta charset=\"utf-8\">\n<title>Log in</title>\n</head>\n");
    final String xml =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<root><status>200</status><success>true"
            + "</success><data><item><event_id_cnty>KEN1</event_id_cnty></item></data></root>\n";
    for (final InputFormat format : InputFormat.values()) {
      for (final String page : pages) {
        assertTrue(failure(page, format).startsWith("is a web page (HTML), not the data"), page);
      }
      assertEquals(
          "is an XML document (it starts <root><status>200</status><success>true</success><data>"
              + "<item><event_id_cnty>KEN1...), not the data: no --format reads XML; ask the"
              + " source for CSV (ACLED's API: read.csv, or _format=csv, not read.xml)",
          failure(xml, format));
    }
  }

  @Test
  void aUcdpGedExportGivenAsAcledSaysSo() throws IOException {
    assertEquals(
        "looks like a UCDP GED export (its header has the columns id, date_start, best/best_est),"
            + " not an ACLED CSV export: use --format ucdp-ged",
        failure(UCDP, InputFormat.ACLED));
    assertTrue(
        failure(UCDP.replace(",best", ",best_est"), InputFormat.ACLED)
            .endsWith("use --format ucdp-ged"),
        "the country pages' download, its estimates named best_est");
  }

  @Test
  void anAcledExportGivenAsUcdpGedOrAsDeletionsSaysSo() throws IOException {
    final String asAcled =
        "looks like an ACLED CSV export (its header has the columns event_id_cnty, event_date,"
            + " fatalities), not ";
    assertEquals(
        asAcled + "a UCDP GED export: use --format acled", failure(ACLED, InputFormat.UCDP_GED));
    assertEquals(
        asAcled + "an ACLED deletions list: use --format acled",
        failure(ACLED, InputFormat.ACLED_DELETIONS));
    assertEquals(
        "looks like an ACLED deletions list (its header has the columns event_id_cnty,"
            + " deleted_timestamp), not an ACLED CSV export: use --format acled-deletions",
        failure(DELETIONS, InputFormat.ACLED));
  }

  @Test
  void thePre2019UpperCaseExportIsKnownByItsColumnsInAnyCase() throws IOException {
    assertTrue(
        failure(
                "GWNO,EVENT_ID_CNTY,EVENT_DATE,YEAR,EVENT_TYPE,ACTOR1,COUNTRY,FATALITIES\n",
                InputFormat.UCDP_GED)
            .endsWith("use --format acled"));
  }

  @Test
  void aSemicolonExportOfExcelIsKnownToo() throws IOException {
    assertTrue(
        failure("\uFEFF" + UCDP.replace(',', ';'), InputFormat.ACLED)
            .endsWith("use --format ucdp-ged"));
  }

  @Test
  void ndjsonGivenAsACsvFormatSaysSo() throws IOException {
    final String why = failure(NDJSON, InputFormat.ACLED);
    assertTrue(
        why.startsWith("looks like NDJSON, one JSON object a line ({\"id\": \"PAK1\", "), why);
    assertTrue(why.endsWith("), not an ACLED CSV export: use --format ndjson"), why);
    assertTrue(failure(NDJSON, InputFormat.UCDP_GED).endsWith("use --format ndjson"));
  }

  @Test
  void otherJsonGivenAsACsvFormatSaysItIsJson() throws IOException {
    assertEquals(
        "looks like JSON ([), not a UCDP GED export: --format ndjson reads the project's JSON"
            + " events, one object a line",
        failure("[\n" + NDJSON.strip() + "\n]\n", InputFormat.UCDP_GED));
  }

  @Test
  void aCsvExportGivenAsNdjsonFailsAtOnceNotALineAtATime() throws IOException {
    assertEquals(
        "looks like an ACLED CSV export (its header has the columns event_id_cnty, event_date,"
            + " fatalities), not NDJSON (one JSON object a line): use --format acled",
        failure(ACLED, InputFormat.NDJSON));
    assertTrue(failure(UCDP, InputFormat.NDJSON).endsWith("use --format ucdp-ged"));
    assertEquals(
        "looks like a CSV file (its first line: site,date,deaths), not NDJSON (one JSON object a"
            + " line): give the --format of its export (acled-deletions, acled, ucdp-ged)",
        failure("site,date,deaths\nA,2023-01-01,3\n", InputFormat.NDJSON));
  }

  @Test
  void aJsonArrayOrAnObjectOverSeveralLinesGivenAsNdjsonFailsAtOnceSayingHowToWriteIt()
      throws IOException {
    assertEquals(
        "looks like one JSON array ([), not NDJSON (one JSON object a line): write each event on"
            + (" a line of its own (jq -c '.[]' " + dir + "/download.txt > " + dir)
            + "/download.ndjson)",
        failure("[\n" + NDJSON.strip().replace("\n", ",\n") + "\n]\n", InputFormat.NDJSON));
    assertTrue(
        failure("{\n  \"id\": \"PAK1\"\n}\n", InputFormat.NDJSON)
            .startsWith("looks like JSON written over several lines ({), not NDJSON"));
    final Path cut = Files.writeString(dir.resolve("cut.ndjson"), "{\"id\": \"PAK0\", \n" + NDJSON);
    try (InputReader reader = InputReader.open(cut, InputFormat.NDJSON, EventPreparer.standard())) {
      assertInstanceOf(InputRecord.Rejected.class, reader.next(), "a first line cut short");
    }
    // A first event longer than the part looked at is read, not taken for a broken document.
    final Path longFirst =
        Files.writeString(
            dir.resolve("long.ndjson"),
            NDJSON.replaceFirst(
                "\\{", "{\"notes\": \"" + "x".repeat(2 * WrongFormat.PEEK) + "\", "));
    try (InputReader reader =
        InputReader.open(longFirst, InputFormat.NDJSON, EventPreparer.standard())) {
      assertInstanceOf(InputRecord.Parsed.class, reader.next(), "a long first event");
    }
  }

  @Test
  void anAcledApiResponseSaysToAskTheApiForCsv() throws IOException {
    final String why =
        "looks like an ACLED API response (JSON whose \"data\" holds events with the fields"
            + " event_id_cnty, event_date, fatalities), not ";
    final String ask =
        ": ask the API for CSV, with the same columns (its read.csv, or _format=csv), or use"
            + " ACLED's export tool, and read that with --format acled";
    assertEquals(why + "an ACLED CSV export" + ask, failure(API, InputFormat.ACLED));
    assertEquals(why + "NDJSON (one JSON object a line)" + ask, failure(API, InputFormat.NDJSON));
    // Saved pretty-printed, a page of 500 events: far longer than the start that is looked at.
    final String event = API.substring(API.indexOf("[{") + 1, API.indexOf("}]") + 1);
    final String pretty =
        API.replace(event, String.join(",\n", Collections.nCopies(500, event)))
            .replace(",\"", ",\n  \"");
    assertTrue(pretty.length() > 4 * WrongFormat.PEEK);
    assertEquals(why + "an ACLED CSV export" + ask, failure(pretty, InputFormat.ACLED));
  }

  @Test
  void anApiErrorSavedInPlaceOfTheDataSaysWhatTheApiSaidInEveryFormat() throws IOException {
    // ACLED's API refusing a key, as it answers: no rows, so no format or jq line makes data of it.
    final String refused =
        "{\"status\":403,\"success\":false,\"error\":{\"status\":403,"
            + "\"message\":\"Access key and email address are not authorized\"}}";
    final String said =
        "is an API's answer to a request that failed (\"success\": false, status 403: Access key"
            + " and email address are not authorized), not data: the download failed and holds no"
            + " events; fix the request as the API says (for ACLED's: the account's key and email,"
            + " its access to the API) and download the data again";
    for (final InputFormat format : InputFormat.values()) {
      assertEquals(said, failure(refused, format), format.label());
      assertEquals(said, failure(refused.replace(",\"", ",\n  \"") + "\n", format), "pretty");
      assertTrue(
          failure("{\"success\":false,\"error\":null}", format)
              .startsWith(
                  "is an API's answer to a request that failed (\"success\": false), not data"),
          format.label());
      assertTrue(
          failure("{\"success\":false,\"error\":\"Invalid key\"}\n", format)
              .startsWith(
                  "is an API's answer to a request that failed (\"success\": false: Invalid key),"
                      + " not data"),
          format.label());
      assertTrue(
          failure(
                  "{\"success\":false,\"error\":[{\"code\":400,\"message\":\"Bad date\"},"
                      + "{\"message\":\"Bad country\"}]}",
                  format)
              .startsWith(
                  "is an API's answer to a request that failed (\"success\": false, status 400:"
                      + " Bad date; Bad country), not data"),
          format.label());
    }
  }

  /** UCDP's API answers a page of GED rows: the export's fields, in an envelope of its own. */
  private static final String UCDP_API =
      "{\"TotalCount\":1,\"TotalPages\":1,\"PreviousPageUrl\":\"\",\"NextPageUrl\":\"\","
          + "\"Result\":[{\"id\":36210,\"year\":2009,\"type_of_violence\":1,"
          + "\"side_a\":\"Government of Uganda\",\"side_b\":\"LRA\","
          + "\"country\":\"Central African Republic\",\"date_start\":\"2009-02-20T00:00:00\","
          + "\"best\":3}]}";

  @Test
  void anExportsRowsWrittenAsJsonSayNoFormatReadsThemAndHowToWriteThemAsCsv() throws IOException {
    final String csv = "(.[0] | keys_unsorted) as $k | ($k | @csv), (.[] | [.[$k[]]] | @csv)'";
    final String ucdp =
        "looks like the rows of a UCDP GED export written as JSON (an API response whose"
            + " \"Result\" holds them, with the fields id, date_start, best/best_est), not ";
    final String asCsv = ": no --format reads an export's rows as JSON; write them as CSV (jq -r";
    assertEquals(
        ucdp
            + "a UCDP GED export"
            + asCsv
            + " '.Result | "
            + csv
            + (" " + dir + "/download.txt > " + dir + "/download.csv)")
            + " and read that with --format ucdp-ged",
        failure(UCDP_API, InputFormat.UCDP_GED));
    assertTrue(failure(UCDP_API, InputFormat.NDJSON).startsWith(ucdp + "NDJSON"));
    // pandas' to_json(lines=True), and one array of rows.
    final String row = API.substring(API.indexOf("[{") + 1, API.indexOf("}]") + 1);
    final String lines = row + "\n" + row.replace("KEN1", "KEN2") + "\n";
    assertEquals(
        "looks like the rows of an ACLED CSV export written as JSON (one a line, with the fields"
            + " event_id_cnty, event_date, fatalities), not an ACLED CSV export"
            + asCsv
            + "s '"
            + csv
            + (" " + dir + "/download.txt > " + dir + "/download.csv)")
            + " and read that with --format acled",
        failure(lines, InputFormat.ACLED));
    assertTrue(failure(lines, InputFormat.NDJSON).contains("(one a line, with the fields"));
    assertTrue(
        failure("[" + row + "]", InputFormat.NDJSON)
            .contains("(one JSON array of them, with the fields event_id_cnty,"));
    assertTrue(InputFormat.shownBy(Files.writeString(dir.resolve("rows.json"), lines)).isEmpty());
  }

  @Test
  void theCommandsForRowsThatCamePackedNameTheFileAsUnpackedWithHowToUnpackIt() throws IOException {
    final Path zip = dir.resolve("ged.zip");
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
      out.putNextEntry(new ZipEntry("api/page 1.json"));
      out.write(UCDP_API.getBytes(StandardCharsets.UTF_8));
    }
    final String zipped = packedFailure(zip, InputFormat.UCDP_GED);
    assertTrue(zipped.startsWith(zip + ": looks like the rows of a UCDP GED export"), zipped);
    assertTrue(
        zipped.contains(
            "as JSON; unzip it (unzip "
                + zip
                + " 'api/page 1.json'), then write them as CSV (jq -r '.Result | "),
        zipped);
    assertTrue(
        zipped.endsWith(
            "@csv)' 'api/page 1.json' > 'api/page 1.csv') and read that with --format"
                + " ucdp-ged"),
        zipped);
    final Path gz = dir.resolve("rows.json.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write(("[" + NDJSON.strip() + "]").getBytes(StandardCharsets.UTF_8));
    }
    assertTrue(
        packedFailure(gz, InputFormat.NDJSON)
            .endsWith(
                ": decompress it (gunzip "
                    + gz
                    + "), then write each event on a line of its own (jq -c '.[]' "
                    + dir
                    + "/rows.json > "
                    + dir
                    + "/rows.ndjson)"));
  }

  private static String packedFailure(final Path packed, final InputFormat format) {
    final Path data = PackedFile.unpack(packed).data();
    return assertThrows(
            InputFileException.class,
            () -> InputReader.open(data, format, EventPreparer.standard()).close())
        .getMessage();
  }

  @Test
  void aDatasetOfSummedCountsIsNamedWithTheEventExportToDownloadInstead() throws IOException {
    final String acled =
        ": its rows are counts already summed, with no events of their own to count by day, region"
            + " and armed group; download ACLED's event export (an event a row with its"
            + " event_id_cnty: the Data Export Tool or the API at acleddata.com) and read that with"
            + " --format acled";
    assertEquals(
        "is ACLED's aggregated data by week (events and fatalities a week and admin1 region), not"
            + " an ACLED CSV export"
            + acled,
        failure(
            "WEEK,REGION,COUNTRY,ADMIN1,EVENT_TYPE,SUB_EVENT_TYPE,EVENTS,FATALITIES,"
                + "POPULATION_EXPOSURE,DISORDER_TYPE,ID,CENTROID_LATITUDE,CENTROID_LONGITUDE\n"
                + "2025-01-04,Southern Asia,Pakistan,Khyber Pakhtunkhwa,Battles,Armed clash,12,30,"
                + ",Political violence,1,34.1,71.5\n",
            InputFormat.ACLED));
    assertTrue(
        failure(
                "conflict_id,dyad_id,location_inc,side_a,side_b,year,bd_best,bd_low,bd_high\n"
                    + "209,406,Pakistan,Government of Pakistan,TTP,2022,120,100,150\n",
                InputFormat.UCDP_GED)
            .startsWith(
                "is UCDP's battle-related deaths dataset (deaths a conflict or dyad and year), not a"
                    + " UCDP GED export: its rows are counts already summed"),
        "UCDP's yearly datasets point to GED");
    // As HDX publishes ACLED's data now: a workbook of counts by month and admin area, HXL row and
    // all.
    final Path book = PackedFile.unpack(InputReaderTest.resource("acled-hdx-by-month.xlsx")).data();
    final InputFileException e =
        assertThrows(
            InputFileException.class,
            () -> InputReader.open(book, InputFormat.ACLED, EventPreparer.standard()).close());
    assertTrue(
        e.getMessage()
            .endsWith(
                "acled-hdx-by-month.xlsx: is ACLED's data by month (events a month and country or"
                    + " admin area; fatalities too in HDX's files), not an ACLED CSV export"
                    + acled),
        e.getMessage());
  }

  @Test
  void jsonCutShortSaysSoBeforeHowToWriteItsRowsAsCsv() throws IOException {
    final String event = UCDP_API.substring(UCDP_API.indexOf("[{") + 1, UCDP_API.indexOf("}]") + 1);
    final String page =
        UCDP_API.replace(event, String.join(",\n", Collections.nCopies(500, event)));
    final String cut = page.substring(0, page.length() / 2);
    final String why = failure(cut, InputFormat.UCDP_GED);
    assertTrue(
        why.startsWith(
            "ends inside its JSON, cut short (a download or copy that stopped; it ends in"),
        why);
    assertTrue(
        why.contains("download it again whole. Then: looks like the rows of a UCDP GED export"),
        why);
    assertTrue(
        failure(page, InputFormat.UCDP_GED).startsWith("looks like the rows"),
        "a whole page is refused as before");
    assertTrue(
        failure(page + "\n\n", InputFormat.NDJSON).startsWith("looks like the rows"),
        "blank lines after the end are no cut");
    // A CSV header in brackets, as SQL tools write one, starts with '[' but is no JSON.
    assertTrue(
        failure(
                "[event_id_cnty],[event_date],[country]\nPAK1,2023-01-01,Pakistan",
                InputFormat.ACLED)
            .contains("lacks the required columns"),
        "a CSV header: neither cut short nor JSON");
  }

  @Test
  void anApiPageWithNoRowsSaysItHoldsNoneRatherThanNamingAnotherFormat() throws IOException {
    final String emptyPage =
        "{\"TotalCount\":0,\"TotalPages\":0,\"PreviousPageUrl\":\"\",\"NextPageUrl\":\"\","
            + "\"Result\":[]}\n";
    assertEquals(
        "is JSON that holds no rows (an object whose \"Result\" is an empty list: an API's page past"
            + " the last, or a query that matched nothing), not a UCDP GED export: nothing to read;"
            + " ask the source for rows, as CSV where it gives them",
        failure(emptyPage, InputFormat.UCDP_GED));
    assertTrue(
        failure("[]", InputFormat.ACLED).startsWith("is JSON that holds no rows (an empty list:"));
    assertTrue(
        failure(
                "{\"status\":200,\"success\":true,\"count\":0,\"messages\":[],\"data\":[]}",
                InputFormat.ACLED)
            .contains("whose \"data\" is an empty list"),
        "the rows' holder, not the first empty list");
    assertTrue(
        failure("{\"a\":[],\"b\":[1]}", InputFormat.ACLED).startsWith("looks like NDJSON"),
        "a list that holds values is something");
  }

  @Test
  void aDataFrameOfAnExportWrittenByPandasToJsonSaysToWriteItAsCsv() throws IOException {
    final String columns =
        "{\"event_id_cnty\":{\"0\":\"KEN1\"},\"event_date\":{\"0\":\"2023-01-30\"},"
            + "\"fatalities\":{\"0\":2}}\n";
    assertEquals(
        "looks like an ACLED CSV export as pandas writes a data frame to JSON (to_json, orient"
            + " columns: columns event_id_cnty, event_date, fatalities), not an ACLED CSV export: no"
            + " --format reads an export as JSON; write the frame as CSV (df.to_csv('"
            + dir
            + "/download.csv', index=False); from the file, pandas.read_json('"
            + dir
            + "/download.txt', orient='columns').to_csv('"
            + dir
            + "/download.csv', index=False)) and read that with --format acled",
        failure(columns, InputFormat.ACLED));
    final String row = UCDP_API.substring(UCDP_API.indexOf("[{") + 1, UCDP_API.indexOf("}]") + 1);
    assertTrue(failure("{\"0\":" + row + "}", InputFormat.NDJSON).contains("orient index"));
    assertTrue(
        failure(
                "{\"columns\":[\"id\",\"date_start\",\"best\"],\"index\":[0],"
                    + "\"data\":[[1,\"2009-02-20\",3]]}",
                InputFormat.UCDP_GED)
            .contains("orient split"));
    assertTrue(
        failure("{\"schema\":{\"fields\":[]},\"data\":[" + row + "]}", InputFormat.UCDP_GED)
            .contains("orient table"));
  }

  @Test
  void anAcledApiResponseIsToldWhateverArraysOfObjectsComeBeforeItsData() throws IOException {
    final String messages = API.replace("\"messages\":[]", "\"messages\":[{\"m\":\"x\"}, 3]");
    assertTrue(
        failure(messages, InputFormat.ACLED).startsWith("looks like an ACLED API response"),
        failure(messages, InputFormat.ACLED));
  }

  @Test
  void aFileOfTheRightFormatLackingAColumnStillNamesTheColumn() throws IOException {
    final String why = failure(ACLED.replace("actor1,", "actor,"), InputFormat.ACLED);
    assertTrue(
        why.startsWith(
            "not an ACLED CSV export: the header (line 1) lacks the required column" + " actor1"),
        why);
  }

  @Test
  void ndjsonWhoseFirstLineAloneIsBrokenIsReadItsLineRejected() {
    final List<InputRecord> read = new ArrayList<>();
    try (InputReader reader =
        InputReader.of(
            new StringReader("id,reportedAt,\n" + NDJSON),
            InputFormat.NDJSON,
            EventPreparer.standard(),
            "feed.ndjson")) {
      reader.forEachRemaining(read::add);
    }
    assertEquals(
        DeadLetters.PARSE, assertInstanceOf(InputRecord.Rejected.class, read.get(0)).category());
    assertInstanceOf(InputRecord.Parsed.class, read.get(1));
  }
}
