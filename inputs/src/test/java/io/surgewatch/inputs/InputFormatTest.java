package io.surgewatch.inputs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

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
}
