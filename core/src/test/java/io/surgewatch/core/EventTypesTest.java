package io.surgewatch.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ACLED's pre-2019 types count as their current type; the message names the counted types and says
 * so.
 */
class EventTypesTest {

  @ParameterizedTest(name = "''{0}'' is Battles")
  @ValueSource(
      strings = {
        "Battle-No change of territory",
        "Battle-Government regains territory",
        "Battle-Non-state actor overtakes territory",
        "Battle-Non-state actors overtake territory",
        "BATTLE-NON-STATE ACTORS OVERTAKE TERRITORY",
        "Battle - No change of territory",
        "Battle-Something new",
        "battle\u2013government regains territory",
        " Battles ",
        "battles"
      })
  void everyPre2019BattleTypeIsBattles(final String raw) {
    assertEquals("Battles", EventTypes.canonical(raw));
    assertTrue(EventTypes.standard().counts(EventTypes.canonical(raw)));
  }

  @Test
  void byDefaultThePoliticalViolenceTypesOfAcledAndUcdpsThreeTypesCount() {
    assertEquals(
        List.of(
            "Battles",
            "Explosions/Remote violence",
            "Violence against civilians",
            "State-based conflict",
            "Non-state conflict",
            "One-sided violence"),
        EventTypes.DEFAULT_COUNTED);
  }

  @Test
  void otherTypesAreUnchanged() {
    assertEquals(
        "Battleship sighting",
        EventTypes.canonical("Battleship sighting"),
        "not of the Battle- form");
    assertEquals("Explosions/Remote violence", EventTypes.canonical("Remote violence"));
    assertEquals(
        "Strategic developments", EventTypes.canonical("Non-violent transfer of territory"));
    assertEquals("Riots/Protests", EventTypes.canonical("Riots/Protests"));
    assertFalse(EventTypes.standard().counts("Riots/Protests"));
  }

  @Test
  void describeListsTheCountedTypesBySourceSayingThatPre2019NamesCount() {
    assertEquals(
        "Battles, Explosions/Remote violence, Violence against civilians (ACLED, and their pre-2019"
            + " names); Non-state conflict, One-sided violence, State-based conflict (UCDP)",
        EventTypes.standard().describe());
  }

  @Test
  void describeOfTypesWithoutOlderNamesIsTheirNamesAndATypeOfNoKnownSourceComesLast() {
    assertEquals(
        "Non-state conflict, State-based conflict (UCDP)",
        EventTypes.of(List.of("state-based conflict", "Non-state conflict")).describe());
    assertEquals("Riots (ACLED); Looting", EventTypes.of(List.of("Looting", "riots")).describe());
  }

  @Test
  void aNameWithinTwoEditsOfAKnownTypeMisspellsItAFartherOneMayBeASourcesOwn() {
    assertEquals(Optional.of("Battles"), EventTypes.misspelling("Battels"));
    assertEquals(Optional.of("Riots"), EventTypes.misspelling("riot"));
    assertEquals(Optional.empty(), EventTypes.misspelling("Battles"));
    assertEquals(Optional.empty(), EventTypes.misspelling("Battle-No change of territory"));
    assertEquals(Optional.empty(), EventTypes.misspelling("Looting/property destruction"));
  }
}
