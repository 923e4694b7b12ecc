package io.surgewatch.core;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 16, item 3: every setting is a declared key with a type, a default, a validator and a doc;
 * values are checked at start; a misspelt Surgewatch key fails with the nearest key named; Kafka's
 * keys pass through; the variables Kubernetes injects for services are ignored.
 */
class SurgewatchConfigTypedTest {

  @TempDir Path dir;

  private static SurgewatchConfig load(
      final Map<String, String> env, final Map<String, String> flags) {
    return SurgewatchConfig.load(null, env, flags, new Properties());
  }

  /**
   * The message of the ConfigException that loading throws: the test asserts on what a user reads.
   */
  private static String failure(final Map<String, String> env, final Map<String, String> flags) {
    final ConfigException e = assertThrows(ConfigException.class, () -> load(env, flags));
    assertEquals(1, e.getMessage().lines().count(), "one line: " + e.getMessage());
    return e.getMessage();
  }

  @Nested
  class Declarations {

    @Test
    void everyKeyHasATypeADefaultThatPassesItsValidatorAndADoc() {
      for (final ConfigDeclarations.Setting s : ConfigDeclarations.all()) {
        assertFalse(s.doc().isBlank(), s.key());
        assertTrue(s.type() != null && s.importance() != null, s.key());
        assertDoesNotThrow(() -> ConfigDeclarations.parse(s, s.defaultValue(), "default"), s.key());
        assertEquals(s.defaultValue(), SurgewatchConfig.DEFAULTS.get(s.key()));
      }
      assertEquals(
          SurgewatchConfig.DEFAULTS.keySet(),
          ConfigDeclarations.configDef().names(),
          "Kafka's ConfigDef holds the same keys");
    }

    @Test
    void whatHidInSystemPropertiesAndConstantsIsDeclaredWithItsFormerValue() {
      final SurgewatchConfig c = SurgewatchConfig.defaultsOnly();
      // Raised since from 256 and 96 MiB: with 96 MiB of memtables over the cube's stores, writes
      // stalled on compaction until a commit outlasted the transaction timeout.
      assertEquals(512L << 20, c.getLong(Keys.ROCKSDB_TOTAL_OFF_HEAP_BYTES));
      assertEquals(256L << 20, c.getLong(Keys.ROCKSDB_TOTAL_MEMTABLE_BYTES));
      assertEquals(0, c.getInt(Keys.BACKTEST_READ_THREADS), "0: one per core, as before");
      assertEquals(0, c.getInt(Keys.BACKTEST_CUBE_THREADS), "0: one per partition, as before");
      assertEquals(400, c.getInt(Keys.STATEMENT_RETENTION_DAYS));
      assertEquals(Duration.ofSeconds(1), c.getMillis(Keys.OPEN_DAY_FLUSH_MS));
      assertEquals(Duration.ofSeconds(10), c.getMillis(Keys.INGEST_ACK_TIMEOUT_MS));
      assertEquals(Duration.ofSeconds(6), c.getMillis(Keys.INGEST_PRODUCER_TIMEOUT_MS));
      assertEquals(Duration.ofSeconds(10), c.getMillis(Keys.INGEST_CATCH_UP_TIMEOUT_MS));
    }
  }

  @Nested
  class TypedGetters {

    @Test
    void eachTypeReadsAsItsJavaType() {
      final SurgewatchConfig c =
          load(
              Map.of("SURGEWATCH_SURGE_MIN_RATIO", "2.25"),
              Map.of(
                  Keys.WINDOWS_DAYS,
                  " 7, 14 ",
                  Keys.ROCKSDB_TOTAL_OFF_HEAP_BYTES,
                  "8589934592",
                  Keys.INCIDENTS_COUNTED_TYPES,
                  "Battles, Riots",
                  Keys.GRACE_DAYS,
                  " 5 "));
      assertEquals(2.25, c.getDouble(Keys.SURGE_MIN_RATIO));
      assertEquals(List.of(7, 14), c.getIntList(Keys.WINDOWS_DAYS));
      assertEquals(8L << 30, c.getLong(Keys.ROCKSDB_TOTAL_OFF_HEAP_BYTES), "8 GiB: beyond an int");
      assertEquals(List.of("Battles", "Riots"), c.getList(Keys.INCIDENTS_COUNTED_TYPES));
      assertEquals(Duration.ofDays(5), c.getDays(Keys.GRACE_DAYS));
      assertEquals(6.0, c.getDouble(Keys.SURGE_OPEN_SCORE), "a double's default is written as 6");
    }

