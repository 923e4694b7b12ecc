package io.surgewatch.cli;

import io.surgewatch.core.ConfigException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ./surgewatch} launcher: every app of the project behind one command line. */
@Command(
    name = "surgewatch",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description =
        "Streaming pipeline for security incidents: rolling casualty counts and surge alerts.",
    footer = {
      "",
      "Configuration: every command takes --config FILE, --set KEY=VALUE and SURGEWATCH_* variables; "
          + "'surgewatch config' lists every key with its type, default, value and doc."
    },
    subcommands = {
      ConfigCommand.class,
      DemoCommand.class,
      StackCommand.class,
      ProduceCommand.class,
      IngestCommand.class,
      StreamsCommand.class,
      BacktestCommand.class,
      BenchCommand.class,
      TopicsCommand.class,
      AlertsCommand.class,
      ReplayCommand.class,
      ResetCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(final String[] args) {
    System.exit(execute(args));
  }

  /**
   * Runs a command line; exit codes: 0 success, 1 failure at run time, 2 bad usage (an unknown
   * option, a bad configuration value).
   */
  public static int execute(final String... args) {
    final CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          // One readable line; the stack trace only when asked for, never alone.
          // The qualified name: "surgewatch topics read", not "surgewatch read".
          cmd.getErr().println(line(cmd.getCommandSpec(), "error: " + message(e)));
          if (Boolean.getBoolean("surgewatch.debug")) {
            e.printStackTrace(cmd.getErr());
          }
          return isBadConfiguration(e) ? 2 : 1;
        });
    cli.setParameterExceptionHandler(
        (e, a) -> {
          // Prefixed as the errors above, so that a script reads both kinds the same way.
          final CommandLine.Model.CommandSpec spec = e.getCommandLine().getCommandSpec();
          e.getCommandLine()
              .getErr()
              .println(
                  line(
                      spec,
                      "error: " + usageError(e) + " (see '" + spec.qualifiedName() + " --help')"));
          return 2;
        });
    return cli.execute(args);
  }

  /**
   * A line a command writes on stderr besides its output, prefixed as each one is: {@code
   * surgewatch topics read: ...}, the whole command, so that a log shared by several says whose.
   */
  static String line(final CommandLine.Model.CommandSpec spec, final String text) {
    return spec.qualifiedName() + ": " + text;
  }

  /**
   * What is wrong with a command line. A misspelt option is named rather than the required option
   * it leaves missing: for {@code --fromat acled} picocli reports the missing {@code --format},
   * which hides the typo.
   */
  static String usageError(final CommandLine.ParameterException e) {
    final CommandLine cmd = e.getCommandLine();
    return e instanceof CommandLine.MissingParameterException
            && !cmd.getUnmatchedArguments().isEmpty()
        ? new CommandLine.UnmatchedArgumentException(cmd, cmd.getUnmatchedArguments()).getMessage()
        // picocli names a map option "option option '--set'"
        : e.getMessage().replace("option option '", "option '");
  }

  /**
   * A configuration value that is missing or malformed (ours or a Kafka client's), found once the
   * command runs: bad usage like an unknown option, so exit 2 rather than a failure at run time.
   */
  static boolean isBadConfiguration(final Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConfigException
          // qualified: Kafka's, beside ours
          || t instanceof org.apache.kafka.common.config.ConfigException) {
        return true;
      }
    }
    return false;
  }

  static String message(final Throwable e) {
    Throwable t = e;
    while (t.getCause() != null
        && (t.getMessage() == null
            || t instanceof ExecutionException
            || t instanceof UncheckedIOException
                && t.getMessage().equals(t.getCause().toString()))) {
      t = t.getCause();
    }
    if (t instanceof UncheckedIOException
        && t.getCause() instanceof FileSystemException f
        && t.getMessage().endsWith(f.getMessage())) {
      // "cannot write to DIR: DIR": say what the file system said of it, naming the path once.
      final String said =
          t.getMessage().substring(0, t.getMessage().length() - f.getMessage().length());
      return said.endsWith(" " + f.getFile() + ": ") && f.getOtherFile() == null
          ? said + reason(f)
          : said + describe(f);
    }
    if (t instanceof FileSystemException f) {
      return describe(f);
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  /**
   * A file system error as a person reads it: Java names some only by their class (the path alone
   * as message).
   */
  static String describe(final FileSystemException f) {
    return (f.getFile() == null
            ? ""
            : f.getFile() + (f.getOtherFile() == null ? "" : " -> " + f.getOtherFile()) + ": ")
        + reason(f);
  }

  private static String reason(final FileSystemException f) {
    return f.getReason() != null
        ? f.getReason()
        : f instanceof NoSuchFileException
            ? "no such file or directory"
            : f instanceof AccessDeniedException
                ? "permission denied"
                : f instanceof FileAlreadyExistsException
                    ? "already exists, and is not a directory"
                    : f instanceof NotDirectoryException
                        ? "not a directory"
                        : f.getClass().getSimpleName();
  }

  /** No command: bad usage, with the commands listed on stderr. */
  @Override
  public void run() {
    throw Main.missingSubcommand(spec);
  }

  /**
   * Prints a command's usage to stderr; the error to throw when none of its subcommands is named.
   */
  static CommandLine.ParameterException missingSubcommand(
      final CommandLine.Model.CommandSpec spec) {
    spec.commandLine().usage(spec.commandLine().getErr());
    return new CommandLine.ParameterException(
        spec.commandLine(),
        "'"
            + spec.qualifiedName()
            + "' needs a command: "
            + String.join(", ", spec.subcommands().keySet()));
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      final String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"surgewatch " + (v == null ? "dev" : v)};
    }
  }
}
