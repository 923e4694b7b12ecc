package io.surgewatch.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** CONTRACT "Configuration": one set of keys; defaults < properties file < environment < flags. */
class SurgewatchConfigTest {

  @TempDir Path dir;

  private Path file(final String... lines) throws IOException {
    final Path f = dir.resolve("surgewatch.properties");
    Files.write(f, List.of(lines));
    return f;
  }

  @Nested
  class Precedence {

    @Test
    void defaultsApplyWhenNothingElseIsGiven() {
      final SurgewatchConfig c = SurgewatchConfig.load(null, Map.of(), Map.of());
      assertEquals("127.0.0.1:9092", c.get(Keys.BOOTSTRAP_SERVERS));
      assertEquals("security.incidents.v1", c.get(Keys.TOPIC_INCIDENTS));
      assertEquals(60, c.getInt(Keys.GRACE_DAYS));
      assertEquals(8080, c.getInt(Keys.DASHBOARD_PORT));
      assertEquals(8082, c.getInt(Keys.INGEST_PORT));
    }

    @Test
    void propertiesFileOverridesDefaults() throws IOException {
      final SurgewatchConfig c =
          SurgewatchConfig.load(
              file("grace.days = 30", "topic.alerts=my.alerts"), Map.of(), Map.of());
      assertEquals(30, c.getInt(Keys.GRACE_DAYS), "value is trimmed and read from the file");
      assertEquals("my.alerts", c.get(Keys.TOPIC_ALERTS));
      assertEquals(
          "security.counts.v1",
          c.get(Keys.TOPIC_COUNTS),
          "keys absent from the file keep their default");
    }

    @Test
    void environmentOverridesPropertiesFile() throws IOException {
      final SurgewatchConfig c =
          SurgewatchConfig.load(
              file("grace.days=30", "topic.alerts=file.alerts"),
              Map.of("SURGEWATCH_GRACE_DAYS", "45"),
              Map.of());
      assertEquals(45, c.getInt(Keys.GRACE_DAYS));
      assertEquals("file.alerts", c.get(Keys.TOPIC_ALERTS), "the file still wins over the default");
    }

    @Test
    void flagsOverrideEnvironment() throws IOException {
      final SurgewatchConfig c =
          SurgewatchConfig.load(
              file("grace.days=30"),
              Map.of("SURGEWATCH_GRACE_DAYS", "45"),
              Map.of(Keys.GRACE_DAYS, "90"));
      assertEquals(90, c.getInt(Keys.GRACE_DAYS));
    }

    @Test
    void environmentVariablesWithoutThePrefixAreIgnored() {
      final SurgewatchConfig c =
          SurgewatchConfig.load(
              null, Map.of("GRACE_DAYS", "1", "PATH", "/usr/bin", "SURGEWATCH_", "x"), Map.of());
      assertEquals(60, c.getInt(Keys.GRACE_DAYS));
      assertFalse(c.asMap().containsKey("path"));
      assertFalse(c.asMap().containsKey(""));
    }
  }

