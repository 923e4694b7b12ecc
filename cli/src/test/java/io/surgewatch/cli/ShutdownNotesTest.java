package io.surgewatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What a command says on stderr while it stops names it as its errors do ({@code surgewatch
 * streams: ...}): in a log shared by a supervisor's services, a bare {@code surgewatch:} says
 * whose.
 */
class ShutdownNotesTest {
  private final StringWriter err = new StringWriter();

  private CommandSpec command(final String name) {
    final CommandLine cli = new CommandLine(new Main());
    cli.setErr(new PrintWriter(err, true));
    return cli.getSubcommands().get(name).getCommandSpec();
  }

  @Test
  void aDashboardThatFailsToStopIsSaidOfItsCommand() {
    Dashboard.closeQuietly(
        command("streams"),
        () -> {
          throw new IllegalStateException("Jetty did not stop");
        });
    assertEquals(
        "surgewatch streams: while stopping the dashboard: Jetty did not stop",
        err.toString().strip());
  }

  @Test
  void aStopThatOutlastsItsPatienceIsSaidOfItsCommand() {
    // Nothing closes the gate: the JVM's stop waits out its patience (none here), then says so.
    try (Platform.ShutdownGate gate = new Platform.ShutdownGate(command("demo"), Duration.ZERO)) {
      gate.stopRequestedByTheJvm();
      assertEquals(
          "surgewatch demo: still stopping after 0 s; exiting anyway", err.toString().strip());
    }
  }
}
