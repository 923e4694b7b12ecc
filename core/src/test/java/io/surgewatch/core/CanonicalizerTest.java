package io.surgewatch.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** CONTRACT "Keys of the aggregation cube": alpha-2 countries, canonical admin1 names, short group names. */
class CanonicalizerTest {

  private final Canonicalizer names = Canonicalizer.standard();

  @Nested
  class Countries {

    @ParameterizedTest(name = "''{0}'' -> {1}")
    @CsvSource(delimiter = '|', value = {
        "PK | PK",
        "pk | PK",
        "' PK ' | PK",
        "PAK | PK",
        "pak | PK",
        "586 | PK",
        "Pakistan | PK",
        "PAKISTAN | PK",
        "Islamic Republic of Pakistan | PK",
        "AF | AF",
        "AFG | AF",
        "4 | AF",
        "004 | AF",
        "Afghanistan | AF",
        "IN | IN",
        "IND | IN",
        "India | IN",
        "356 | IN",
        "US | US",
        "United States | US",
        "Democratic Republic of Congo | CD",
        "Democratic Republic of the Congo | CD",
        "Republic of Congo | CG",
        "Iran | IR",
        "UK | GB",
        "USA | US",
        "XK | XK",
    })
    void resolvesToAlpha2(final String raw, final String alpha2) {
      assertEquals(Optional.of(alpha2), names.country(raw));
    }

    @ParameterizedTest(name = "''{0}'' is unknown")
    @ValueSource(strings = {"XX", "ZZZ", "999", "Atlantis", "Khyber Pakhtunkhwa", "P"})
    void unknownGivesEmpty(final String raw) {
      assertEquals(Optional.empty(), names.country(raw));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   "})
    void missingGivesEmpty(final String raw) {
      assertEquals(Optional.empty(), names.country(raw));
    }

    @Test
    void knownCountryMeansAnAlpha2Code() {
      assertTrue(names.isKnownCountry("PK"));
      assertTrue(names.isKnownCountry("XK"));
      assertFalse(names.isKnownCountry("PAK"));
      assertFalse(names.isKnownCountry("XX"));
      assertFalse(names.isKnownCountry(null));
    }
  }

  @Nested
  class Regions {

    @ParameterizedTest(name = "PK ''{0}'' -> {1}")
    @CsvSource(delimiter = '|', value = {
        "Khyber Pakhtunkhwa | Khyber Pakhtunkhwa",
        "khyber pakhtunkhwa | Khyber Pakhtunkhwa",
        "KP | Khyber Pakhtunkhwa",
        "KPK | Khyber Pakhtunkhwa",
        "NWFP | Khyber Pakhtunkhwa",
        "N.W.F.P. | Khyber Pakhtunkhwa",
        "North-West Frontier Province | Khyber Pakhtunkhwa",
        "FATA | Khyber Pakhtunkhwa",
        "erstwhile FATA | Khyber Pakhtunkhwa",
        "Erstwhile FATA | Khyber Pakhtunkhwa",
        "ex-FATA | Khyber Pakhtunkhwa",
        "Baluchistan | Balochistan",
        "Balochistan | Balochistan",
        "Sind | Sindh",
        "Islamabad | Islamabad Capital Territory",
        "Gilgit Baltistan | Gilgit-Baltistan",
        "Baluchistān | Balochistan",
        "Azad Jammu & Kashmir | Azad Kashmir",
        "Azad Jammu and Kashmir | Azad Kashmir",
    })
    void pakistaniAliasesResolve(final String raw, final String canonical) {
      assertEquals(canonical, names.region("PK", raw));
    }

    @Test
    void aliasesAreScopedByCountry() {
      assertEquals("Helmand", names.region("AF", "Hilmand"));
      assertEquals("KP", names.region("AF", "KP"), "KP is a Pakistani alias only");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  "})
    void missingIsUnknown(final String raw) {
      assertEquals(Canonicalizer.UNKNOWN, names.region("PK", raw));
      assertEquals("UNKNOWN", Canonicalizer.UNKNOWN);
    }

    @Test
    void unknownNameIsKeptTrimmed() {
      assertEquals("Lahore Division", names.region("PK", "  Lahore Division "));
    }

    @Test
    void anUnknownNameHasOneSpellingWhateverTheSources() {
      assertEquals("Michoacan", names.region("MX", "Michoacán"));
      assertEquals("Michoacan", names.region("MX", "Michoacan"));
      assertEquals("Borno", names.region("NG", "borno"));
      assertEquals("Borno", names.region("NG", "BORNO"));
      assertEquals("Federal Capital Territory", names.region("NG", "Federal  Capital Territory"));
      assertEquals("FCT", names.region("NG", "FCT"), "an abbreviation stays as it is");
    }

    @ParameterizedTest
    @ValueSource(strings = {"KPK", "Baluchistān", "borno", "Federal Capital Territory", "UNKNOWN", "unknown",
        "Lahore Division"})
    void aCanonicalNameIsItsOwnCanonicalName(final String raw) {
      final String canonical = names.region("PK", raw);
      assertEquals(canonical, names.region("PK", canonical));
    }
  }

