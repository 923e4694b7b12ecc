package io.surgewatch.inputs;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.surgewatch.core.DataTable;
import io.surgewatch.core.EventJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What the start of a file given the wrong {@code --format} looks like, for one error that names
 * the format to use instead of a list of missing columns or a dead letter a line: a CSV header of
 * another export (by the columns of {@code format-signatures.csv}), NDJSON, other JSON, an ACLED
 * API response ({@code {"status":200,"success":true,"data":[...]}}), or other JSON that holds an
 * export's rows ({@link JsonRows}: UCDP's API page, an array of rows, a row a line).
 *
 * <p>An API response is not read as ACLED rows, though its events have the CSV's fields: its
 * records would have no line of their own to name in a rejection (the response is often one line),
 * nor a text of their own for a dead letter, and the API gives the same export as CSV.
 */
final class WrongFormat {

  /** How much of a file's start is looked at. */
  static final int PEEK = 1 << 14;

  /** Characters of a first line an error echoes. */
  private static final int SHOWN = 80;

  /** Each format's columns, in the table's order (the first match wins). */
  private static final Map<InputFormat, List<String>> SIGNATURES = signatures();

  /**
   * Datasets of summed counts: what, columns, the export to read instead ({@link #summedDataset}).
   */
  private static final List<String[]> SUMMED =
      DataTable.read(WrongFormat.class, "summed-datasets.csv");

  private WrongFormat() {}

  /** The start of a text, its reader left where it was. */
  static String peek(final BufferedReader in) throws IOException {
    in.mark(PEEK);
    final char[] buf = new char[PEEK];
    int n = 0;
    int r;
    while (n < PEEK && (r = in.read(buf, n, PEEK - n)) > 0) {
      n += r;
    }
    in.reset();
    return new String(buf, 0, n);
  }

  /**
   * The format a file's start shows: the export whose columns its CSV header has, or NDJSON when
   * its first line is a JSON object that holds no export's rows ({@link JsonRows}); empty when it
   * shows none.
   */
  static Optional<InputFormat> shownBy(final String start) {
    final String text = start.startsWith("\uFEFF") ? start.substring(1) : start;
    final String stripped = text.stripLeading();
    if (stripped.startsWith("{")) {
      return isJsonObject(stripped.lines().findFirst().orElse(""))
              && JsonRows.of(stripped).export().isEmpty()
          ? Optional.of(InputFormat.NDJSON)
          : Optional.empty();
    }
    return exportOf(csvHeader(text));
  }

  /**
   * Why a file that starts with {@code start} is not of {@code expected} but looks like another
   * format, and the {@code --format} to use; empty when it does not look like another. The commands
   * it advises name the file as the user reaches it ({@code reach}).
   */
  static Optional<String> of(
      final String start, final InputFormat expected, final PackedFile.Reach reach) {
    final String text = start.startsWith("\uFEFF") ? start.substring(1) : start;
    final String stripped = text.stripLeading();
    final Optional<String> notData = notData(stripped);
    if (notData.isPresent()) {
      return notData;
    }
    if (startsAsJson(stripped)) {
      return json(stripped, expected, start.length() >= PEEK, reach);
    }
    final List<String> header = csvHeader(text);
    final Optional<InputFormat> export = exportOf(header);
    if (export.isPresent()) {
      return export
          .filter(f -> f != expected)
          .map(
              f ->
                  "looks like "
                      + f.what()
                      + " (its header has the columns "
                      + String.join(", ", SIGNATURES.get(f))
                      + "), not "
                      + expected.what()
                      + ": use --format "
                      + f.label());
    }
    final Optional<String> summed = summedDataset(header, expected);
    if (summed.isPresent()) {
      return summed;
    }
    final Optional<String> below = headerBelow(text, expected);
    if (below.isPresent()) {
      return below;
    }
    return expected == InputFormat.NDJSON && looksLikeCsv(stripped, header)
        ? Optional.of(
            "looks like a CSV file (its first line: "
                + firstLine(stripped)
                + "), not "
                + expected.what()
                + ": give the --format of its export ("
                + csvLabels()
                + ")")
        : Optional.empty();
  }

