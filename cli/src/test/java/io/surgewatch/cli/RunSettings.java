package io.surgewatch.cli;

import io.surgewatch.core.Keys;
import io.surgewatch.stack.LocalStack;
import io.surgewatch.stack.SharedTestStack;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Settings of a test run on the shared stack: its broker and registry, and topics of its own. */
final class RunSettings {
  private RunSettings() {}

  /** A run name from {@code prefix}, unique to this call. */
  static String name(final String prefix) {
    return prefix + UUID.randomUUID().toString().substring(0, 8);
  }

  /** The stack's addresses and every topic named {@code <run>.<topic>}, in a map to add to. */
  static Map<String, String> of(final String run) {
    final LocalStack stack = SharedTestStack.get();
    final Map<String, String> values = new LinkedHashMap<>();
    values.put(Keys.BOOTSTRAP_SERVERS, stack.bootstrapServers());
    values.put(Keys.SCHEMA_REGISTRY_URL, stack.registryUrl());
    for (final String t :
        List.of("incidents", "statements", "counts", "alerts", "dead-letter", "statement-counts")) {
      values.put("topic." + t, run + "." + t);
    }
    return values;
  }

  /** A command's arguments with {@code values} as {@code --set key=value} options. */
  static String[] args(final Map<String, String> values, final String... command) {
    final List<String> args = new ArrayList<>(List.of(command));
    values.forEach((k, v) -> args.addAll(List.of("--set", k + "=" + v)));
    return args.toArray(String[]::new);
  }

  /** A port on 127.0.0.1 nothing listens on: free again once the socket that took it closed. */
  static int closedPort() throws IOException {
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return free.getLocalPort();
    }
  }
}
