package io.surgewatch.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Runs the launcher's entry point in-process, capturing what it prints, as a user at a terminal
 * would see it.
 */
final class Launcher {
  private Launcher() {}

  record Run(int exit, String out, String err) {}

  static synchronized Run run(final String... args) {
    final PrintStream out = System.out;
    final PrintStream err = System.err;
    final ByteArrayOutputStream o = new ByteArrayOutputStream();
    final ByteArrayOutputStream e = new ByteArrayOutputStream();
    System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
    try {
      final int exit = Main.execute(args);
      return new Run(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }
}