  @Nested
  class Groups {

    @ParameterizedTest(name = "''{0}'' -> {1}")
    @CsvSource(delimiter = '|', value = {
        "TTP | TTP",
        "ttp | TTP",
        "TTP: Tehrik-i-Taliban Pakistan | TTP",
        "Tehrik-i-Taliban Pakistan | TTP",
        "Tehreek-e-Taliban Pakistan | TTP",
        "Pakistani Taliban | TTP",
        "Taliban (Pakistan) | TTP",
        "ISKP | IS-K",
        "ISIS-K | IS-K",
        "Islamic State Khorasan Province | IS-K",
        "BLA | BLA",
        "Baluchistan Liberation Army | BLA",
        "BLA: Baloch Liberation Army | BLA",
        "Baloch Liberation Front | BLF",
        "Unidentified Armed Group (Pakistan) | UNKNOWN",
        "Unidentified Armed Group | UNKNOWN",
        "Military Forces of Pakistan (2018-) | PK-SECURITY-FORCES",
        "Police Forces of Pakistan (2018-) | PK-SECURITY-FORCES",
        "Afghan Taliban | Taliban",
        "Islamic State (Pakistan) | IS-K",
        "Islamic State (Sahel) | IS-Sahel",
        "ISWAP: Islamic State West Africa Province | ISWAP",
        "Islamic State West Africa Province | ISWAP",
        "CJNG: Jalisco New Generation Cartel | CJNG",
        "Jalisco New Generation Cartel | CJNG",
        "boko haram | Boko Haram",
    })
    void aliasesResolve(final String raw, final String canonical) {
      assertEquals(canonical, names.group(raw));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" "})
    void missingIsUnknown(final String raw) {
      assertEquals(Canonicalizer.UNKNOWN, names.group(raw));
    }

    @Test
    void anUnknownNameLosesItsYearsButKeepsItsCountry() {
      assertEquals("Some New Front", names.group("  Some New Front "));
      assertEquals("Some New Front", names.group("Some New Front (2019-)"));
      assertEquals("Military Forces of Ruritania", names.group("Military Forces of Ruritania (1999-2008)"));
      assertEquals("Some New Front (Ruritania)", names.group("Some New Front (Ruritania)"),
          "two countries' branches of a name are two groups");
    }

    @Test
    void anUnknownNameInAcledsAbbreviatedFormIsItsAbbreviation() {
      assertEquals("SNF", names.group("SNF: Some New Front"));
      assertEquals("SNF", names.group("SNF: Some New Front (Ruritania)"));
    }

    @Test
    void anUnknownNameHasOneSpellingWhateverTheSources() {
      assertEquals("Some New Front", names.group("some new front"));
      assertEquals("Frente Nacion", names.group("Frente Nación"));
      assertEquals("Frente Nacion", names.group("Frente  Nacion"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"TTP: Tehrik-i-Taliban Pakistan", "Military Forces of Pakistan (2018-)", "UNKNOWN",
        "SNF: Some New Front", "some new front", "Some New Front (Ruritania)", "Islamic State (Sahel)",
        "abc: some militia", "unknown"})
    void aCanonicalNameIsItsOwnCanonicalName(final String raw) {
      final String canonical = names.group(raw);
      assertEquals(canonical, names.group(canonical));
    }

    @Test
    void groupsDedupesAliasesKeepingFirstSeenOrder() {
      assertEquals(List.of("BLA", "TTP"),
          names.groups(Arrays.asList("Baluchistan Liberation Army", "Pakistani Taliban", "TTP", "BLA")));
    }

    @Test
    void groupsDropsUnknownWhenANamedGroupIsPresent() {
      assertEquals(List.of("TTP"),
          names.groups(List.of("Unidentified Armed Group (Pakistan)", "TTP: Tehrik-i-Taliban Pakistan", "")));
    }

    @Test
    void groupsOfNothingIsUnknown() {
      assertEquals(List.of("UNKNOWN"), names.groups(List.of()));
      assertEquals(List.of("UNKNOWN"), names.groups(List.of("Unidentified Armed Group (Pakistan)", "")));
    }
  }
}
