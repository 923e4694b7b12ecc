package io.surgewatch.inputs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.surgewatch.core.DeadLetters;
import io.surgewatch.core.EventJson;
import io.surgewatch.core.EventKind;
import io.surgewatch.core.EventPreparer;
import io.surgewatch.core.FieldError;
import io.surgewatch.core.InvalidEventException;
import io.surgewatch.core.RecordSizeLimit;
import io.surgewatch.events.v1.IncidentEvent;
import io.surgewatch.events.v1.StatementEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/**
 * NDJSON: one JSON object a line in the JSON form of {@link EventJson}; {@code "type": "statement"}
 * marks a statement, anything else is an incident ({@link EventKind}: one that is a statement in
 * all but its type is refused naming {@code type}). Blank lines are skipped. Not JSON is PARSE; a
 * JSON object that does not fit the schema or fails validation is VALIDATION, with every offending
 * field path.
 */
final class NdjsonReader extends InputReader {

  /**
   * The longest line read at all, in UTF-8 bytes (as Kafka counts; 600,000 Urdu characters are 1.1
   * MB): four times Kafka's default record limit. A longer line is no event (a whole document on
   * one line) and is not parsed; a shorter one that is an event too large to publish is rejected
   * naming its id, its largest field and the limit ({@link io.surgewatch.core.RecordSizeLimit}).
   */
  static final int MAX_LINE_BYTES = 4 * RecordSizeLimit.KAFKA_DEFAULT;

  private final EventPreparer preparer;
  private long physicalLine;

  /** Lines that are not blank, read so far: see {@link ReadCount#DATA_ROWS}. */
  private long records;

  NdjsonReader(final String sourceName, final BufferedReader in, final EventPreparer preparer) {
    super(sourceName, in, Places.LINES);
    this.preparer = preparer;
  }

  @Override
  void continueAtLine(final long next) {
    physicalLine = next - 1;
  }

  @Override
  public InputFormat format() {
    return InputFormat.NDJSON;
  }

  @Override
  InputRecord readNext(final BufferedReader in) throws IOException {
    String text;
    do {
      text = in.readLine();
      if (text == null) {
        return null;
      }
      physicalLine++;
    } while (text.isBlank());
    records++;
    if (physicalLine == 1 && text.charAt(0) == '\uFEFF') {
      text = text.substring(1);
    }
    final int bytes = utf8Length(text);
    if (bytes > MAX_LINE_BYTES) {
      // No event is that long: a whole document on one line. Its dead letter keeps its start, as a
      // runaway CSV record's does; kept whole, it was larger than a Kafka record may be.
      return new InputRecord.Rejected(
          physicalLine,
          CsvRecords.shortened(text),
          null,
          DeadLetters.PARSE,
          InputReader.prefix(physicalLine)
              + "a line of "
              + bytes
              + " bytes (UTF-8), longer than "
              + MAX_LINE_BYTES
              + ": no event is that long (a whole JSON document on one line?)",
          null);
    }
    return parseLine(preparer, physicalLine, text);
  }

  /**
   * The UTF-8 length of {@code text}; its length in characters, which is no more than that, when
   * that is too short to be over the limit (a line is encoded only when it might be).
   */
  private static int utf8Length(final String text) {
    return text.length() <= MAX_LINE_BYTES / 3
        ? text.length()
        : text.getBytes(StandardCharsets.UTF_8).length;
  }

  @Override
  public ReadCounts counts() {
    final ReadCounts out = new ReadCounts();
    out.put(ReadCount.DATA_ROWS, records);
    return out;
  }

  /**
   * A file with no line to read (a download that saved nothing) is said to hold nothing, as a CSV
   * file of a header alone is, rather than read as a run of nothing.
   */
  @Override
  List<String> formatNotes(final ReadCounts counts) {
    return counts.get(ReadCount.DATA_ROWS) == 0
        ? List.of(
            "the file holds no line of JSON (it is empty, or blank lines only): nothing in it to read")
        : List.of();
  }

  /** Parses one JSON object (one NDJSON line, or one element of an HTTP array) into a record. */
  static InputRecord parseLine(final EventPreparer preparer, final long line, final String text) {
    final JsonNode node;
    try {
      node = EventJson.MAPPER.readTree(text);
    } catch (final JsonProcessingException e) {
      return new InputRecord.Rejected(
          line,
          text,
          null,
          DeadLetters.PARSE,
          InputReader.prefix(line) + "not valid JSON: " + EventJson.describe(e),
          e);
    }
    return fromTree(preparer, line, text, node);
  }

  static InputRecord fromTree(
      final EventPreparer preparer, final long line, final String text, final JsonNode node) {
    final String id = node != null && node.path("id").isTextual() ? node.path("id").asText() : null;
    try {
      final Optional<FieldError> misspelt = EventKind.misspeltStatement(node);
      if (misspelt.isPresent()) {
        throw new InvalidEventException(List.of(misspelt.get()));
      }
      final SpecificRecord event =
          EventKind.isStatement(node)
              ? preparer.statement(preparer.whole(EventJson.partial(node, StatementEvent.class)))
              : preparer.incident(preparer.whole(EventJson.partial(node, IncidentEvent.class)));
      return new InputRecord.Parsed(line, text, event);
    } catch (final InvalidEventException e) {
      return new InputRecord.Rejected(
          line, text, id, DeadLetters.VALIDATION, InputReader.prefix(line) + e.getMessage(), e);
    } catch (final RuntimeException e) {
      // e.g. bad base64 in a bytes field: still a rejection of this record, not of the file
      return new InputRecord.Rejected(
          line, text, id, DeadLetters.VALIDATION, InputReader.prefix(line) + e.getMessage(), e);
    }
  }
}