  /**
   * A dataset of counts already summed, as ACLED and UCDP publish beside their events ({@code
   * summed-datasets.csv}): no events to count by day, region and group, so no --format reads it.
   */
  private static Optional<String> summedDataset(
      final List<String> header, final InputFormat expected) {
    for (final String[] row : SUMMED) {
      if (hasAll(header, List.of(row[1].split(" +")))) {
        final InputFormat instead = InputFormat.parse(row[2]);
        return Optional.of(
            "is "
                + row[0]
                + ", not "
                + expected.what()
                + ": its rows are counts already summed, with no events of their own to count by day,"
                + " region and armed group; download "
                + (instead == InputFormat.UCDP_GED
                    ? "UCDP's Georeferenced Event Dataset (GED, an event a row with its id and"
                        + " date_start: ucdp.uu.se/downloads, or HDX)"
                    : "ACLED's event export (an event a row with its event_id_cnty: the Data Export"
                        + " Tool or the API at acleddata.com)")
                + " and read that with --format "
                + instead.label());
      }
    }
    return Optional.empty();
  }

  /** Lines looked at for an export's header below the first. */
  private static final int HEADER_WITHIN = 10;

  /**
   * An export's header further down than the reader looks ({@link CsvRecords#titlesAbove}: three
   * lines of one or two cells at most): more lines of text above it, or a title whose cell holds a
   * line break.
   */
  private static Optional<String> headerBelow(final String text, final InputFormat expected) {
    final List<String> lines = text.lines().limit(HEADER_WITHIN + 1L).toList();
    for (int i = 1; i < lines.size(); i++) {
      if (text.length() >= PEEK && i == lines.size() - 1) {
        break; // perhaps cut short by the peek
      }
      final Optional<InputFormat> export = exportOf(csvHeader(lines.get(i)));
      if (export.isPresent()) {
        final InputFormat f = export.get();
        return Optional.of(
            "the header of "
                + f.what()
                + " is on line "
                + (i + 1)
                + ", below "
                + i
                + (i == 1 ? " line" : " lines")
                + " of something else: remove "
                + (i == 1 ? "it" : "them")
                + " (up to three lines of text above a header are skipped: of one cell each, or of two"
                + " above a header of "
                + CsvRecords.WIDE
                + " columns or more)"
                + (f == expected ? "" : ", and use --format " + f.label()));
      }
    }
    return Optional.empty();
  }

  /**
   * What a download that went wrong saved instead of the data, as exports are fetched from
   * repositories: the pointer Git LFS stores in place of a large file, or a web page (a link to the
   * page that shows the file rather than to the file).
   */
  private static Optional<String> notData(final String stripped) {
    if (stripped.startsWith("version https://git-lfs.github.com/spec/")) {
      return Optional.of(
          "is a Git LFS pointer (the three lines Git keeps in place of a large file: version, oid,"
              + " size), not the data: fetch the file itself (git lfs pull in a clone, or the"
              + " repository's download of the file)");
    }
    final String markup = PROLOGUE.matcher(stripped).replaceFirst("");
    final String lower =
        markup.substring(0, Math.min(markup.length(), 256)).toLowerCase(Locale.ROOT);
    if (HTML_START.stream().anyMatch(lower::startsWith)) {
      return Optional.of(
          "is a web page (HTML), not the data: a link to the page that shows a file saves the page,"
              + " and a site that wants a login answers with its login page; download the file itself"
              + " (a repository's Raw link, the site's export button, logged in)");
    }
    if (stripped.regionMatches(true, 0, "<?xml", 0, 5)) {
      return Optional.of(
          "is an XML document (it starts "
              + firstLine(markup.isEmpty() ? stripped : markup)
              + "), not the data: no --format reads XML; ask the source for CSV (ACLED's API:"
              + " read.csv, or _format=csv, not read.xml)");
    }
    return Optional.empty();
  }