  @Nested
  class EnvironmentNames {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
      "SURGEWATCH_SCHEMA_REGISTRY_URL, schema.registry.url, from-env",
      "SURGEWATCH_BOOTSTRAP_SERVERS,   bootstrap.servers, from-env",
      "SURGEWATCH_TOPIC_DEAD_LETTER,   topic.dead-letter, from-env",
      "SURGEWATCH_TOPIC_INPUT_PARTITIONS, topic.input-partitions, 7",
      "SURGEWATCH_INGEST_MAX_BODY_BYTES, ingest.max-body-bytes, 7",
      "SURGEWATCH_SURGE_MIN_BASELINE_PER_WEEK, surge.min-baseline-per-week, 7",
      "SURGEWATCH_SASL_JAAS_CONFIG,    sasl.jaas.config, from-env",
      "SURGEWATCH_SECURITY_PROTOCOL,   security.protocol, from-env",
      "SURGEWATCH_BASIC_AUTH_USER_INFO, basic.auth.user.info, from-env",
    })
    void variableMapsToKey(final String variable, final String key, final String value) {
      final SurgewatchConfig c = SurgewatchConfig.load(null, Map.of(variable, value), Map.of());
      assertEquals(value, c.get(key));
    }

    @Test
    void envNameIsPrefixPlusUpperCaseWithDotsAndHyphensAsUnderscores() {
      assertEquals(
          "SURGEWATCH_SCHEMA_REGISTRY_URL", SurgewatchConfig.envName("schema.registry.url"));
      assertEquals("SURGEWATCH_TOPIC_DEAD_LETTER", SurgewatchConfig.envName("topic.dead-letter"));
    }

    @Test
    void everyKnownKeyCanBeSetFromItsEnvironmentName() {
      for (final ConfigDeclarations.Setting s : ConfigDeclarations.all()) {
        // A valid value other than the default where the type allows one that is always valid.
        final String value =
            switch (s.type()) {
              case STRING, PASSWORD ->
                  s.validator() == null || s.validator() instanceof ConfigDef.NonEmptyString
                      ? "v-" + s.key()
                      : s.defaultValue();
              default -> s.defaultValue();
            };
        final SurgewatchConfig c =
            SurgewatchConfig.load(null, Map.of(SurgewatchConfig.envName(s.key()), value), Map.of());
        assertEquals(value, c.get(s.key()), s.key());
        assertEquals(
            "environment variable " + SurgewatchConfig.envName(s.key()), c.origin(s.key()));
      }
    }
  }

  @Nested
  class ClientProperties {

    @Test
    void unknownKeysPassThroughUnchangedFromEverySource() throws IOException {
      final SurgewatchConfig c =
          SurgewatchConfig.load(
              file("security.protocol=SASL_SSL", "ssl.truststore.location=/etc/trust.jks"),
              Map.of(
                  "SURGEWATCH_SASL_MECHANISM",
                  "PLAIN",
                  "SURGEWATCH_SASL_JAAS_CONFIG",
                  "org.apache.kafka.common.security.plain.PlainLoginModule required;"),
              Map.of(
                  "basic.auth.user.info",
                  "user:secret",
                  "basic.auth.credentials.source",
                  "USER_INFO"));
      final Map<String, Object> p = c.clientProperties();
      assertEquals("SASL_SSL", p.get("security.protocol"));
      assertEquals("/etc/trust.jks", p.get("ssl.truststore.location"));
      assertEquals("PLAIN", p.get("sasl.mechanism"));
      assertEquals(
          "org.apache.kafka.common.security.plain.PlainLoginModule required;",
          p.get("sasl.jaas.config"));
      assertEquals("user:secret", p.get("basic.auth.user.info"));
      assertEquals("USER_INFO", p.get("basic.auth.credentials.source"));
    }

    @Test
    void bootstrapServersAndRegistryUrlAreIncluded() {
      final SurgewatchConfig c =
          SurgewatchConfig.load(
              null,
              Map.of("SURGEWATCH_BOOTSTRAP_SERVERS", "broker:9093"),
              Map.of(Keys.SCHEMA_REGISTRY_URL, "http://registry:8081"));
      final Map<String, Object> p = c.clientProperties();
      assertEquals("broker:9093", p.get("bootstrap.servers"));
      assertEquals("http://registry:8081", p.get("schema.registry.url"));
    }

    @Test
    void surgewatchOnlyKeysAreKeptOut() {
      final Map<String, Object> p =
          SurgewatchConfig.load(null, Map.of(), Map.of("security.protocol", "SSL"))
              .clientProperties();
      for (final String key : SurgewatchConfig.DEFAULTS.keySet()) {
        if (!Keys.PASS_THROUGH.contains(key)) {
          assertFalse(
              p.containsKey(key), key + " is Surgewatch's own and must not reach Kafka clients");
        }
      }
      assertFalse(p.containsKey(Keys.TOPIC_DEAD_LETTER));
      assertFalse(p.containsKey(Keys.API_TOKEN));
      assertFalse(p.containsKey(Keys.GRACE_DAYS));
      assertEquals(
          Map.of(
              "bootstrap.servers",
              "127.0.0.1:9092",
              "schema.registry.url",
              "http://127.0.0.1:8081/apis/ccompat/v7",
              "security.protocol",
              "SSL"),
          p);
    }
  }

  @Nested
  class Errors {

    @Test
    void aBadIntegerNamesTheKey() {
      final SurgewatchConfig c = SurgewatchConfig.defaultsOnly().with(Keys.TOPIC_PARTITIONS, "six");
      final ConfigException e =
          assertThrows(ConfigException.class, () -> c.getInt(Keys.TOPIC_PARTITIONS));
      assertTrue(e.getMessage().contains("topic.partitions"), e.getMessage());
      assertTrue(e.getMessage().contains("six"), e.getMessage());
    }

    @Test
    void aBadDecimalNamesTheKey() {
      final SurgewatchConfig c = SurgewatchConfig.defaultsOnly().with(Keys.SURGE_MIN_RATIO, "1,5");
      final ConfigException e =
          assertThrows(ConfigException.class, () -> c.getDouble(Keys.SURGE_MIN_RATIO));
      assertTrue(e.getMessage().contains("surge.min-ratio"), e.getMessage());
    }

    @Test
    void aBadListNamesTheKey() {
      final SurgewatchConfig c =
          SurgewatchConfig.defaultsOnly().with(Keys.WINDOWS_DAYS, "7,thirty");
      final ConfigException e =
          assertThrows(ConfigException.class, () -> c.getIntList(Keys.WINDOWS_DAYS));
      assertTrue(e.getMessage().contains("windows.days"), e.getMessage());
    }

    @Test
    void aMisspeltEventTypeToCountNamesTheKeyAndTheTypeItMeant() {
      final SurgewatchConfig c =
          SurgewatchConfig.defaultsOnly()
              .with(Keys.INCIDENTS_COUNTED_TYPES, "Battels,Violence against civilians");
      final ConfigException e =
          assertThrows(ConfigException.class, () -> c.getList(Keys.INCIDENTS_COUNTED_TYPES));
      assertTrue(e.getMessage().contains("incidents.counted-types"), e.getMessage());
      assertTrue(e.getMessage().contains("did you mean 'Battles'?"), e.getMessage());
    }

    @Test
    void aBadDayCountNamesTheKey() {
      final SurgewatchConfig c = SurgewatchConfig.defaultsOnly().with(Keys.GRACE_DAYS, "");
      final ConfigException e =
          assertThrows(ConfigException.class, () -> c.getDays(Keys.GRACE_DAYS));
      assertTrue(e.getMessage().contains("grace.days"), e.getMessage());
    }

    @Test
    void aMissingKeyIsNamed() {
      final ConfigException e =
          assertThrows(
              ConfigException.class, () -> SurgewatchConfig.defaultsOnly().get("no.such.key"));
      assertTrue(e.getMessage().contains("no.such.key"), e.getMessage());
    }

    @Test
    void aMissingFileIsNamed() {
      final Path missing = dir.resolve("nope.properties");
      final ConfigException e =
          assertThrows(
              ConfigException.class, () -> SurgewatchConfig.load(missing, Map.of(), Map.of()));
      assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    void aDirectoryInsteadOfAFileIsNamed() {
      final ConfigException e =
          assertThrows(ConfigException.class, () -> SurgewatchConfig.load(dir, Map.of(), Map.of()));
      assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
    }
  }

  @Test
  void valuesAreParsed() {
    final SurgewatchConfig c = SurgewatchConfig.defaultsOnly();
    assertEquals(List.of(7, 30, 90, 365), c.getIntList(Keys.WINDOWS_DAYS));
    assertEquals(1.5, c.getDouble(Keys.SURGE_MIN_RATIO));
    assertEquals(Duration.ofDays(60), c.getDays(Keys.GRACE_DAYS));
    assertEquals(null, c.getOrNull(Keys.API_TOKEN), "an empty value reads as absent");
  }

  @Test
  void withReturnsACopyAndLeavesTheOriginalAlone() {
    final SurgewatchConfig base = SurgewatchConfig.defaultsOnly();
    final SurgewatchConfig changed = base.with(Keys.GRACE_DAYS, "5");
    assertEquals(5, changed.getInt(Keys.GRACE_DAYS));
    assertEquals(60, base.getInt(Keys.GRACE_DAYS));
  }
}
