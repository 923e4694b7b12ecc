package io.surgewatch.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A registry behind TLS with a certificate of its own, as a truststore setting names it. */
class RegistryTlsTest {
  private static final String PASSWORD = "changeit";

  @TempDir Path dir;
  private Path keystore;
  private FakeRegistryServer server;

  /** A self-signed certificate for 127.0.0.1, made by the JDK's keytool. */
  @BeforeEach
  void start() throws Exception {
    keystore = dir.resolve("registry.p12");
    final Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                "registry",
                "-keyalg",
                "EC",
                "-dname",
                "CN=127.0.0.1",
                "-ext",
                "SAN=IP:127.0.0.1",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                keystore.toString(),
                "-storepass",
                PASSWORD)
            .redirectErrorStream(true)
            .start();
    final String output = new String(keytool.getInputStream().readAllBytes());
    assertTrue(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0, output);
    final KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      store.load(in, PASSWORD.toCharArray());
    }
    final KeyManagerFactory keys =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, PASSWORD.toCharArray());
    final SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(keys.getKeyManagers(), null, null);
    server = new FakeRegistryServer(tls).on("/subjects", 200, "[\"a\"]");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private RestSchemaRegistryClient client(final Map<String, Object> tls) {
    final Map<String, Object> config =
        new HashMap<>(
            Map.of(
                AvroSerdeConfig.SCHEMA_REGISTRY_URL,
                server.url(),
                AvroSerdeConfig.MAX_RETRIES,
                "0"));
    config.putAll(tls);
    return new RestSchemaRegistryClient(config);
  }

  @Test
  void theTruststoreSettingTrustsTheRegistrysCertificate() {
    final RestSchemaRegistryClient client =
        client(
            Map.of(
                AvroSerdeConfig.SSL_PREFIX + "truststore.location",
                keystore.toString(),
                AvroSerdeConfig.SSL_PREFIX + "truststore.password",
                PASSWORD));
    assertEquals(List.of("a"), client.subjects());
  }

  @Test
  void withoutItTheJdksDefaultRefusesAnUnknownCertificate() {
    final RegistryUnreachableException e =
        assertThrows(RegistryUnreachableException.class, () -> client(Map.of()).subjects());
    assertTrue(e.getMessage().contains(server.url()), e.getMessage());
    assertTrue(server.requests.isEmpty());
  }

  @Test
  void aTruststoreThatCannotBeOpenedIsASettingsErrorNamingTheSettings() {
    final ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                client(
                    Map.of(
                        AvroSerdeConfig.SSL_PREFIX + "truststore.location",
                        keystore.toString(),
                        AvroSerdeConfig.SSL_PREFIX + "truststore.password",
                        "wrong")));
    assertTrue(e.getMessage().contains("schema.registry.ssl.*"), e.getMessage());
  }
}
