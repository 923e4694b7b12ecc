package io.surgewatch.core;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * Whether the bootstrap addresses speak Kafka's protocol, asked before a Kafka client connects.
 * Kafka's clients read the first four bytes of any answer as the size of a response and allocate
 * it: a web server's "HTTP" is a 1.2 GB response, so an HTTP port given as bootstrap.servers ends
 * in an OutOfMemoryError in the client's network thread (a stack trace on the console) or, with a
 * large heap, a wait on bytes that never come. The clients have no bound on a response's size
 * (KIP-498, for the same mistake with a TLS port, was never adopted), so the address is asked here
 * first, with a real ApiVersions request, as other Kafka clients (franz-go) check the answer's
 * first bytes.
 */
public final class KafkaListenerCheck {
  /** Larger than any response a broker sends to ApiVersions: the bytes are not Kafka's framing. */
  private static final int MAX_RESPONSE = 100 * 1024 * 1024;

  private static final byte[] HTTP = "HTTP".getBytes(StandardCharsets.US_ASCII);
  private static final byte TLS_ALERT = 0x15;
  private static final byte TLS_HANDSHAKE = 0x16;

  private KafkaListenerCheck() {}

  /**
   * Asks every address of {@code bootstrapServers} once, over plaintext.
   *
   * @param securityProtocol the clients' security.protocol: listeners behind TLS are not asked (the
   *     TLS handshake with a server that is not Kafka fails cleanly)
   * @return null when every address that answered answered as Kafka (one that refuses or says
   *     nothing is left to the client, which names the address when it times out), else what the
   *     first one that did not is
   */
  public static String problem(
      final String bootstrapServers, final String securityProtocol, final Duration timeout) {
    final String protocol =
        securityProtocol == null ? "PLAINTEXT" : securityProtocol.trim().toUpperCase(Locale.ROOT);
    if (protocol.endsWith("SSL")) {
      return null;
    }
    for (final String raw : bootstrapServers.split(",")) {
      final String address = raw.trim();
      final int colon = address.lastIndexOf(':');
      if (address.isEmpty() || colon < 0) {
        continue; // Kafka's own validation names a malformed address
      }
      final String host = address.substring(0, colon).replace("[", "").replace("]", "");
      final int port;
      try {
        port = Integer.parseInt(address.substring(colon + 1));
      } catch (final NumberFormatException e) {
        continue;
      }
      final String answer = answer(host, port, timeout);
      if (answer != null) {
        return address + " " + answer;
      }
    }
    return null;
  }

  /** What {@code host:port} answers to ApiVersions if not Kafka, else null. */
  private static String answer(final String host, final int port, final Duration timeout) {
    final byte[] first = new byte[4];
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
      socket.setSoTimeout((int) timeout.toMillis());
      final OutputStream out = socket.getOutputStream();
      out.write(apiVersionsRequest());
      out.flush();
      new DataInputStream(socket.getInputStream()).readFully(first);
    } catch (final IOException e) {
      return null; // refused, silent or closed: the client's own timeout says so
    }
    if (startsWith(first, HTTP)) {
      return "answers HTTP: it is a web server's port (a dashboard, a schema registry?), not a"
          + " Kafka listener";
    }
    if ((first[0] == TLS_ALERT || first[0] == TLS_HANDSHAKE) && first[1] == 0x03) {
      return "answers TLS: it is a TLS listener; set security.protocol=SSL (or SASL_SSL)";
    }
    final int size = ByteBuffer.wrap(first).getInt();
    if (size < 0 || size > MAX_RESPONSE) {
      return "does not answer in Kafka's protocol (its first bytes, 0x"
          + String.format("%08x", size)
          + " '"
          + new String(first, StandardCharsets.US_ASCII).replaceAll("[^\\x20-\\x7e]", "?")
          + "', would be a "
          + Integer.toUnsignedString(size)
          + "-byte response): not a Kafka listener";
    }
    return null;
  }

  /**
   * ApiVersions (key 18) version 0: the request every Kafka client sends first, which a broker
   * answers before authentication; one of a version it no longer serves is still answered, with an
   * error, in Kafka's framing.
   */
  private static byte[] apiVersionsRequest() {
    final byte[] clientId = "surgewatch-listener-check".getBytes(StandardCharsets.US_ASCII);
    final int size = 2 + 2 + 4 + 2 + clientId.length;
    return ByteBuffer.allocate(4 + size)
        .putInt(size)
        .putShort((short) 18)
        .putShort((short) 0)
        .putInt(1)
        .putShort((short) clientId.length)
        .put(clientId)
        .array();
  }

  private static boolean startsWith(final byte[] bytes, final byte[] prefix) {
    for (int i = 0; i < prefix.length; i++) {
      if (bytes[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