    @Test
    void secretsAreDeclaredAndKeptFromKafkaClients() {
      final SurgewatchConfig c =
          load(
              Map.of("SURGEWATCH_ALERTS_WEBHOOK_TOKEN", "w", "SURGEWATCH_API_TOKEN", "a"),
              Map.of());
      assertEquals("w", c.get(Keys.ALERTS_WEBHOOK_TOKEN));
      assertEquals("a", c.getOrNull(Keys.API_TOKEN));
      assertFalse(c.clientProperties().containsKey(Keys.ALERTS_WEBHOOK_TOKEN));
      assertFalse(c.clientProperties().containsKey(Keys.API_TOKEN));
    }

    @Test
    void aValueSetInCodeIsCheckedWhenRead() {
      final SurgewatchConfig c = SurgewatchConfig.defaultsOnly().with(Keys.TOPIC_PARTITIONS, "0");
      final ConfigException e =
          assertThrows(ConfigException.class, () -> c.getInt(Keys.TOPIC_PARTITIONS));
      assertEquals(
          "invalid value '0' for topic.partitions (set in code): Value must be at least 1",
          e.getMessage());
    }

    @Test
    void originSaysWhereAValueCameFrom() throws IOException {
      final Path f = Files.writeString(dir.resolve("s.properties"), "grace.days=3\n");
      final SurgewatchConfig c =
          SurgewatchConfig.load(
              f,
              Map.of("SURGEWATCH_SURGE_MIN_RATIO", "2"),
              Map.of(Keys.HISTORY_DAYS, "9"),
              new Properties());
      assertEquals("file " + f, c.origin(Keys.GRACE_DAYS));
      assertEquals(
          "environment variable SURGEWATCH_SURGE_MIN_RATIO", c.origin(Keys.SURGE_MIN_RATIO));
      assertEquals("flag", c.origin(Keys.HISTORY_DAYS));
      assertEquals("default", c.origin(Keys.TOPIC_ALERTS));
    }
  }

  @Nested
  class ValidationAtStart {

    @Test
    void aWrongTypeFailsWithTheKeyTheValueTheSourceAndWhatIsExpected() {
      assertEquals(
          "invalid value 'six' for topic.partitions (environment variable SURGEWATCH_TOPIC_PARTITIONS): "
              + "expected an integer",
          failure(Map.of("SURGEWATCH_TOPIC_PARTITIONS", "six"), Map.of()));
      assertEquals(
          "invalid value '1,5' for surge.min-ratio (flag): expected a number (with a '.' for decimals)",
          failure(Map.of(), Map.of(Keys.SURGE_MIN_RATIO, "1,5")));
    }

    @Test
    void aValueOutOfRangeFailsWithTheRange() {
      assertEquals(
          "invalid value '0' for topic.partitions (flag): Value must be at least 1",
          failure(Map.of(), Map.of(Keys.TOPIC_PARTITIONS, "0")));
      assertEquals(
          "invalid value '70000' for dashboard.port (flag): Value must be no more than 65535",
          failure(Map.of(), Map.of(Keys.DASHBOARD_PORT, "70000")));
      assertEquals(
          "invalid value '-1' for history.days (flag): Value must be at least 0",
          failure(Map.of(), Map.of(Keys.HISTORY_DAYS, "-1")));
    }

    @Test
    void aValueOutsideItsChoicesNamesThem() {
      final String m = failure(Map.of(), Map.of(Keys.PROCESSING_GUARANTEE, "exactly_once"));
      assertTrue(m.startsWith("invalid value 'exactly_once' for processing.guarantee (flag): "), m);
      assertTrue(m.contains("exactly_once_v2") && m.contains("at_least_once"), m);
      final String names = failure(Map.of("SURGEWATCH_INGEST_UNKNOWN_NAMES", "ignore"), Map.of());
      assertTrue(
          names.contains("ingest.unknown-names")
              && names.toLowerCase(Locale.ROOT).contains("warn")
              && names.toLowerCase(Locale.ROOT).contains("reject"),
          names);
      assertDoesNotThrow(
          () -> load(Map.of("SURGEWATCH_INGEST_UNKNOWN_NAMES", "REJECT"), Map.of()),
          "case does not matter");
    }

