package io.surgewatch.core;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A bootstrap address that answers but not in Kafka's protocol is named before a Kafka client reads
 * the answer's first bytes as the size of a response (an HTTP port's "HTTP" is 1.2 GB).
 */
class KafkaListenerCheckTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  /** A server that answers each connection's first bytes with {@code answer}, then closes it. */
  private static final class Answering implements AutoCloseable {
    private final ServerSocket server;

    Answering(final byte[] answer) throws IOException {
      server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      final Thread t =
          new Thread(
              () -> {
                while (!server.isClosed()) {
                  try (Socket c = server.accept()) {
                    final InputStream in = c.getInputStream();
                    in.read(new byte[4096]);
                    final OutputStream out = c.getOutputStream();
                    out.write(answer);
                    out.flush();
                  } catch (final IOException closed) {
                    // the test is over, or the client left
                  }
                }
              },
              "answering-" + server.getLocalPort());
      t.setDaemon(true);
      t.start();
    }

    String address() {
      return "127.0.0.1:" + server.getLocalPort();
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }

  @Test
  void aWebServersPortIsNamedAsNotAKafkaListener() throws Exception {
    try (Answering http =
        new Answering(
            "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII))) {
      final String problem = KafkaListenerCheck.problem(http.address(), null, TIMEOUT);
      assertTrue(problem != null && problem.startsWith(http.address() + " answers HTTP"), problem);
      assertTrue(problem.contains("not a Kafka listener"), problem);
    }
  }

  @Test
  void aTlsListenerAskedInPlaintextIsNamedWithTheSettingToChange() throws Exception {
    // A TLS alert record: content type 21, version 3.3, length 2, fatal, unexpected message.
    try (Answering tls = new Answering(new byte[] {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x0a})) {
      final String problem = KafkaListenerCheck.problem(tls.address(), "PLAINTEXT", TIMEOUT);
      assertTrue(problem != null && problem.contains("security.protocol=SSL"), problem);
      // Clients that speak TLS themselves are not asked in plaintext.
      assertNull(KafkaListenerCheck.problem(tls.address(), "SASL_SSL", TIMEOUT));
    }
  }

  @Test
  void anyOtherAnswerTooLargeForKafkaIsNamedWithItsFirstBytes() throws Exception {
    try (Answering ssh =
        new Answering("SSH-2.0-OpenSSH_9.6\r\n".getBytes(StandardCharsets.US_ASCII))) {
      final String problem =
          KafkaListenerCheck.problem("127.0.0.1:1," + ssh.address(), null, TIMEOUT);
      assertTrue(problem != null && problem.startsWith(ssh.address()), problem);
      assertTrue(problem.contains("'SSH-'"), problem);
      assertTrue(problem.contains("not a Kafka listener"), problem);
    }
  }

  @Test
  void aKafkaFramedAnswerOrNoAnswerIsLeftToTheClient() throws Exception {
    // A response of 6 bytes: correlation id 1, error code 35 (UNSUPPORTED_VERSION).
    final byte[] framed = ByteBuffer.allocate(10).putInt(6).putInt(1).putShort((short) 35).array();
    try (Answering kafka = new Answering(framed)) {
      assertNull(KafkaListenerCheck.problem(kafka.address(), null, TIMEOUT));
    }
    final int closed;
    try (ServerSocket free = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      closed = free.getLocalPort();
    }
    assertNull(KafkaListenerCheck.problem("127.0.0.1:" + closed, null, TIMEOUT));
  }
}
