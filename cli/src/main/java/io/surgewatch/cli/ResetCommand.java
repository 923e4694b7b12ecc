package io.surgewatch.cli;

import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.streams.app.AppReset;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "reset",
    mixinStandardHelpOptions = true,
    description = {
      "Resets the streams app so that its next start reprocesses every input from the beginning, as "
          + "Kafka's kafka-streams-application-reset does: deletes the app's internal topics (<application.id>-..."
          + "-changelog and -repartition), sets the group's committed offsets on the input topics back to the earliest, "
          + "and deletes this machine's state directory of the app (state.dir/<application.id>; on other hosts, delete "
          + "theirs too). Output topics are kept: their consumers see the reprocessed records again (alert ids are "
          + "the same).",
      "Needed after a change of windows.days or of the surge windows (the app refuses state built with other "
          + "windows), or instead of a new application.id.",
      "Refuses while the application's group has active members: stop every instance first. Without --yes it "
          + "only prints what it would do."
    })
final class ResetCommand implements Callable<Integer> {
  @Mixin ConfigOptions options;

  @Option(
      names = "--application-id",
      paramLabel = "ID",
      description =
          "The application to reset (default: the configured application.id, surgewatch-streams).")
  String applicationId;

  @Option(
      names = "--yes",
      description = "Do it (without: print what would be done and change nothing).")
  boolean yes;

  @Override
  public Integer call() {
    final SurgewatchConfig config =
        applicationId == null
            ? options.load()
            : options.load().withAll(Map.of(Keys.APPLICATION_ID, applicationId));
    Platform.requireBroker(config);
    final AppReset reset = new AppReset(config);
    if (!yes) {
      System.out.println("reset of application.id " + config.get(Keys.APPLICATION_ID) + " would:");
      reset.plan().describe().forEach(line -> System.out.println("  " + line));
      System.out.println("nothing changed: run again with --yes to reset");
      return 0;
    }
    System.out.println("resetting application.id " + config.get(Keys.APPLICATION_ID) + ":");
    reset.run().describe().forEach(line -> System.out.println("  " + line));
    System.out.println(
        "reset done: the next start of "
            + config.get(Keys.APPLICATION_ID)
            + " reprocesses the inputs from the beginning");
    return 0;
  }
}