    @Test
    void aBadListItemIsNamed() {
      assertEquals(
          "invalid value '7,thirty' for windows.days (flag): expected a comma-separated list of integers, "
              + "and 'thirty' is not one",
          failure(Map.of(), Map.of(Keys.WINDOWS_DAYS, "7,thirty")));
      assertEquals(
          "invalid value '7,-30' for windows.days (flag): expected positive integers, and -30 is not",
          failure(Map.of(), Map.of(Keys.WINDOWS_DAYS, "7,-30")));
      assertEquals(
          "invalid value '7,30,7' for windows.days (flag): expected each once, and 7 is given twice",
          failure(Map.of(), Map.of(Keys.WINDOWS_DAYS, "7,30,7")));
    }

    @Test
    void keysThatDependOnEachOtherAreCheckedTogetherNamingBothKeysAndTheirValues() {
      assertEquals(
          "invalid value '268435456' for rocksdb.total-memtable-bytes (default): expected at most"
              + " rocksdb.total-off-heap-bytes (67108864), the budget memtables are part of",
          failure(Map.of(), Map.of(Keys.ROCKSDB_TOTAL_OFF_HEAP_BYTES, String.valueOf(64L << 20))));
      assertEquals(
          "invalid value '45' for surge.baseline-days (flag): expected at least twice"
              + " surge.recent-days (30): 60 or more",
          failure(Map.of(), Map.of(Keys.SURGE_BASELINE_DAYS, "45")));
      assertEquals(
          "invalid value '75' for surge.baseline-days (flag): expected a whole number of"
              + " surge.recent-days (30) blocks: 60 or 90",
          failure(Map.of(), Map.of(Keys.SURGE_BASELINE_DAYS, "75")));
      assertEquals(
          "invalid value '9' for surge.resolve-score (flag): expected below surge.open-score (6),"
              + " so an open alert is not resolved and opened again on the same score"
              + " (hysteresis)",
          failure(Map.of(), Map.of(Keys.SURGE_RESOLVE_SCORE, "9")));
      assertDoesNotThrow(
          () ->
              load(Map.of(), Map.of(Keys.SURGE_RECENT_DAYS, "7", Keys.SURGE_BASELINE_DAYS, "14")));
    }
  }

  @Nested
  class MisspeltKeys {

    @Test
    void inAPropertiesFileTheNearestKeyIsNamed() throws IOException {
      final Path f = Files.writeString(dir.resolve("surgewatch.properties"), "grace.dyas=30\n");
      final ConfigException e =
          assertThrows(
              ConfigException.class,
              () -> SurgewatchConfig.load(f, Map.of(), Map.of(), new Properties()));
      assertEquals(
          "unknown configuration key grace.dyas (in "
              + f
              + "): did you mean grace.days? "
              + "(./surgewatch config lists every key)",
          e.getMessage());
    }

    @Test
    void inAFlagTheNearestKeyIsNamed() {
      assertEquals(
          "unknown configuration key surge.min-ration (given as a flag): did you mean surge.min-ratio? "
              + "(./surgewatch config lists every key)",
          failure(Map.of(), Map.of("surge.min-ration", "2")));
    }

