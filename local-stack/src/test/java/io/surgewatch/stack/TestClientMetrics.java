package io.surgewatch.stack;

import java.util.Map;

/**
 * The metrics settings of the apps that tests start on the shared stack: the clients keep their
 * metrics (the dashboard's Prometheus endpoint reads them) but report them nowhere. A Kafka Streams
 * instance registers and removes thousands of metrics as its tasks and stores open and close, and
 * by default each one is also an MBean (JMX) and an entry in the client telemetry ledger (KIP-714):
 * a quarter of the CPU of an instance's start and stop, which no test reads.
 */
public final class TestClientMetrics {
  public static final Map<String, String> UNREPORTED =
      Map.of("metric.reporters", "", "enable.metrics.push", "false");

  private TestClientMetrics() {}
}
