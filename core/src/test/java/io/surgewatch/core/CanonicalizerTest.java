package io.surgewatch.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * CONTRACT "Keys of the aggregation cube": alpha-2 countries, canonical admin1 names, short group
 * names.
 */
class CanonicalizerTest {

  private final Canonicalizer names = Canonicalizer.standard();

  @Nested
  class Countries {

    @ParameterizedTest(name = "''{0}'' -> {1}")
    @CsvSource(
        delimiter = '|',
        value = {
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

    @ParameterizedTest(name = "ACLED''s ''{0}'' -> {1}")
    @CsvSource(
        delimiter = '|',
        value = {
          "Democratic Republic of Congo | CD",
          "Republic of Congo | CG",
          "Ivory Coast | CI",
          "eSwatini | SZ",
          "Kosovo | XK",
          "Palestine | PS",
          "Curacao | CW",
          "Bonaire | BQ",
          "Caribbean Netherlands | BQ",
          "Bonaire, Sint Eustatius and Saba | BQ",
          "Saint-Martin | MF",
          "Sint Maarten | SX",
          "Saint-Barthelemy | BL",
          "Micronesia | FM",
          "Cape Verde | CV",
          "Cabo Verde | CV",
          "East Timor | TL",
          "Turkey | TR",
          "Turkiye | TR",
          "Türkiye | TR",
          "Czech Republic | CZ",
          "North Macedonia | MK",
          "Vatican City | VA",
          "Falkland Islands | FK",
          "Akrotiri and Dhekelia | GB",
          "Saint Kitts and Nevis | KN",
          "Saint Vincent and the Grenadines | VC",
          "Sao Tome and Principe | ST",
          "Hong Kong | HK",
          "Macau | MO",
          "Russia | RU",
          "Syria | SY",
          "Vietnam | VN",
          "Bosnia and Herzegovina | BA",
          "Antigua and Barbuda | AG",
          "Virgin Islands, U.S. | VI",
        })
    void acledNamesResolve(final String raw, final String alpha2) {
      assertEquals(Optional.of(alpha2), names.country(raw));
    }

    @ParameterizedTest(name = "UCDP''s ''{0}'' -> {1}")
    @CsvSource(
        delimiter = '|',
        value = {
          "DR Congo (Zaire) | CD",
          "Congo | CG",
          "Yemen (North Yemen) | YE",
          "Russia (Soviet Union) | RU",
          "Serbia (Yugoslavia) | RS",
          "Cambodia (Kampuchea) | KH",
          "Madagascar (Malagasy) | MG",
          "Zimbabwe (Rhodesia) | ZW",
          "Myanmar (Burma) | MM",
          "Bosnia-Herzegovina | BA",
          "Kingdom of eSwatini (Swaziland) | SZ",
          "Vietnam (North Vietnam) | VN",
          "Germany (Prussia) | DE",
          "Macedonia, FYR | MK",
          "United States of America | US",
          "Ivory Coast | CI",
          "Rumania | RO",
          // not listed: found by the name before, or inside, the parentheses
          "Nigeria (Biafra) | NG",
          "(Ceylon) | LK",
        })
    void ucdpNamesResolve(final String raw, final String alpha2) {
      assertEquals(Optional.of(alpha2), names.country(raw));
    }

    @ParameterizedTest(name = "ISO numeric ''{0}'' -> {1}")
    @CsvSource(
        delimiter = '|',
        value = {
          "404 | KE",
          "404.0 | KE",
          "586.0 | PK",
          "004 | AF",
          "4.0 | AF",
          "566 | NG",
          "624 | GW",
          "688 | RS",
          "531 | CW",
          "535 | BQ",
          "663 | MF",
          "534 | SX",
          "242 | FJ",
          "16 | AS",
          "0 | XK",
          "890 | RS",
          "810 | RU",
        })
    void everyIsoNumericCodeResolves(final String raw, final String alpha2) {
      assertEquals(Optional.of(alpha2), names.country(raw));
    }

    @ParameterizedTest(name = "withdrawn ISO code ''{0}'' -> {1}")
    @CsvSource(
        delimiter = '|',
        value = {
          "SU | RU",
          "su | RU",
          "SUN | RU",
          "YU | RS",
          "DD | DE",
          "YD | YE",
          "CSK | CZ",
          "SCG | RS"
        })
    void withdrawnIsoCodesResolveAsTheirNumericCodesDo(final String raw, final String alpha2) {
      assertEquals(Optional.of(alpha2), names.country(raw));
    }

    @Test
    void csNamesNoOneStateAndIsNotACountry() {
      assertEquals(Optional.empty(), names.country("CS"));
    }

    @Test
    void theNumericTableCoversEveryAlpha2CodeTheJdkKnows() {
      final Set<String> covered = new HashSet<>();
      for (final String[] row : Canonicalizer.read("country-numeric.csv")) {
        covered.add(row[1]);
      }
      for (final String code : Locale.getISOCountries()) {
        assertTrue(covered.contains(code), code + " has no numeric code");
      }
    }

    @ParameterizedTest(name = "Gleditsch-Ward ''{0}'' -> {1}")
    @CsvSource(
        delimiter = '|',
        value = {
          "2 | US", "20 | CA", "404 | GW", "404.0 | GW", "501 | KE", "770 | PK", "700 | AF",
              "475 | NG", "475.0 | NG",
          "347 | XK", "816 | VN", "817 | VN", "678 | YE", "680 | YE", "265 | DE", "260 | DE",
              "365 | RU", "345 | RS",
          "626 | SS", "625 | SD", "490 | CD", "484 | CG", "572 | SZ", "860 | TL",
        })
    void gleditschWardCodesHaveTheirOwnTable(final String raw, final String alpha2) {
      assertEquals(Optional.of(alpha2), names.countryByGleditschWard(raw));
    }

    @Test
    void aGleditschWardCodeIsNeverReadAsAnIsoCode() {
      assertEquals(
          Optional.of("GW"), names.countryByGleditschWard("404"), "GW 404 is Guinea-Bissau");
      assertEquals(Optional.of("KE"), names.country("404"), "ISO 404 is Kenya");
      assertEquals(
          Optional.empty(),
          names.countryByGleditschWard("4"),
          "ISO 004 (Afghanistan) is no GW code");
      assertEquals(Optional.empty(), names.countryByGleditschWard("Nigeria"));
      assertEquals(Optional.empty(), names.countryByGleditschWard(null));
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
    @CsvSource(
        delimiter = '|',
        value = {
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

    @ParameterizedTest(name = "PK ''{0}'' -> {1}")
    @CsvSource(
        delimiter = '|',
        value = {
          "Khyber Pakhtunkwa province | Khyber Pakhtunkhwa",
          "Khyber Pakhtunkhwa province | Khyber Pakhtunkhwa",
          "Federally Administered Tribal Areas | Khyber Pakhtunkhwa",
          "Balochistan province | Balochistan",
          "Baluchistan province | Balochistan",
          "Sindh province | Sindh",
          "Punjab province | Punjab",
          "Islamabad Capital Territory | Islamabad Capital Territory",
          "Azad Kashmir | Azad Kashmir",
          "Northern Areas | Gilgit-Baltistan",
          "Gilgit-Baltistan province | Gilgit-Baltistan",
        })
    void realFilesSpellingsOfPakistanisRegions(final String raw, final String canonical) {
      assertEquals(canonical, names.region("PK", raw));
    }

    @Test
    void aTrailingAdministrativeUnitIsDroppedSoBothSourcesSpellARegionAlike() {
      assertEquals("Borno", names.region("NG", "Borno state"), "UCDP's adm_1");
      assertEquals("Borno", names.region("NG", "Borno"), "ACLED's admin1");
      assertEquals("Cross River", names.region("NG", "Cross River State"));
      assertEquals("Northern", names.region("GH", "Northern region"));
      assertEquals("Adamawa", names.region("CM", "Adamawa Province"));
    }

    @Test
    void aUnitThatIsPartOfTheNameStays() {
      assertEquals("Federal District", names.region("BR", "Federal District"));
      assertEquals("Capital District", names.region("VE", "Capital District"));
      assertEquals("Free State", names.region("ZA", "Free State"));
      assertEquals("Federal Capital Territory", names.region("NG", "Federal Capital Territory"));
    }

    @ParameterizedTest(name = "{0} ''{1}'' -> {2}")
    @CsvSource(
        delimiter = '|',
        value = {
          "SS | East Equatoria | Eastern Equatoria",
          "SS | West Equatoria | Western Equatoria",
          "SS | North Bahr-al-Ghazal | Northern Bahr el Ghazal",
          "SS | Northern Bahr el Ghazal | Northern Bahr el Ghazal",
          "SS | West Bahr-al-Ghazal state | Western Bahr el Ghazal",
          "SS | Western Bahr el Ghazal | Western Bahr el Ghazal",
          "SS | Warap state | Warrap",
          "SS | Warrap | Warrap",
          "MM | Rangoon | Yangon",
          "MM | Pegu | Bago",
          "MM | Irrawaddy | Ayeyarwady",
          "MM | Arakan state | Rakhine",
          "MM | Karen | Kayin",
          "MM | Karenni | Kayah",
          "MM | Tenasserim | Tanintharyi",
          "MM | Magwe region | Magway",
          "LK | North | Northern",
          "LK | West | Western",
          "LK | East | Eastern",
          "LK | South | Southern",
          "LK | North West | North Western",
          "LK | North Central province | North Central",
          "LK | Uva | Uva",
          "LK | Sabaragamuwa | Sabaragamuwa",
          "LK | Central | Central",
          "SO | Jubbada Hoose region | Lower Juba",
          "SO | Hiiraan | Hiraan",
          "SO | Hiraan | Hiraan",
          "SO | Shabeellaha Dhexe | Middle Shabelle",
          "SO | Banaadir | Banadir",
          "ML | Timbuktu region | Tombouctou",
          "ML | Tombouctou | Tombouctou",
          "BF | Haut-Bassins | Hauts-Bassins",
          "BF | Boucle du Mouhoun region | Boucle du Mouhoun",
          "CD | North Kivu province | Nord-Kivu",
          "CD | Bas-Congo | Kongo Central",
          "UA | Kiev Special Republican City | Kyiv City",
          "UA | Odessa | Odesa",
          "UA | Lugansk | Luhansk",
          "AF | Uruzgan province | Urozgan",
          "AF | Sar-e Pul | Sar-e Pol",
          "NG | Nassarawa state | Nasarawa",
          "PK | FATA | Khyber Pakhtunkhwa",
        })
    void bothSourcesNameAPlaceAlike(
        final String country, final String raw, final String canonical) {
      assertEquals(canonical, names.region(country, raw));
    }

    @Test
    void everyCanonicalRegionIsItsOwnCanonicalName() {
      for (final String[] row : Canonicalizer.read("regions.csv")) {
        assertEquals(row[2], names.region(row[0], row[2]), row[0] + " " + row[2]);
        assertEquals(row[2], names.region(row[0], row[1]), row[0] + " " + row[1]);
      }
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
    void myanmarsUnitWordsInUcdpsOlderAndNewerWaysAreDropped() {
      assertEquals("Bago", names.region("MM", "Bago division"), "GED 19.1");
      assertEquals("Bago", names.region("MM", "Bago region"), "GED 24.1");
      assertEquals("Nay Pyi Taw", names.region("MM", "Naypyidaw Union territory"));
      assertEquals("Dhaka", names.region("BD", "Dhaka Division"));
    }

    @Test
    void ethiopiasRegionsAreOneAcrossAcledsOlderAndNewerExportsAndUcdp() {
      assertEquals("Gambela", names.region("ET", "Gambela Peoples"));
      assertEquals("Harari", names.region("ET", "Harari People"));
      assertEquals("Benshangul/Gumuz", names.region("ET", "Benshangul-Gumaz"));
      assertEquals("Benshangul/Gumuz", names.region("ET", "Benishangul-Gumuz region"));
      assertEquals("SNNP", names.region("ET", "Southern Nations"));
      assertEquals(
          "SNNP", names.region("ET", "Southern Nations, Nationalities and Peoples' region"));
      assertEquals("Oromia", names.region("ET", "Oromiya region"));
      assertEquals("Tigray", names.region("ET", "Tigrai region")); // as statements spell it
      assertEquals("Addis Ababa", names.region("ET", "Addis Ababa city"));
    }

    @Test
    void lettersOfOtherScriptsKeepTheirMarksOnlyLatinAccentsAreDroppedYetMatchingIgnoresAll() {
      assertEquals(NameSpelling.normalise("Орёл"), NameSpelling.normalise("Орел"));
      assertEquals("Тыграй", names.region("ET", "Тыграй"), "й is a letter, not an accented и");
      assertEquals("Michoacan", names.region("MX", "Michoacán"));
    }

    @Test
    void unknownNameIsKeptTrimmed() {
      assertEquals("Potohar Plateau", names.region("PK", "  Potohar Plateau "));
    }

    @Test
    void theIslamicStatesBranchesKeepTheirCountryAcrossAcledsNamesAndUcdps() {
      assertEquals("IS-Somalia", names.group("Islamic State (Somalia)"));
      assertEquals("IS-Somalia", names.group("Islamic State Somalia Province"), "ACLED since 2023");
      assertEquals("IS-Somalia", names.group("SO", "IS"), "UCDP");
      assertEquals("IS-Sinai", names.group("Islamic State (Egypt)"));
      assertEquals("IS-Sinai", names.group("EG", "IS"));
      assertEquals("ISWAP", names.group("NG", "IS"), "UCDP's IS in Nigeria from 2015");
      assertEquals("IS", names.group("NE", "IS"), "two branches fight in Niger");
      assertEquals("ISCAP", names.group("CD", "IS"));
      assertEquals("ISCAP", names.group("Islamic State (Democratic Republic of Congo)"));
      assertEquals("IS-Mozambique", names.group("MZ", "IS"));
      assertEquals("IS-Mozambique", names.group("Islamic State (Mozambique)"));
      assertEquals("IS", names.group("Islamic State (Iraq)"));
      assertEquals("IS", names.group("Islamic State (Syria)"));
      assertEquals(
          "Some Front (Ruritania)",
          names.group("Some Front (Ruritania)"),
          "a name the table lacks keeps its country");
    }

    @Test
    void anUnknownNameHasOneSpellingWhateverTheSources() {
      assertEquals("Michoacan", names.region("MX", "Michoacán"));
      assertEquals("Michoacan", names.region("MX", "Michoacan"));
      assertEquals("Borno", names.region("NG", "borno"));
      assertEquals("Borno", names.region("NG", "BORNO"));
      assertEquals("Federal Capital Territory", names.region("NG", "Federal  Capital Territory"));
      assertEquals("FCT", names.region("ZZ", "FCT"), "an abbreviation stays as it is");
      assertEquals(
          "Federal Capital Territory", names.region("NG", "FCT"), "unless the table knows it");
    }

    @ParameterizedTest(name = "''{0}'' -> {1}")
    @CsvSource(
        delimiter = '|',
        value = {
          "Jammu and Kashmir | Jammu and Kashmir",
          "Jammu And Kashmir | Jammu and Kashmir",
          "JAMMU AND KASHMIR | Jammu and Kashmir",
          "jammu and kashmir | Jammu and Kashmir",
          "Boucle du Mouhoun | Boucle du Mouhoun",
          "Boucle Du Mouhoun | Boucle du Mouhoun",
          "BOUCLE DU MOUHOUN | Boucle du Mouhoun",
          "Dar es Salaam | Dar es Salaam",
          "Dar Es Salaam | Dar es Salaam",
          "Western Bahr el Ghazal | Western Bahr el Ghazal",
          "WESTERN BAHR EL GHAZAL | Western Bahr el Ghazal",
          "Tajura wa an Nawahi al Arba | Tajura wa an Nawahi al Arba",
          "Tajura Wa An Nawahi Al Arba | Tajura wa an Nawahi al Arba",
          "Al Anbar | Al Anbar",
          "al anbar | Al Anbar",
          "La Paz | La Paz",
          "KwaZulu-Natal | KwaZulu-Natal",
          "Bahr-al-Ghazal | Bahr-al-Ghazal",
          "Bahr-Al-Ghazal | Bahr-al-Ghazal",
          "BAHR-AL-GHAZAL | Bahr-al-Ghazal",
          "Region II | Region II",
          "REGION II | Region II",
          "region ii | Region II",
        })
    void anUnknownNameIsAsPublishedInOneCasing(final String raw, final String canonical) {
      assertEquals(canonical, names.region("XX", raw));
    }

    @ParameterizedTest(name = "''{0}'' -> {1}")
    @CsvSource(
        delimiter = '|',
        value = {
          "JNIM: Group for Support of Islam and Muslims and/or Islamic State (Greater Sahara) | IS-Sahel and/or JNIM",
          "Islamic State (Greater Sahara) and/or JNIM: Group for Support of Islam and Muslims | IS-Sahel and/or JNIM",
          "Islamic State (West Africa) and/or Boko Haram - Jamatu Ahli is-Sunnah lid-Dawatai wal-Jihad | Boko Haram and/or ISWAP",
          "Islamic State (Greater Sahara) and/or Ansaroul Islam | Ansaroul Islam and/or IS-Sahel",
          "ISLAMIC STATE (GREATER SAHARA) AND/OR ANSAROUL ISLAM | Ansaroul Islam and/or IS-Sahel",
          "JNIM and/or JNIM | JNIM",
          "Unidentified Gang and/or Police Militia | UNKNOWN",
        })
    void anEventOfOneGroupOrAnotherIsAGroupOfItsOwnNotTheFirstNamed(
        final String raw, final String canonical) {
      assertEquals(canonical, names.group(raw));
      assertEquals(canonical, names.group("BF", raw), "and in a country");
    }

    @Test
    void eachSideOfOneGroupOrAnotherTakesItsCountrysRows() {
      assertEquals("Boko Haram and/or ISWAP", names.group("NG", "JAS and/or IS"));
      assertEquals(
          "IS and/or JAS", names.group("SY", "JAS and/or IS"), "JAS is Boko Haram only there");
    }

    @Test
    void caseVariantsAreOneKeyWhateverTheOrderTheyArriveIn() {
      final List<String> variants =
          List.of(
              "BORNO STATE",
              "borno",
              "Borno",
              "BORNO",
              "Boucle Du Mouhoun",
              "boucle du mouhoun",
              "Boucle du Mouhoun",
              "BOUCLE DU MOUHOUN");
      for (int rotation = 0; rotation < variants.size(); rotation++) {
        final Canonicalizer fresh =
            names; // each name's key is a function of that name alone: no spelling seen first wins
        final Set<String> keys = new TreeSet<>();
        for (int i = 0; i < variants.size(); i++) {
          keys.add(fresh.region("ZZ", variants.get((i + rotation) % variants.size())));
        }
        assertEquals(Set.of("Borno", "Boucle du Mouhoun"), keys);
      }
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "KPK",
          "Baluchistān",
          "borno",
          "Federal Capital Territory",
          "UNKNOWN",
          "unknown",
          "Lahore Division",
          "Borno state",
          "Free State",
          "Sindh province",
          "JAMMU AND KASHMIR",
          "Dar Es Salaam",
          "BAHR-AL-GHAZAL",
          "region ii",
          "FCT",
          "McDonald",
          "al anbar"
        })
    void aCanonicalNameIsItsOwnCanonicalName(final String raw) {
      final String canonical = names.region("PK", raw);
      assertEquals(canonical, names.region("PK", canonical));
    }
  }

  @Nested
  class Groups {

    @ParameterizedTest(name = "''{0}'' -> {1}")
    @CsvSource(
        delimiter = '|',
        value = {
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
          // Any actor ACLED cannot name, whatever its kind: no group's series counts it.
          "Unidentified Communal Militia (Kenya) | UNKNOWN",
          "Unidentified Clan Militia (Somalia) | UNKNOWN",
          "Unidentified Military Forces | UNKNOWN",
          "Unknown gunmen | UNKNOWN",
          "Unattributed | UNKNOWN",
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
      assertEquals(
          "Military Forces of Ruritania", names.group("Military Forces of Ruritania (1999-2008)"));
      assertEquals(
          "Military Forces of Afghanistan Special Forces",
          names.group("Military Forces of Afghanistan (2014-) Special Forces"),
          "years wherever they stand");
      assertEquals(
          "Police Forces of Benin Gendarmerie",
          names.group("Police Forces of Benin (2016-) Gendarmerie"));
      assertEquals(
          "Police Forces of Benin Gendarmerie",
          names.group("Police Forces of Benin (1991-2016) Gendarmerie"));
      assertEquals(
          "PK-SECURITY-FORCES", names.group("Military Forces of Pakistan (2018-) (Pakistan)"));
      assertEquals(
          "Some New Front (Ruritania)",
          names.group("Some New Front (Ruritania)"),
          "two countries' branches of a name are two groups");
    }

    @Test
    void anUnknownNameInAcledsAbbreviatedFormIsItsAbbreviation() {
      assertEquals("SNF", names.group("SNF: Some New Front"));
      assertEquals(
          "SNF", names.group("SNF: Some New Front (Nigeria)"), "a country says only where");
      assertEquals(
          "SNF (Kano Splinter Faction)",
          names.group("SNF: Some New Front (Kano Splinter Faction)"),
          "a faction that fights apart is a group apart");
      assertEquals(
          "GZP-Mandalay",
          names.group("GZP-Mandalay: Generation Z Power (Mandalay)"),
          "a qualifier that names no faction");
      assertEquals("PML-N", names.group("PML-N: Pakistan Muslim League (Nawaz)"));
      assertEquals(
          "TTP (Splinter Faction)",
          names.group("TTP: Tehrik-i-Taliban Pakistan (Splinter Faction)"),
          "a faction of a group the table has");
    }

    @Test
    void aStatesForcesAreOneGroupAcrossAcledsForcesAndUcdpsGovernment() {
      assertEquals("MM-SECURITY-FORCES", names.group("Military Forces of Myanmar (2021-)"));
      assertEquals("MM-SECURITY-FORCES", names.group("Police Forces of Myanmar (2016-2021)"));
      assertEquals("MM-SECURITY-FORCES", names.group("Government of Myanmar (Burma)"), "UCDP");
      assertEquals("CD-SECURITY-FORCES", names.group("Government of DR Congo (Zaire)"));
      assertEquals(
          "US-SECURITY-FORCES", names.group("MILITARY FORCES OF THE UNITED STATES OF AMERICA"));
      assertEquals(
          "Military Forces of Myanmar Border Guard Force",
          names.group("Military Forces of Myanmar (2021-) Border Guard Force"),
          "a unit named after the country is a group of its own");
      assertEquals("Military Forces of Ruritania", names.group("Military Forces of Ruritania"));
      assertTrue(names.isTableGroup("MM", "MM-SECURITY-FORCES"));
      assertFalse(names.isTableGroup("MM", "XX-SECURITY-FORCES"), "no country's");
      assertEquals(
          "Military Forces of Benin (Gendarmerie)",
          names.group("Military Forces of Benin (2016-) (Gendarmerie)"),
          "a unit in parentheses is a unit too");
      assertEquals("PK-SECURITY-FORCES", names.group("Government of Pakistan"));
    }

    @Test
    void aStatesForcesAreNamedByTheCountrysNameNotByAFormerStatesName() {
      assertEquals(
          "Government of Zanzibar",
          names.group("Government of Zanzibar"),
          "Zanzibar's own, semi-autonomous government, not Tanzania's forces");
      assertEquals("Military Forces of Prussia", names.group("Military Forces of Prussia"));
      assertEquals(
          "CD-SECURITY-FORCES",
          names.group("Government of Zaire"),
          "a state renamed is the same state: its forces are the country's");
      assertEquals("SZ-SECURITY-FORCES", names.group("Military Forces of Swaziland"));
      assertEquals("TZ-SECURITY-FORCES", names.group("Government of Tanzania"));
      assertEquals("CD-SECURITY-FORCES", names.group("Government of DR Congo (Zaire)"), "UCDP");
      assertEquals("MM-SECURITY-FORCES", names.group("Government of Burma"), "a name in use");
      assertEquals(Optional.of("TZ"), names.country("Zanzibar"), "a country column still reads it");
      assertEquals(Optional.of("DE"), names.country("Prussia"));
      assertEquals(Optional.of("YE"), names.country("Yemen People's Republic of"));
    }

    @Test
    void onesArmedMovementIsOneGroupAcrossAcledsAndUcdpsNames() {
      assertEquals(
          "KIA", names.group("KIO/KIA: Kachin Independence Organization/Kachin Independence Army"));
      assertEquals("KIA", names.group("KIO"), "UCDP");
      assertEquals(
          "TNLA",
          names.group("PSLF/TNLA: Palaung State Liberation Front/Ta'ang National Liberation Army"));
      assertEquals("TNLA", names.group("PSLF"));
      assertEquals("AA", names.group("MM", "ULA"), "UCDP's name since GED 24.1");
      assertEquals("AA", names.group("AA: Arakan Army"));
      assertEquals("OLA", names.group("OLF: Oromo Liberation Front (Shane Splinter Faction)"));
      assertEquals(
          "OLA", names.group("OLF: Oromo Liberation Front (Splinter Faction)"), "ACLED in 2020");
      assertEquals("OLF", names.group("OLF: Oromo Liberation Front"));
    }

    @ParameterizedTest(name = "''{0}'' -> {1}")
    @CsvSource(
        delimiter = '|',
        value = {
          "Front for the Liberation of the Enclave | Front for the Liberation of the Enclave",
          "Front For The Liberation of The Enclave | Front for the Liberation of the Enclave",
          "FRONT FOR THE LIBERATION OF THE ENCLAVE | Front for the Liberation of the Enclave",
          "DKBA 5 | DKBA 5",
          "GALON PDF | Galon PDF",
          "Galon PDF | Galon PDF",
          "FOX ARMY-HPDF | Fox Army-HPDF",
          "ST. ANN | St. Ann",
          "BRIGADE 55 | Brigade 55",
          "AQAP Fighters | AQAP Fighters",
          "Some JNIM Faction | Some JNIM Faction",
          "AQAP | AQAP",
          "CODECO | CODECO",
          "CODECO: Cooperative for Development of Congo | CODECO",
          "Ansar al-Islam | Ansar al-Islam",
          "Ansar Al-Islam | Ansar al-Islam",
          "Sons of McDonald | Sons of McDonald",
          "Selaka Militia | Selaka Militia",
          "UNIR/PS: Unity for the Renaissance/Sankarist Party | UNIR/PS",
          "Renaissance/Sankarist Militia | Renaissance/Sankarist Militia",
          "Military Forces of Yemen 35th Armored Brigade | Military Forces of Yemen 35th Armored Brigade",
          "9th Division Special Forces | 9th Division Special Forces",
          "9TH DIVISION SPECIAL FORCES | 9th Division Special Forces",
          "22nd Brigade | 22nd Brigade",
          "TTP - MR | TTP - MR",
          "TTP - TA | TTP - TA",
          "ANSAR DINE - KIDAL FACTION | Ansar Dine - Kidal Faction",
        })
    void anUnknownNameIsAsPublishedInOneCasing(final String raw, final String canonical) {
      assertEquals(canonical, names.group(raw));
    }

    @Test
    void anAbbreviationLimitedToSomeCountriesDoesNotMoveAGroupElsewhere() {
      assertEquals("Boko Haram", names.group("NG", "JAS"));
      assertEquals(
          "Boko Haram", names.group("NE", "JAS: Jama'atu Ahlis Sunna Lidda'awati wal-Jihad"));
      assertEquals("JaS", names.group("SY", "JaS: Levant Front"));
    }

    @Test
    void aStatesForcesAreOneGroupWhetherNamedByTheForceOrTheGovernment() {
      assertEquals("PK-SECURITY-FORCES", names.group("PK", "Government of Pakistan"));
      assertEquals("PK-SECURITY-FORCES", names.group("PK", "Military Forces of Pakistan (2018-)"));
    }

    @Test
    void afghanistansForcesSince2021AreTheTalibansNotTheRepublics() {
      assertEquals("Taliban", names.group("AF", "Military Forces of Afghanistan (2021-)"));
      assertEquals("Taliban", names.group("AF", "Police Forces of Afghanistan (2021-)"));
      assertEquals(
          "AF-SECURITY-FORCES", names.group("AF", "Military Forces of Afghanistan (2004-2021)"));
    }

    @Test
    void ucdpsSpellingsAreAcleds() {
      assertEquals("Taliban", names.group("Taleban"));
      assertEquals("Taliban", names.group("Taliban"));
      assertEquals("Al-Qaeda", names.group("al-Qaida"));
      assertEquals("Al-Qaeda", names.group("Al Qaeda"));
    }

    @Test
    void ucdpsIslamicStateInAfghanistanAndPakistanIsTheKhorasanBranch() {
      assertEquals("IS-K", names.group("AF", "IS"));
      assertEquals("IS-K", names.group("PK", "IS"));
      assertEquals("IS-K", names.group("PK", "Islamic State"), "what resolves to IS, too");
      assertEquals("IS-K", names.group("AF", "Islamic State (Afghanistan)"));
      assertEquals("IS", names.group("IQ", "IS"));
      assertEquals("IS", names.group("IS"));
      assertEquals("IS-Sahel", names.group("ML", "Islamic State (Sahel)"));
      assertEquals("TTP", names.group("PK", "TTP"));
      assertEquals(Canonicalizer.UNKNOWN, names.group("AF", null));
    }

    @Test
    void anUnknownNameHasOneSpellingWhateverTheSources() {
      assertEquals("Some New Front", names.group("some new front"));
      assertEquals("Frente Nacion", names.group("Frente Nación"));
      assertEquals("Frente Nacion", names.group("Frente  Nacion"));
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "TTP: Tehrik-i-Taliban Pakistan",
          "Military Forces of Pakistan (2018-)",
          "UNKNOWN",
          "SNF: Some New Front",
          "some new front",
          "Some New Front (Ruritania)",
          "Islamic State (Sahel)",
          "abc: some militia",
          "unknown",
          "Military Forces of The United States of America",
          "CODECO: Cooperative",
          "Police Forces of Benin (2016-) Gendarmerie",
          "AQAP Fighters",
          "UNIR/PS: Unity for the Renaissance/Sankarist Party",
          "Islamic State (Greater Sahara) and/or Ansaroul Islam",
          "JNIM: Group for Support of Islam and Muslims and/or Islamic State (Greater Sahara)",
          "MILITARY FORCES OF BENIN",
          "al-Qaida"
        })
    void aCanonicalNameIsItsOwnCanonicalName(final String raw) {
      final String canonical = names.group(raw);
      assertEquals(canonical, names.group(canonical));
    }

    @Test
    void groupsDedupesAliasesKeepingFirstSeenOrder() {
      assertEquals(
          List.of("BLA", "TTP"),
          names.groups(
              Arrays.asList("Baluchistan Liberation Army", "Pakistani Taliban", "TTP", "BLA")));
    }

    @Test
    void groupsDropsUnknownWhenANamedGroupIsPresent() {
      assertEquals(
          List.of("TTP"),
          names.groups(
              List.of(
                  "Unidentified Armed Group (Pakistan)", "TTP: Tehrik-i-Taliban Pakistan", "")));
    }

    @Test
    void groupsOfNothingIsUnknown() {
      assertEquals(List.of("UNKNOWN"), names.groups(List.of()));
      assertEquals(
          List.of("UNKNOWN"), names.groups(List.of("Unidentified Armed Group (Pakistan)", "")));
    }
  }

  @Nested
  class WhatTheTablesKnow {
    @Test
    void aRegionOfTheTablesIsKnownByItsCanonicalNameForItsCountryOnly() {
      assertTrue(names.isTableRegion("PK", names.region("PK", "NWFP")));
      assertTrue(names.isTableRegion("PK", "Khyber Pakhtunkhwa"));
      assertFalse(names.isTableRegion("PK", names.region("PK", "Atlantis")));
      assertFalse(names.isTableRegion("AF", "Khyber Pakhtunkhwa"));
      assertTrue(names.hasTableRegions("PK"));
      assertFalse(names.hasTableRegions("KE"));
    }

    @Test
    void aGroupOfTheTablesIsKnownEverywhereOrWhereItsRowIsLimitedTo() {
      assertTrue(names.isTableGroup("NG", "TTP"));
      assertTrue(names.isTableGroup("AF", names.group("AF", "IS")));
      assertFalse(names.isTableGroup("PK", names.group("PK", "Tehreek-e-Talibn")));
      assertTrue(
          names.isTableGroup(
              "BF",
              names.group(
                  "BF",
                  "JNIM: Group for Support of Islam and Muslims and/or Islamic State (Sahel)")),
          "one of two groups of the tables");
      assertFalse(
          names.isTableGroup("BF", names.group("BF", "JNIM and/or Some New Front")),
          "a side the tables lack is new");
    }
  }
}
