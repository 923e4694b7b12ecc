package io.surgewatch.inputs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

  /** Numbers grouped by spaces, each with what it reads as: a space is never a decimal mark. */
  private static final Object[][] SPACE_GROUPED = {
    {"2 478", 2478L},
    {"2\u00a0478", 2478L}, // a no-break space (French)
    {"2\u202f478", 2478L}, // a narrow no-break space (French, Russian)
    {"12\u00a0345\u00a0678", 12_345_678L},
    {"2 478,0", 2478L}, // then a zero fraction
    {"2 47", -1L}, // a group after the first has three digits...
    {"2 4780", -1L},
    {"2478 000", -1L}, // ...and the first at most three
    {"2  478", -1L},
    {"2 478 1", -1L},
  };

  @Test
  void digitsGroupedBySpacesAsFrenchAndRussianLocalesWriteThemNeedOneGroupOnly() {
    for (final Object[] c : SPACE_GROUPED) {
      assertEquals(c[1], Cells.wholeNumber((String) c[0]), (String) c[0]);
    }
    assertEquals(
        "expected a whole number of at least 0, got '2 47'", Cells.notAWholeNumber(" 2 47 "));
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

  @Test
  void aMarkTheFileDoesNotWriteDecimalsWithGroupsThousandsWithOneGroupToo() {
    assertEquals(1172, Cells.wholeNumber("1,172", ','), "an Excel US re-save's 1,172 killed");
    assertEquals(1172, Cells.wholeNumber("1.172", '.'), "a European one's");
    assertEquals(1_234_567, Cells.wholeNumber("1,234,567", ','));
    assertEquals(1172, Cells.wholeNumber("1,172.0", ','), "then a zero fraction");
    assertEquals(-1, Cells.wholeNumber("1.172", ','), "the other mark is the decimal one");
    assertEquals(-1, Cells.wholeNumber("0,172", ','), "no grouped number starts with 0");
    assertEquals(-1, Cells.wholeNumber("1,17", ','), "a group has three digits");
    assertEquals(3, Cells.wholeNumber("3,0", ','), "a decimal comma with a zero fraction, still");
  }

  @Test
  void aRefusedCellSaysWhyAndAnAmbiguousMarkIsNamedAsSuch() {
    assertEquals(
        "expected a whole number of at least 0, got '1,234': its ',' may be a thousands mark or a"
            + " decimal one, and nothing in the cell says which; write the number without it",
        Cells.notAWholeNumber("1,234"));
    assertTrue(Cells.notAWholeNumber(" 1.000 ").contains("its '.' may be a thousands mark"));
    assertEquals("expected a whole number of at least 0, got '2.5'", Cells.notAWholeNumber("2.5"));
    assertEquals("expected a whole number of at least 0, got '-3'", Cells.notAWholeNumber("-3"));
    assertEquals(
        "expected a whole number of at least 0, got '1,2345'", Cells.notAWholeNumber("1,2345"));
  }
}
