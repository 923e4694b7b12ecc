package io.surgewatch.inputs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Whole numbers as exports, pandas, R and spreadsheets in any locale write them. */
class CellsTest {

  @Test
  void digitsAndFloatsWithAZeroFractionInEitherDecimalMark() {
    assertEquals(3, Cells.wholeNumber("3"));
    assertEquals(3, Cells.wholeNumber("3.0"), "pandas and R");
    assertEquals(3, Cells.wholeNumber("3,0"), "pandas' decimal=',' and European spreadsheets");
    assertEquals(15960, Cells.wholeNumber("15960,0"));
    assertEquals(1, Cells.wholeNumber("1,00"));
    assertEquals(15960, Cells.wholeNumber("15960,000"), "no group has four digits before it");
    assertEquals(1_675_368_000L, Cells.wholeNumber("1675368000.000"));
    assertEquals(3, Cells.wholeNumber("\u00a03.0\u00a0"), "spaces of any kind around it");
  }

  @Test
  void thousandsGroupedInAnyMarkWithTwoGroupsAtLeast() {
    assertEquals(1_675_368_000L, Cells.wholeNumber("1,675,368,000"));
    assertEquals(1_675_368_000L, Cells.wholeNumber("1.675.368.000"));
    assertEquals(1_675_368_000L, Cells.wholeNumber("1 675 368 000"));
    assertEquals(1_675_368_000L, Cells.wholeNumber("1\u202f675\u202f368\u202f000"));
    assertEquals(1_675_368_000L, Cells.wholeNumber("1'675'368'000"));
    assertEquals(1_234_567L, Cells.wholeNumber("1.234.567,0"), "then a zero fraction");
    assertEquals(1_234_567L, Cells.wholeNumber("1,234,567.00"));
  }

  @Test
  void whatCannotBeReadOneWayOnlyIsRefused() {
    assertEquals(-1, Cells.wholeNumber("1,234"), "1.234 with a decimal comma, or 1234");
    assertEquals(-1, Cells.wholeNumber("1,000"), "the same: a comma and three digits");
    assertEquals(-1, Cells.wholeNumber("1.000"), "1 or a thousand, grouped as in Europe");
    assertEquals(-1, Cells.wholeNumber("2.5"));
    assertEquals(-1, Cells.wholeNumber("2,5"));
    assertEquals(-1, Cells.wholeNumber("12,34,567"), "groups of three only");
    assertEquals(-1, Cells.wholeNumber("1,234.567.890"), "one mark for the groups");
    assertEquals(-1, Cells.wholeNumber("1.234.567.5"));
    assertEquals(-1, Cells.wholeNumber("-3"));
    assertEquals(-1, Cells.wholeNumber(""));
    assertEquals(-1, Cells.wholeNumber("1234567890123456789"), "more than 18 digits");
  }
}
