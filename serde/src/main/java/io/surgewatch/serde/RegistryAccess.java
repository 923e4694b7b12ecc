package io.surgewatch.serde;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Base64;
import java.util.Locale;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.common.config.ConfigException;

/**
 * How {@link RestSchemaRegistryClient} reaches the registry, from Confluent's serde settings: the
 * credentials it sends and the TLS context it connects with.
 */
final class RegistryAccess {
  private RegistryAccess() {}

  /** The Authorization header the settings give (Confluent's settings), or null. */
  static String authorization(final AvroSerdeConfig config) {
    if (config.bearerToken() != null && !config.bearerToken().isBlank()) {
      return "Bearer " + config.bearerToken();
    }
    final String source =
        config.basicAuthSource() == null ? "" : config.basicAuthSource().toUpperCase(Locale.ROOT);
    final String userInfo =
        switch (source) {
          case "USER_INFO" -> config.basicAuthUserInfo();
          case "URL" -> URI.create(config.registryUrls().get(0)).getRawUserInfo();
          // Unset: Confluent's serde defaults to URL (user:pass@host); user.info given alone is
          // meant too. Either way the credentials a working Confluent config carries are sent.
          case "" ->
              config.basicAuthUserInfo() != null && !config.basicAuthUserInfo().isBlank()
                  ? config.basicAuthUserInfo()
                  : URI.create(config.registryUrls().get(0)).getRawUserInfo();
          default ->
              throw new ConfigException(
                  AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE,
                  source,
                  "supported: USER_INFO, URL");
        };
    return userInfo == null || userInfo.isBlank()
        ? null
        : "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * With {@code schema.registry.ssl.truststore.location} (and optionally {@code keystore.location})
   * set, a TLS context built from them; otherwise null: the JDK's default (javax.net.ssl.* system
   * properties).
   */
  static SSLContext sslContext(final AvroSerdeConfig config) {
    final String truststore = config.ssl("truststore.location");
    final String keystore = config.ssl("keystore.location");
    if (truststore == null && keystore == null) {
      return null;
    }
    try {
      TrustManagerFactory tmf = null;
      if (truststore != null) {
        tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(
            load(truststore, config.ssl("truststore.type"), config.ssl("truststore.password")));
      }
      KeyManagerFactory kmf = null;
      if (keystore != null) {
        final String password = config.ssl("keystore.password");
        final String keyPassword = config.ssl("key.password");
        kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(
            load(keystore, config.ssl("keystore.type"), password),
            chars(keyPassword != null ? keyPassword : password));
      }
      final SSLContext context = SSLContext.getInstance("TLS");
      context.init(
          kmf == null ? null : kmf.getKeyManagers(),
          tmf == null ? null : tmf.getTrustManagers(),
          null);
      return context;
    } catch (final IOException | GeneralSecurityException e) {
      throw new ConfigException(
          "cannot build the registry's TLS context from " + AvroSerdeConfig.SSL_PREFIX + "*: " + e);
    }
  }

  private static KeyStore load(final String location, final String type, final String password)
      throws IOException, GeneralSecurityException {
    final KeyStore store = KeyStore.getInstance(type == null ? "PKCS12" : type);
    try (InputStream in = Files.newInputStream(Path.of(location))) {
      store.load(in, chars(password));
    }
    return store;
  }

  private static char[] chars(final String s) {
    return s == null ? null : s.toCharArray();
  }

  /** A URL as requests go to it: credentials in it are sent in a header, not the URL. */
  static String withoutUserInfo(final String url) {
    final URI uri = URI.create(url);
    return uri.getRawUserInfo() == null ? url : url.replace(uri.getRawUserInfo() + "@", "");
  }
}
