package io.surgewatch.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class DataTableTest {

  @Test
  void aRowMayLeaveOutTrailingCellsButARowWithMoreCellsThanItsHeaderIsRefusedNamingItsLine() {
    final IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> DataTable.read(DataTableTest.class, "table-with-a-comma-in-a-cell.csv"));
    assertEquals(
        "data table table-with-a-comma-in-a-cell.csv line 4 has 4 cells where its header has 3:"
            + " a comma inside a cell?",
        e.getMessage());
  }

  @Test
  void aRowThatLeavesOutAnOptionalTrailingCellIsReadWithTheCellsItHas() {
    final List<String[]> rows =
        DataTable.read(DataTableTest.class, "table-with-an-optional-column.csv");
    assertEquals(
        List.of("TTP|TTP", "IS|IS-K|AF PK"), rows.stream().map(r -> String.join("|", r)).toList());
  }
}
