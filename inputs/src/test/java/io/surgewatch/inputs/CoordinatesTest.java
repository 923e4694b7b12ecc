package io.surgewatch.inputs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A row's latitude and longitude: read as spreadsheets write them, and dropped together, never the
 * row, when one cannot stand.
 */
class CoordinatesTest {

  /** The first data row of {@code csv}, its coordinates in columns 0 and 1. */
  private static Coordinates.Point point(final String csv) throws IOException {
    final CsvRecords records = new CsvRecords(new BufferedReader(new StringReader(csv)));
    records.next();
    records.next();
    return Coordinates.of(CsvRow.of(records), 0, 1);
  }

  @Test
  void aPairWithDecimalCommasAsSpreadsheetsReSaveItIsRead() throws IOException {
    assertEquals(
        new Coordinates.Point(14.9655, -0.1634, null), point("lat;lon;x\n14,9655;-0,1634;1,2\n"));
  }

  @Test
  void aCoordinateIsANumberWhateverSpacesSurroundIt() throws IOException {
    assertEquals(new Coordinates.Point(33.5, 71.0, null), point("lat,lon\n\u00a033.5 , 71\n"));
  }

  @Test
  void boundsAreInclusive() throws IOException {
    assertEquals(new Coordinates.Point(-90.0, 180.0, null), point("lat,lon\n-90,180\n"));
  }

  @Test
  void aLatitudeALocaleReSaveMovedOutOfRangeDropsThePairSayingWhich() throws IOException {
    assertEquals(
        new Coordinates.Point(null, null, "latitude '-1169' is outside -90..90"),
        point("lat,lon\n-1169,36.817\n"));
    assertEquals(
        new Coordinates.Point(null, null, "longitude '36817' is outside -180..180"),
        point("lat,lon\n-1.169,36817\n"));
  }

  @Test
  void aCoordinateThatIsNoNumberDropsThePairSayingWhich() throws IOException {
    assertEquals(
        new Coordinates.Point(null, null, "latitude '1.234.5' is not a number"),
        point("lat,lon\n1.234.5,36.8\n"));
    assertEquals(
        new Coordinates.Point(
            null, null, "latitude 'north' is not a number; longitude '400' is outside -180..180"),
        point("lat,lon\nnorth,400\n"),
        "both said");
  }

  @Test
  void oneCoordinateAlonePlacesNothingSoThePairIsDropped() throws IOException {
    assertEquals(
        new Coordinates.Point(null, null, "longitude missing"), point("lat,lon\n-1.169,\n"));
  }

  @Test
  void aRowWithoutCoordinatesHasNoneToDrop() throws IOException {
    assertEquals(Coordinates.NONE, point("lat,lon\n , \n"));
    final CsvRecords records = new CsvRecords(new BufferedReader(new StringReader("a,b\nx,y\n")));
    records.next();
    records.next();
    assertEquals(Coordinates.NONE, Coordinates.of(CsvRow.of(records), -1, -1), "no such columns");
  }

  @Test
  void theNoteCountsTheIncidentsAndNamesTheFirstLines() {
    final Coordinates tally = new Coordinates(Places.LINES);
    tally.counted(2, new Coordinates.Point(1.0, 2.0, null));
    for (int line = 3; line <= 9; line++) {
      tally.counted(line, new Coordinates.Point(null, null, "latitude '-" + line + "000'"));
    }
    final ReadCounts counts = new ReadCounts();
    tally.addTo(counts);
    assertEquals(7, counts.get(ReadCount.UNPLACED_ROWS));
    final String note = Coordinates.note(counts);
    assertEquals(
        "7 incidents counted without coordinates (latitude and longitude left empty), as the"
            + " row's could not be read or lay outside -90..90 / -180..180, as a re-save in"
            + " another locale leaves them (-1.169 written -1169): line 3 (latitude '-3000'),"
            + " line 4 (latitude '-4000'), line 5 (latitude '-5000'), line 6 (latitude '-6000'),"
            + " line 7 (latitude '-7000'), ...",
        note);
    assertNull(Coordinates.note(new ReadCounts()), "no note when every point stood");
    assertEquals(List.of(), new ReadCounts().first(ReadCount.UNPLACED_ROWS));
  }
}
