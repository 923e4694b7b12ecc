package io.surgewatch.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/** Free loopback ports. */
final class Ports {
  private Ports() {}

  /**
   * Where ports are picked: below the ephemeral ranges that operating systems hand out to outgoing
   * connections by default (Linux from 32768, macOS and Windows from 49152). A port taken from an
   * ephemeral range could be handed to a client's connection while the service that owns it is
   * stopped for a restart, and the restart would then fail with "port in use".
   */
  private static final int LOWEST = 15_000;

  private static final int HIGHEST = 32_767;

  private static final int TRIES = 200;

  /**
   * A port that is free on 127.0.0.1 right now. We pick it ourselves instead of binding port 0
   * because a restart must come back on the same port (clients keep their bootstrap address, KRaft
   * its voter address); it is one outside the ephemeral range when one is free.
   */
  static int free() {
    final ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int i = 0; i < TRIES; i++) {
      final int port = random.nextInt(LOWEST, HIGHEST + 1);
      if (bindable(port)) {
        return port;
      }
    }
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(false);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return socket.getLocalPort();
    } catch (final IOException e) {
      throw new UncheckedIOException("no free port on 127.0.0.1", e);
    }
  }

  private static boolean bindable(final int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(false);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (final IOException e) {
      return false;
    }
  }

  /**
   * Fails unless {@code port} can be bound on 127.0.0.1. A child process that cannot bind dies only
   * after a few seconds, and meanwhile a readiness probe would happily talk to whatever already
   * holds the port (a registry left over from an earlier run, wired to another broker): check
   * first.
   */
  static void requireFree(final int port, final String what) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    } catch (final IOException e) {
      throw new IllegalStateException(
          what + " cannot listen on 127.0.0.1:" + port + ": port in use", e);
    }
  }

  /**
   * A free port other than {@code taken}: the OS may hand back a port just released, the one picked
   * a moment ago.
   */
  static int freeExcept(final int taken) {
    int port = free();
    while (port == taken) {
      port = free();
    }
    return port;
  }

  static int orFree(final int port) {
    return port == 0 ? free() : port;
  }
}
