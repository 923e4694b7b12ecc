package io.surgewatch.cli;

import io.surgewatch.core.Topics;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "topics", mixinStandardHelpOptions = true, description = "Topic administration.",
    subcommands = {TopicsCommand.Create.class, TopicsCommand.ListTopics.class})
final class TopicsCommand implements Runnable {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  @Command(name = "create", mixinStandardHelpOptions = true,
      description = "Creates the project's topics (those missing) with their partitions and configs, and waits "
          + "until every partition answers. Used by compose's initialiser.")
  static final class Create implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() {
      final var config = options.load();
      Platform.createTopics(config);
      Topics.from(config).all().forEach(t -> System.out.println("topic ready: " + t.name()));
      return 0;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Prints the topics the apps use.")
  static final class ListTopics implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() {
      for (final Topics.Topic<?> t : Topics.from(options.load()).all()) {
        System.out.printf("%-32s %-7s partitions=%d %s%n", t.name(), t.role(), t.partitions(), t.configs());
      }
      return 0;
    }
  }
}