  /**
   * What may come before a document's first element: an XML declaration ({@code <?xml ...?>}), a
   * doctype other than HTML's, comments (a browser's {@code <!-- saved from url=... -->}).
   */
  private static final Pattern PROLOGUE =
      Pattern.compile(
          "^(?:\\s*(?:<\\?xml[^>]*>|<!--.*?-->|<!doctype(?!\\s+html)[^>]*>))+\\s*",
          Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

  /** How a web page starts, after its prologue (lower case): its doctype or one of its elements. */
  private static final List<String> HTML_START =
      List.of("<!doctype html", "<html", "<head", "<body", "<meta", "<title", "<link", "<script");

  /**
   * @param cut whether the file goes on past {@code text} (its last line may be cut short here)
   */
  private static Optional<String> json(
      final String text,
      final InputFormat expected,
      final boolean cut,
      final PackedFile.Reach reach) {
    final Optional<String> failed = apiError(text);
    if (failed.isPresent()) {
      return failed;
    }
    final JsonRows rows = JsonRows.of(text);
    if (rows.export().isPresent()) {
      return Optional.of(exportRows(rows, expected, reach));
    }
    final Optional<String> empty = cut ? Optional.empty() : emptyList(text);
    if (empty.isPresent() && expected != InputFormat.NDJSON) {
      return Optional.of(
          "is JSON that holds no rows ("
              + (empty.get().isEmpty()
                  ? "an empty list"
                  : "an object whose \"" + empty.get() + "\" is an empty list")
              + ": an API's page past the last, or a query that matched nothing), not "
              + expected.what()
              + ": nothing to read; ask the source for rows, as CSV where it gives them");
    }
    if (expected == InputFormat.NDJSON) {
      return oneDocument(text, cut, reach);
    }
    final String first = firstLine(text);
    return Optional.of(
        isJsonObject(text.lines().findFirst().orElse(""))
            ? "looks like NDJSON, one JSON object a line ("
                + first
                + "), not "
                + expected.what()
                + ": use --format "
                + InputFormat.NDJSON.label()
            : "looks like JSON ("
                + first
                + "), not "
                + expected.what()
                + ": --format "
                + InputFormat.NDJSON.label()
                + " reads the project's JSON events, one object a line");
  }

  /**
   * An API's answer to a request that failed, saved in place of the data: ACLED's {@code
   * {"status":403,"success":false,"error":{"status":403,"message":"..."}}} and the like ({@code
   * "error"} a message, an object or a list of them). It holds no rows: read as NDJSON it would be
   * a dead letter, and no {@code jq} line makes data of it; what the API said is what to fix.
   */
  private static Optional<String> apiError(final String text) {
    final JsonNode node;
    try (JsonParser p = EventJson.MAPPER.getFactory().createParser(text)) {
      node = EventJson.MAPPER.readTree(p);
    } catch (final IOException e) {
      return Optional.empty(); // not one whole document in what was looked at
    }
    if (node == null
        || !node.isObject()
        || !node.path("success").isBoolean()
        || node.path("success").asBoolean()
        || !node.has("error")) {
      return Optional.empty();
    }
    final JsonNode error = node.get("error");
    final List<String> said = new ArrayList<>();
    final Iterable<JsonNode> errors = error.isArray() ? error : List.of(error);
    for (final JsonNode e : errors) {
      if (e.isValueNode() && !e.isNull()) {
        said.add(e.asText());
      } else if (e.hasNonNull("message")) {
        said.add(e.get("message").asText());
      }
    }
    String status = node.path("status").isNumber() ? node.get("status").asText() : null;
    for (final JsonNode e : errors) {
      for (final String field : List.of("status", "code")) {
        if (status == null && e.path(field).isValueNode() && !e.path(field).isNull()) {
          status = e.get(field).asText();
        }
      }
    }
    final String message =
        said.stream().filter(m -> !m.isBlank()).collect(Collectors.joining("; "));
    return Optional.of(
        "is an API's answer to a request that failed (\"success\": false"
            + (status != null ? ", status " + status : "")
            + (message.isEmpty() ? "" : ": " + CsvHeader.shown(message))
            + "), not data: the download failed and holds no events; fix the request as the API"
            + " says (for ACLED's: the account's key and email, its access to the API) and download"
            + " the data again");
  }

  /** An export's rows written as JSON: which shape, and how to write them as CSV. */
  private static String exportRows(
      final JsonRows rows, final InputFormat expected, final PackedFile.Reach reach) {
    final InputFormat f = rows.export().orElseThrow();
    final String columns = String.join(", ", SIGNATURES.get(f));
    if (rows.orient() != null) {
      return "looks like "
          + f.what()
          + " as pandas writes a data frame to JSON (to_json, orient "
          + rows.orient()
          + ": columns "
          + columns
          + "), not "
          + expected.what()
          + ": no --format reads an export as JSON; "
          + reach.steps()
          + AdviceFile.fill(
              "write the frame as CSV (df.to_csv('FILE.csv', index=False); from the file,"
                  + " pandas.read_json('FILE', orient='"
                  + rows.orient()
                  + "').to_csv('FILE.csv', index=False))",
              reach.name())
          + " and read that with --format "
          + f.label();
    }
    if ("data".equals(rows.holder()) && f != InputFormat.UCDP_GED) {
      return "looks like an ACLED API response (JSON whose \"data\" holds events with the fields "
          + columns
          + "), not "
          + expected.what()
          + ": ask the API for CSV, with the same columns (its read.csv, or _format=csv), or"
          + " use ACLED's export tool, and read that with --format "
          + f.label();
    }
    return "looks like the rows of "
        + f.what()
        + " written as JSON ("
        + rows.shape()
        + ", with the fields "
        + columns
        + "), not "
        + expected.what()
        + ": no --format reads an export's rows as JSON; "
        + reach.steps()
        + AdviceFile.fill(
            "write them as CSV (jq -r" + rows.csvFilter() + " FILE > FILE.csv)", reach.name())
        + " and read that with --format "
        + f.label();
  }

  /**
   * Given as NDJSON, JSON that is one document, not an object a line; empty when it is NDJSON.
   *
   * @param cut whether the file goes on past {@code text}
   */
  private static Optional<String> oneDocument(
      final String text, final boolean cut, final PackedFile.Reach reach) {
    // One object a line is NDJSON, whatever each holds: the reader says what is wrong with each
    // (a first line cut short among whole ones, too). A JSON array, or an object written over
    // several lines, is one document: read a line at a time, every line would be a PARSE letter.
    // Only lines whole in what was looked at decide: a first event longer than that is no sign.
    final int end = cut ? text.lastIndexOf('\n') : text.length();
    if (end < 0
        || !text.startsWith("[")
            && text.substring(0, end)
                .lines()
                .filter(l -> !l.isBlank())
                .limit(3)
                .anyMatch(WrongFormat::isJsonObject)) {
      return Optional.empty();
    }
    return Optional.of(
        "looks like "
            + (text.startsWith("[") ? "one JSON array" : "JSON written over several lines")
            + " ("
            + firstLine(text)
            + "), not "
            + InputFormat.NDJSON.what()
            + ": "
            + reach.steps()
            + AdviceFile.fill(
                "write each event on a line of its own (jq -c '"
                    + (text.startsWith("[") ? ".[]" : ".")
                    + "' FILE > FILE.ndjson)",
                reach.name()));
  }

  /** Bytes of a file's end that {@link #cutShort} looks at. */
  private static final int TAIL = 64;

  /**
   * Bytes of a file's start that {@link #cutShort} reads to tell JSON: enough for a first field
   * name of any length an export has.
   */
  private static final int HEAD = 1024;

  /**
   * {@code refused} with what a JSON file's end shows, when it ends inside its JSON (a download or
   * copy that stopped): a whole document, or NDJSON's last line, ends in a closing brace or
   * bracket. The refusal's advice (a {@code jq} filter) would fail on the cut, so the cut comes
   * first.
   */
  static InputFileException cutShort(final Path file, final InputFileException refused) {
    try (SeekableByteChannel channel = Files.newByteChannel(file)) {
      final long size = channel.size();
      final ByteBuffer head = ByteBuffer.allocate((int) Math.min(HEAD, size));
      while (head.hasRemaining() && channel.read(head) >= 0) {
        // the first bytes
      }
      final String start = new String(head.array(), 0, head.position(), StandardCharsets.UTF_8);
      if (!startsAsJson(start.replace("\uFEFF", ""))) {
        return refused; // a CSV header in brackets ([id],[date], as SQL tools write) is no JSON
      }
      final ByteBuffer tail = ByteBuffer.allocate((int) Math.min(TAIL, size));
      channel.position(size - tail.capacity());
      while (tail.hasRemaining() && channel.read(tail) >= 0) {
        // the last bytes
      }
      final String end =
          new String(tail.array(), 0, tail.position(), StandardCharsets.UTF_8).stripTrailing();
      if (end.endsWith("}") || end.endsWith("]")) {
        return refused;
      }
      final String name = PackedFile.nameOf(file);
      final String why = refused.getMessage();
      return new InputFileException(
          name
              + ": ends inside its JSON, cut short (a download or copy that stopped; it ends in \""
              + CsvHeader.shown(end.substring(Math.max(0, end.length() - 40)))
              + "\" at byte "
              + size
              + "): download it again whole. Then: "
              + (why.startsWith(name + ": ") ? why.substring(name.length() + 2) : why),
          refused);
    } catch (final IOException e) {
      return refused; // the refusal stands on its own
    }
  }

  /**
   * Whether a text's first two tokens are JSON's: an object's first field, or an array's first
   * value.
   */
  private static boolean startsAsJson(final String start) {
    try (JsonParser p = EventJson.MAPPER.getFactory().createParser(start)) {
      final JsonToken first = p.nextToken();
      return (first == JsonToken.START_OBJECT || first == JsonToken.START_ARRAY)
          && p.nextToken() != null;
    } catch (final IOException e) {
      return false;
    }
  }

  /** The fields an API's page holds its rows in (ACLED's, UCDP's, and the common names). */
  private static final List<String> HOLDERS =
      List.of("data", "Result", "results", "result", "rows", "records", "items", "events");

  /**
   * The field of a text's one JSON object that is an empty list where an API's page holds its rows
   * (UCDP's {@code {"TotalCount":0,...,"Result":[]}}), "" when the text is an empty list itself;
   * empty when the text is other JSON, or more than one document. Lists of objects or of values
   * anywhere in it mean it holds something.
   */
  private static Optional<String> emptyList(final String text) {
    try (JsonParser p = EventJson.MAPPER.getFactory().createParser(text)) {
      final JsonNode node = EventJson.MAPPER.readTree(p);
      if (node == null || p.nextToken() != null) {
        return Optional.empty();
      }
      if (node.isArray()) {
        return node.isEmpty() ? Optional.of("") : Optional.empty();
      }
      String empty = null;
      for (final Map.Entry<String, JsonNode> f : node.properties()) {
        if (f.getValue().isContainerNode() && !f.getValue().isEmpty()) {
          return Optional.empty();
        }
        // The rows' holder, when the page has one, over another empty list ("messages": [])
        if (f.getValue().isArray() && (empty == null || HOLDERS.contains(f.getKey()))) {
          empty = empty != null && HOLDERS.contains(empty) ? empty : f.getKey();
        }
      }
      return Optional.ofNullable(empty);
    } catch (final IOException e) {
      return Optional.empty();
    }
  }

  /**
   * The rows of an export written as JSON, as far as the start of a text shows them: an API
   * response whose {@code holder} field holds an array of rows (ACLED's {@code "data"}, UCDP's
   * {@code "Result"}), one array of rows, or a row a line (pandas' {@code to_json(orient="records",
   * lines=True)}); or a data frame of the export as pandas' {@code to_json} writes it by default
   * ({@code orient}: {@code columns}, {@code index} or {@code split}), a column or a row an object.
   *
   * @param holder the response's field that holds the rows; null when the text is not a response
   * @param array whether the rows are one JSON array
   * @param fields the first row's field names (the frame's columns)
   * @param orient pandas' orient that wrote a frame; null for rows
   */
  private record JsonRows(String holder, boolean array, List<String> fields, String orient) {

    private static final JsonRows NONE = new JsonRows(null, false, List.of(), null);

    /** The export whose columns the rows have. */
    Optional<InputFormat> export() {
      return exportOf(fields);
    }

    String shape() {
      return holder != null
          ? "an API response whose \"" + holder + "\" holds them"
          : array ? "one JSON array of them" : "one a line";
    }

    /**
     * jq's arguments that write the rows as CSV under a header of the first row's fields (a row a
     * line is read whole, -s).
     */
    String csvFilter() {
      return (holder == null && !array ? "s" : "")
          + " '"
          + (holder != null ? "." + holder + " | " : "")
          + "(.[0] | keys_unsorted) as $k | ($k | @csv), (.[] | [.[$k[]]] | @csv)'";
    }

    /**
     * The rows the start of a text shows, as far as it goes: a text cut inside its first row gives
     * the fields read so far, in the shape found.
     */
    static JsonRows of(final String text) {
      final List<String> fields = new ArrayList<>();
      String holder = null;
      boolean array = false;
      try (JsonParser p = EventJson.MAPPER.getFactory().createParser(text)) {
        final JsonToken first = p.nextToken();
        if (first == JsonToken.START_ARRAY) {
          array = true;
          if (p.nextToken() == JsonToken.START_OBJECT) {
            fieldsOf(p, fields);
          }
          return new JsonRows(null, true, fields, null);
        }
        if (first != JsonToken.START_OBJECT) {
          return NONE;
        }
        // Its own fields (a row a line; a frame's columns), a field that holds an export's rows, a
        // row of a frame (orient index), or a frame's column names (orient split).
        final List<String> own = new ArrayList<>();
        boolean flat = true; // an object of scalars only: a row
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          final String name = p.currentName();
          own.add(name);
          final JsonToken value = p.nextToken();
          if (value == JsonToken.START_OBJECT) {
            flat = false;
            final List<String> row = new ArrayList<>();
            fieldsOf(p, row);
            if (exportOf(row).isPresent()) {
              return new JsonRows(null, false, row, "index");
            }
            continue;
          }
          if (value != JsonToken.START_ARRAY) {
            continue; // a scalar
          }
          flat = false;
          JsonToken element = p.nextToken();
          if (element == JsonToken.START_OBJECT) {
            holder = name;
            array = true;
            fieldsOf(p, fields);
            if (exportOf(fields).isPresent()) {
              // pandas' orient table: its schema, then the rows under "data"
              return new JsonRows(name, true, fields, own.contains("schema") ? "table" : null);
            }
            holder = null;
            array = false;
            fields.clear();
            element = p.nextToken();
          }
          final List<String> names = new ArrayList<>();
          while (element != null && element != JsonToken.END_ARRAY) { // no export's rows
            if (element == JsonToken.VALUE_STRING) {
              names.add(p.getText());
            }
            p.skipChildren();
            element = p.nextToken();
          }
          if ("columns".equals(name) && exportOf(names).isPresent()) {
            return new JsonRows(null, false, names, "split");
          }
        }
        if (flat) {
          return new JsonRows(null, false, own, null);
        }
        return exportOf(own).isPresent() ? new JsonRows(null, false, own, "columns") : NONE;
      } catch (final IOException e) {
        // the start ends inside the text, or it is not JSON: what was read decides
        return new JsonRows(holder, array, fields, null);
      }
    }

    /** The field names of the object the parser is at the start of, read to its end. */
    private static void fieldsOf(final JsonParser p, final List<String> into) throws IOException {
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        into.add(p.currentName());
        p.nextToken();
        p.skipChildren();
      }
    }
  }

  private static boolean isJsonObject(final String line) {
    try {
      final JsonNode node = EventJson.MAPPER.readTree(line);
      return node != null && node.isObject();
    } catch (final JsonProcessingException e) {
      return false;
    }
  }

  /** The export whose columns {@code names} all has (any letter case). */
  private static Optional<InputFormat> exportOf(final List<String> names) {
    return SIGNATURES.entrySet().stream()
        .filter(e -> hasAll(names, e.getValue()))
        .map(Map.Entry::getKey)
        .findFirst();
  }

  /** Whether {@code names} has every one of {@code columns} (any letter case; a/b: either). */
  private static boolean hasAll(final List<String> names, final List<String> columns) {
    final Set<String> have =
        names.stream()
            .map(n -> Cells.strip(n).toLowerCase(Locale.ROOT))
            .collect(Collectors.toSet());
    return columns.stream().allMatch(c -> Arrays.stream(c.split("/")).anyMatch(have::contains));
  }

  /** The first record of a CSV text as {@link CsvRecords} reads a header. */
  private static List<String> csvHeader(final String text) {
    try {
      final CsvRecords csv = new CsvRecords(new BufferedReader(new StringReader(text)));
      return csv.next() ? List.copyOf(csv.fields) : List.of();
    } catch (final IOException e) {
      return List.of(); // a string reader does not fail
    }
  }

  /**
   * Whether a text that is not JSON reads as CSV: its first line has several fields and its second
   * line is no JSON object either (NDJSON whose first line alone is broken is read, that line
   * rejected).
   */
  private static boolean looksLikeCsv(final String text, final List<String> header) {
    final String second = text.lines().skip(1).filter(l -> !l.isBlank()).findFirst().orElse("");
    return header.size() >= 2 && !second.stripLeading().startsWith("{");
  }

  private static String firstLine(final String text) {
    final String line = text.lines().findFirst().orElse("").strip();
    return line.length() <= SHOWN ? line : line.substring(0, SHOWN) + "...";
  }

  private static String csvLabels() {
    return SIGNATURES.keySet().stream().map(InputFormat::label).collect(Collectors.joining(", "));
  }

  private static Map<InputFormat, List<String>> signatures() {
    final Map<InputFormat, List<String>> m = new LinkedHashMap<>();
    DataTable.read(WrongFormat.class, "format-signatures.csv")
        .forEach(r -> m.put(InputFormat.parse(r[0]), List.of(r[1].split(" +"))));
    return m;
  }
}
