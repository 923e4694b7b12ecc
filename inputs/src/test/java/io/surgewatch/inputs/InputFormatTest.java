package io.surgewatch.inputs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputFormatTest {
  @Test
  void theChoicesTheHelpShowsAreTheFormatsLabels() {
    assertEquals(
        Arrays.stream(InputFormat.values())
            .map(InputFormat::label)
            .collect(Collectors.joining("|")),
        InputFormat.CHOICES);
  }

  @Test
  void eachFormatIsReadByItsLabelAndItsOtherNamesIgnoringCaseAndUnderscores() {
    for (final InputFormat format : InputFormat.values()) {
      assertEquals(format, InputFormat.parse(format.label()));
      assertEquals(format, InputFormat.parse(" " + format.name() + " "));
    }
    assertEquals(InputFormat.ACLED, InputFormat.parse("CSV"));
    assertEquals(InputFormat.ACLED_DELETIONS, InputFormat.parse("acled_deleted"));
    assertEquals(InputFormat.UCDP_GED, InputFormat.parse("ged"));
    assertEquals(InputFormat.NDJSON, InputFormat.parse("jsonl"));
  }

  @Test
  void anUnknownFormatIsRefusedNamingTheValueAndTheChoices() {
    final IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> InputFormat.parse("xlsx"));
    assertEquals(
        "unknown input format 'xlsx': expected one of acled, acled-deletions, ucdp-ged, ndjson",
        e.getMessage());
  }

  private static Optional<InputFormat> shownBy(final Path dir, final String text)
      throws IOException {
    return InputFormat.shownBy(Files.writeString(dir.resolve("file"), text));
  }

  @Test
  void aFilesStartShowsItsExportByItsHeadersColumnsOrNdjsonByItsFirstObject(@TempDir final Path dir)
      throws IOException {
    assertEquals(
        Optional.of(InputFormat.UCDP_GED),
        shownBy(dir, "\uFEFFid;type_of_violence;side_a;date_start;best_est\n1;3;x;2020-01-01;2\n"));
    assertEquals(
        Optional.of(InputFormat.ACLED),
        shownBy(dir, "EVENT_ID_CNTY,EVENT_DATE,FATALITIES\nKEN1,2020-01-01,2\n"));
    assertEquals(
        Optional.of(InputFormat.ACLED_DELETIONS),
        shownBy(dir, "event_id_cnty,deleted_timestamp\nKEN1,1675368000\n"));
    assertEquals(Optional.of(InputFormat.NDJSON), shownBy(dir, "{\"id\": \"x\"}\n"));
    assertEquals(
        Optional.empty(),
        shownBy(
            dir,
            "{\"status\":200,\"data\":[{\"event_id_cnty\":\"KEN1\",\"event_date\":\"2020-01-01\","
                + "\"fatalities\":\"2\"}]}"),
        "an ACLED API response is no format's");
    assertEquals(Optional.empty(), shownBy(dir, "a,b\n1,2\n"));
    assertEquals(Optional.empty(), InputFormat.shownBy(dir.resolve("missing.csv")));
  }
}