    @Test
    void inAnEnvironmentVariableTheNearestVariableIsNamed() {
      assertEquals(
          "unknown configuration key SURGEWATCH_INGEST_UNKNOWN_NAME (from the environment): did you mean "
              + "SURGEWATCH_INGEST_UNKNOWN_NAMES (ingest.unknown-names)? (./surgewatch config lists every key)",
          failure(Map.of("SURGEWATCH_INGEST_UNKNOWN_NAME", "reject"), Map.of()));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
      "windows.day,                 windows.days",
      "topic.partition,             topic.partitions",
      "bootstrap.server,            bootstrap.servers",
      "schema.registry.ulr,         schema.registry.url",
      "histroy.days,                history.days",
      "query.history-day,           query.history-days",
      "rocksdb.total.off.heap.bytes, rocksdb.total-off-heap-bytes",
      "surge.threshold,             surge.open-score",
    })
    void aKeyNearOneOfSurgewatchsOrInItsNamespaceFails(final String typo, final String nearest) {
      final String m = failure(Map.of(), Map.of(typo, "1"));
      assertTrue(m.contains("did you mean " + nearest + "?"), m);
    }
  }

  @Nested
  class PassThrough {

    @Test
    void kafkaClientStreamsAndRegistryKeysPassFromEverySource() throws IOException {
      final Path f =
          Files.writeString(
              dir.resolve("c.properties"),
              "security.protocol=SASL_SSL\nssl.truststore.location=/etc/trust.jks\nnum.stream.threads=2\n"
                  + "topic.min.insync.replicas=2\n");
      final Map<String, String> env =
          Map.of(
              "SURGEWATCH_SASL_MECHANISM",
              "PLAIN",
              "SURGEWATCH_NUM_STANDBY_REPLICAS",
              "1",
              "SURGEWATCH_APPLICATION_SERVER",
              "10.0.0.9:8080",
              "SURGEWATCH_GROUP_INSTANCE_ID",
              "streams-0",
              "SURGEWATCH_BASIC_AUTH_USER_INFO",
              "sw:secret");
      final Map<String, String> flags =
          Map.of(
              "bearer.auth.token",
              "t",
              "consumer.max.poll.records",
              "100",
              "schema.registry.ssl.truststore.location",
              "/etc/reg.jks",
              "basic.auth.credentials.source",
              "USER_INFO",
              "sasl.login.callback.handler.class",
              "com.example.Handler",
              "commit.interval.ms",
              "500");
      final Map<String, Object> p =
          SurgewatchConfig.load(f, env, flags, new Properties()).clientProperties();
      for (final String key :
          List.of(
              "security.protocol",
              "ssl.truststore.location",
              "num.stream.threads",
              "topic.min.insync.replicas",
              "sasl.mechanism",
              "num.standby.replicas",
              "application.server",
              "group.instance.id",
              "basic.auth.user.info",
              "bearer.auth.token",
              "consumer.max.poll.records",
              "schema.registry.ssl.truststore.location",
              "basic.auth.credentials.source",
              "sasl.login.callback.handler.class",
              "commit.interval.ms")) {
        assertTrue(p.containsKey(key), key + " passes through: " + p);
      }
    }

    @Test
    void aKeyNeitherSurgewatchsNorKafkasPassesThroughAsKafkaClientsWouldTakeIt() {
      final SurgewatchConfig c =
          load(Map.of(), Map.of("interceptor.acme.endpoint", "https://acme.example"));
      assertEquals("https://acme.example", c.clientProperties().get("interceptor.acme.endpoint"));
    }

    @Test
    void theOldNameOfARenamedKeyIsNoTypo() {
      assertEquals(
          14, load(Map.of(), Map.of(Keys.QUERY_HISTORY_DAYS, "14")).getInt(Keys.HISTORY_DAYS));
      assertEquals(
          14,
          load(Map.of("SURGEWATCH_QUERY_HISTORY_DAYS", "14"), Map.of()).getInt(Keys.HISTORY_DAYS));
    }
  }

  @Nested
  class KubernetesServiceVariables {

    /**
     * What Kubernetes injects for the services surgewatch-dashboard, surgewatch-ingest and the
     * Strimzi bootstrap.
     */
    private Map<String, String> serviceLinks() {
      final Map<String, String> env = new HashMap<>();
      for (final String[] s :
          new String[][] {{"DASHBOARD", "8080"}, {"INGEST", "8082"}, {"KAFKA_BOOTSTRAP", "9092"}}) {
        final String name = "SURGEWATCH_" + s[0];
        final String port = s[1];
        env.put(name + "_SERVICE_HOST", "10.96.0.7");
        env.put(name + "_SERVICE_PORT", port);
        env.put(name + "_SERVICE_PORT_HTTP", port);
        env.put(name + "_PORT", "tcp://10.96.0.7:" + port);
        env.put(name + "_PORT_" + port + "_TCP", "tcp://10.96.0.7:" + port);
        env.put(name + "_PORT_" + port + "_TCP_PROTO", "tcp");
        env.put(name + "_PORT_" + port + "_TCP_PORT", port);
        env.put(name + "_PORT_" + port + "_TCP_ADDR", "10.96.0.7");
      }
      return env;
    }

    @Test
    void neverCrashAPodNorSetAnything() {
      final SurgewatchConfig c = assertDoesNotThrow(() -> load(serviceLinks(), Map.of()));
      assertEquals(
          8080, c.getInt(Keys.DASHBOARD_PORT), "SURGEWATCH_DASHBOARD_PORT=tcp://... is no port");
      assertEquals(8082, c.getInt(Keys.INGEST_PORT));
      assertEquals(
          Map.of(
              "bootstrap.servers",
              "127.0.0.1:9092",
              "schema.registry.url",
              "http://127.0.0.1:8081/apis/ccompat/v7"),
          c.clientProperties(),
          "nothing reaches the Kafka clients");
    }

    @Test
    void norDoTheLaunchersOwnVariables() {
      final SurgewatchConfig c =
          load(
              Map.of(
                  "SURGEWATCH_JAVA_OPTS",
                  "-Xmx512m",
                  "SURGEWATCH_APICURIO_DIST",
                  "/opt/a",
                  "SURGEWATCH_APICURIO_CACHE",
                  "/tmp/a"),
              Map.of());
      assertEquals(2, c.clientProperties().size(), c.clientProperties().toString());
    }

    @Test
    void aRealSettingWithTheSameNameStillApplies() {
      final Map<String, String> env = serviceLinks();
      env.put("SURGEWATCH_DASHBOARD_PORT", "9090");
      assertEquals(9090, load(env, Map.of()).getInt(Keys.DASHBOARD_PORT));
    }
  }

  @Nested
  class DeprecatedSystemProperties {

    private final Properties system = new Properties();

    @Test
    void theRocksDbPropertiesStillApplyWhenTheKeyIsNotSet() {
      system.setProperty("rocksdb.total.off.heap.bytes", String.valueOf(512L << 20));
      system.setProperty("rocksdb.total.memtable.bytes", String.valueOf(128L << 20));
      final SurgewatchConfig c = SurgewatchConfig.load(null, Map.of(), Map.of(), system);
      assertEquals(512L << 20, c.getLong(Keys.ROCKSDB_TOTAL_OFF_HEAP_BYTES));
      assertEquals(128L << 20, c.getLong(Keys.ROCKSDB_TOTAL_MEMTABLE_BYTES));
      assertEquals(
          "system property rocksdb.total.off.heap.bytes (deprecated)",
          c.origin(Keys.ROCKSDB_TOTAL_OFF_HEAP_BYTES));
    }

    @Test
    void theBacktestThreadPropertiesStillApply() {
      system.setProperty("surgewatch.backtest.read-threads", "3");
      system.setProperty("surgewatch.backtest.threads", "2");
      final SurgewatchConfig c = SurgewatchConfig.load(null, Map.of(), Map.of(), system);
      assertEquals(3, c.getInt(Keys.BACKTEST_READ_THREADS));
      assertEquals(2, c.getInt(Keys.BACKTEST_CUBE_THREADS));
    }

    @Test
    void theKeyWinsOverTheProperty() {
      system.setProperty("rocksdb.total.off.heap.bytes", String.valueOf(512L << 20));
      final SurgewatchConfig c =
          SurgewatchConfig.load(
              null,
              Map.of("SURGEWATCH_ROCKSDB_TOTAL_OFF_HEAP_BYTES", String.valueOf(1L << 30)),
              Map.of(),
              system);
      assertEquals(1L << 30, c.getLong(Keys.ROCKSDB_TOTAL_OFF_HEAP_BYTES));
    }

    @Test
    void aBadPropertyValueIsNamedLikeAnyOther() {
      system.setProperty("rocksdb.total.memtable.bytes", "96MB");
      final ConfigException e =
          assertThrows(
              ConfigException.class, () -> SurgewatchConfig.load(null, Map.of(), Map.of(), system));
      assertEquals(
          "invalid value '96MB' for rocksdb.total-memtable-bytes (system property "
              + "rocksdb.total.memtable.bytes (deprecated)): expected an integer (long)",
          e.getMessage());
    }
  }
}
