package io.surgewatch.cli;

import io.surgewatch.core.Keys;
import io.surgewatch.core.Topics;
import io.surgewatch.producers.InputTopicCopy;
import io.surgewatch.stack.TopicInitializer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "topics",
    mixinStandardHelpOptions = true,
    description = "Topic administration.",
    subcommands = {
      TopicsCommand.Create.class,
      TopicsCommand.ListTopics.class,
      TopicsCommand.CopyInputs.class
    })
final class TopicsCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description =
          "Creates the project's topics (those missing) with their partitions and configs, and waits "
              + "until every partition answers. Used by compose's initialiser.")
  static final class Create implements Callable<Integer> {
    @Mixin ConfigOptions options;

    @Override
    public Integer call() {
      final var config = options.load();
      Platform.createTopics(config);
      Topics.from(config).all().forEach(t -> System.out.println("topic ready: " + t.name()));
      return 0;
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Prints the topics the apps use.")
  static final class ListTopics implements Callable<Integer> {
    @Mixin ConfigOptions options;

    @Override
    public Integer call() {
      for (final Topics.Topic<?> t : Topics.from(options.load()).all()) {
        System.out.printf(
            "%-32s %-7s partitions=%d %s%n", t.name(), t.role(), t.partitions(), t.configs());
      }
      return 0;
    }
  }

  @Command(
      name = "copy-inputs",
      mixinStandardHelpOptions = true,
      description = {
        "Copies the input topics into new ones with topic.input-partitions partitions (created here), in "
            + "arrival order, with a progress marker on every new partition: the way to move a deployment from one "
            + "input partition to several (README, \"Moving to six input partitions\").",
        "Reads topic.incidents and topic.statements; writes --to-incidents and --to-statements."
      })
  static final class CopyInputs implements Callable<Integer> {
    @Mixin ConfigOptions options;

    @CommandLine.Option(
        names = "--to-incidents",
        required = true,
        description = "The new incidents topic.")
    String incidents;

    @CommandLine.Option(
        names = "--to-statements",
        required = true,
        description = "The new statements topic.")
    String statements;

    @Override
    public Integer call() {
      final var config = options.load();
      final var targets =
          config.with(Keys.TOPIC_INCIDENTS, incidents).with(Keys.TOPIC_STATEMENTS, statements);
      final Topics t = Topics.from(targets);
      TopicInitializer.ensureTopics(
          targets.clientProperties(),
          t.newTopics().stream()
              .filter(n -> n.name().equals(incidents) || n.name().equals(statements))
              .toList(),
          Duration.ofSeconds(60));
      final var copy = new InputTopicCopy(config);
      final InputTopicCopy.Result incidentsCopy = copy.incidents(incidents);
      for (final var r :
          List.of(incidentsCopy, copy.statements(statements, incidentsCopy.through()))) {
        System.out.printf(
            "copied %,d records of %s to %s (%d partitions; %d old progress markers left out), "
                + "marked through %s%n",
            r.copied(),
            r.from(),
            r.to(),
            t.incidents().partitions(),
            r.markersSkipped(),
            r.through());
      }
      return 0;
    }
  }
}
