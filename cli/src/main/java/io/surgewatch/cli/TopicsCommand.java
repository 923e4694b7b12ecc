package io.surgewatch.cli;

import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.core.TopicListing;
import io.surgewatch.core.TopicReader;
import io.surgewatch.core.Topics;
import io.surgewatch.producers.InputTopicCopy;
import io.surgewatch.stack.TopicInitializer;
import io.surgewatch.streams.app.AppProgress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
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
      TopicsCommand.Read.class,
      TopicsCommand.Lag.class,
      TopicsCommand.CopyInputs.class
    })
final class TopicsCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw Main.missingSubcommand(spec);
  }

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description =
          "Creates the project's topics (those missing) with their partitions and configs, waits "
              + "until every partition answers, and sets each value subject's compatibility level in "
              + "the registry (inputs BACKWARD_TRANSITIVE, outputs FULL_TRANSITIVE). Used by "
              + "compose's initialiser.")
  static final class Create implements Callable<Integer> {
    @Mixin ConfigOptions options;

    @Override
    public Integer call() {
      final var config = options.load();
      Platform.requireBroker(config);
      Platform.createTopics(config);
      Topics.from(config).all().forEach(t -> System.out.println("topic ready: " + t.name()));
      // Each subject's compatibility level, as demo and stack set them: a registry's default
      // (Confluent's BACKWARD) would let a producer register an input schema that older stored
      // records cannot be read with.
      Platform.setCompatibility(config);
      Topics.from(config)
          .all()
          .forEach(
              t ->
                  System.out.println(
                      "subject " + t.valueSubject() + ": " + t.role().compatibility()));
      return 0;
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = {
        "Prints the topics the apps use as the broker has them: partitions, replicas and the configs"
            + " Surgewatch sets, with what the configuration asks where that differs (the streams app"
            + " reads the input topics' partitions from the broker; the other topics' must match"
            + " topic.partitions). Exits 1 when a topic is missing (topics create makes it).",
        "--configured prints what the configuration asks instead, without a broker."
      })
  static final class ListTopics implements Callable<Integer> {
    @Mixin ConfigOptions options;

    @CommandLine.Option(
        names = "--configured",
        description = "The topics as the configuration asks for them (what topics create makes).")
    boolean configured;

    @Override
    public Integer call() throws Exception {
      final SurgewatchConfig config = options.load();
      final List<Topics.Topic<?>> topics = Topics.from(config).all();
      if (configured) {
        for (final Topics.Topic<?> t : topics) {
          System.out.printf(
              "%-32s %-7s partitions=%d %s%n", t.name(), t.role(), t.partitions(), t.configs());
        }
        return 0;
      }
      Platform.requireBroker(config);
      final List<TopicListing.Line> lines = TopicListing.describe(config, Topics.from(config));
      lines.forEach(line -> System.out.println(line.text()));
      final long missing = lines.stream().filter(TopicListing.Line::missing).count();
      if (missing > 0) {
        System.err.printf(
            "%d of the %d topics are missing on %s: ./surgewatch topics create makes them%n",
            missing, lines.size(), config.get(Keys.BOOTSTRAP_SERVERS));
        return 1;
      }
      return 0;
    }
  }

  @Command(
      name = "read",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      description = {
        "Prints a topic's records as JSON lines on stdout, the form backtest writes (alerts.ndjson, "
            + "counts.ndjson, dead-letter.ndjson, statement-counts.ndjson; for the input topics, the NDJSON input form that produce "
            + "reads), from the beginning to the end of its committed records, then exits.",
        "Reads committed records only, in no consumer group: nobody's offsets move. Progress markers and "
            + "tombstones are counted on stderr, not printed; a record that cannot be decoded is named there "
            + "(partition, offset, key, why) and skipped, and the exit code is then 1.",
        "Records of one partition come in their order; partitions interleave (sort to compare runs)."
      })
  static final class Read implements Callable<Integer> {
    @Mixin ConfigOptions options;

    @CommandLine.Parameters(
        paramLabel = "TOPIC",
        description =
            "alerts, counts, dead-letter, statement-counts, incidents or statements, or a configured"
                + " topic's name.")
    String topic;

    @CommandLine.Option(
        names = "--latest",
        description =
            "One line per key, its latest value (what compaction keeps of counts and statement"
                + " counts; an alert's latest transition), in key order. Holds a line a key in"
                + " memory: narrow a large counts topic with --key-prefix.")
    boolean latest;

    @CommandLine.Option(
        names = "--key-prefix",
        paramLabel = "PREFIX",
        description =
            "Only records whose key starts with PREFIX (counts: country|region|group|window|windowEnd,"
                + " the country's ISO code first, e.g. 'PK|' or 'PK|Balochistan|'; alerts: the alert"
                + " id, the same; dead letters: the original key).")
    String keyPrefix;

    @CommandLine.Option(
        names = "--key",
        paramLabel = "KEY",
        description =
            "Only records whose key is KEY (dead letters: an incident's or statement's id, which"
                + " --key-prefix would also match in longer ids: PAK1 in PAK10).")
    String key;

    @CommandLine.Option(
        names = "--follow",
        description = "Go on printing records as they are committed, until Ctrl-C.")
    boolean follow;

    @CommandLine.Option(names = "--max", paramLabel = "N", description = "Print at most N lines.")
    Long max;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      if (follow && latest) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--latest prints once the end is read; it cannot --follow");
      }
      if (key != null && keyPrefix != null) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--key and --key-prefix do not go together: give one");
      }
      if (max != null && max < 0) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--max must be 0 or more");
      }
      final var config = options.load();
      final Topics.Topic<?> chosen;
      try {
        chosen = TopicReader.resolve(Topics.from(config), topic);
      } catch (final IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
      Platform.requireBroker(config);
      final AtomicBoolean running = new AtomicBoolean(true);
      // Ctrl-C or SIGTERM ends --follow: the hook stops the reader and holds the JVM's exit until
      // the summary is printed (the reader notices within one poll).
      final CountDownLatch summarised = new CountDownLatch(1);
      final Thread stop =
          new Thread(
              () -> {
                running.set(false);
                try {
                  summarised.await(5, TimeUnit.SECONDS);
                } catch (final InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "surgewatch-topics-read-stop");
      if (follow) {
        Runtime.getRuntime().addShutdownHook(stop);
      }
      try {
        return readAndSummarise(config, chosen, running);
      } finally {
        summarised.countDown();
      }
    }

    private int readAndSummarise(
        final SurgewatchConfig config, final Topics.Topic<?> chosen, final AtomicBoolean running) {
      final TopicReader.KeyFilter keys =
          key != null
              ? new TopicReader.KeyFilter(key, true)
              : keyPrefix != null ? new TopicReader.KeyFilter(keyPrefix, false) : null;
      final TopicReader.Summary s =
          new TopicReader(config, System.out, System.err)
              .read(
                  chosen,
                  new TopicReader.Options(keys, latest, follow, max == null ? Long.MAX_VALUE : max),
                  running::get);
      System.err.printf(
          "topics read: %,d line%s printed from %,d record%s of %s (%d partitions%s); %,d progress"
              + " markers, %,d tombstones, %,d undecodable%n",
          s.printed(),
          s.printed() == 1 ? "" : "s",
          s.records(),
          s.records() == 1 ? "" : "s",
          s.topic(),
          s.partitions(),
          keys == null ? "" : ", " + keys.describe(),
          s.markers(),
          s.tombstones(),
          s.undecodable());
      if (keys != null && s.records() == 0 && s.aKey() != null) {
        System.err.printf(
            "topics read: no key %s '%s'; the topic's keys look like '%s'%n",
            keys.exact() ? "is" : "starts with", keys.text(), s.aKey());
      }
      return s.undecodable() > 0 ? 1 : 0;
    }
  }

  @Command(
      name = "lag",
      mixinStandardHelpOptions = true,
      description = {
        "Says whether the streams app (application.id) has caught up: for every topic it reads (the input"
            + " topics and its own repartition topics), the end offsets, the offsets its consumer group has"
            + " committed and the records it has still to process, summed over the topic's partitions; then"
            + " 'caught up' or 'behind'.",
        "Exit code 0 when caught up, 1 when behind (or, with --wait, still behind when the time is out): a"
            + " script waits for the app's outputs to be complete with 'topics lag --wait 600' before reading"
            + " them."
      })
  static final class Lag implements Callable<Integer> {
    @Mixin ConfigOptions options;

    @CommandLine.Option(
        names = "--wait",
        paramLabel = "SECONDS",
        description =
            "Wait up to SECONDS until the app has caught up (on three checks half a second apart in a"
                + " row, so that a stage about to write to the next one is not taken for done), and"
                + " as long for a broker that does not answer yet (at least 15 s).")
    Integer waitSeconds;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      if (waitSeconds != null && waitSeconds < 0) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--wait must be at least 0 seconds, got " + waitSeconds);
      }
      final var config = options.load();
      final long start = System.nanoTime();
      final Duration wait = waitSeconds == null ? null : Duration.ofSeconds(waitSeconds);
      // --wait covers a broker that is not up yet (a script run beside the stack's start).
      Platform.requireBroker(
          config,
          wait == null || wait.compareTo(Platform.BROKER_PATIENCE) < 0
              ? Platform.BROKER_PATIENCE
              : wait);
      try (AppProgress progress = new AppProgress(config)) {
        progress.requireInputs();
        final Duration left =
            wait == null ? Duration.ZERO : wait.minusNanos(System.nanoTime() - start);
        final boolean caughtUp =
            left.isNegative() || left.isZero() ? progress.caughtUp() : progress.awaitCaughtUp(left);
        long behind = 0;
        long committed = 0;
        for (final AppProgress.TopicLag t : progress.lag()) {
          System.out.printf(
              "%s end=%d committed=%d behind=%d%n", t.topic(), t.end(), t.committed(), t.behind());
          behind += t.behind();
          committed += t.committed();
        }
        final String app = "(application.id " + config.get(Keys.APPLICATION_ID) + ")";
        // Nothing committed reads the same for an app that has not started and for a mistyped
        // application.id: say both, rather than "behind" alone, which looks like a stuck app.
        final String none =
            "the app "
                + app
                + " has committed nothing: it has not started yet, or the running app has another"
                + " application.id (`streams` prints its own when it starts)";
        System.out.println(
            caughtUp
                ? "caught up"
                : committed == 0
                    ? "behind: " + (behind == 0 ? "" : behind + " records to process; ") + none
                    : "behind: " + behind + " records to process " + app);
        return caughtUp ? 0 : 1;
      } catch (final ExecutionException | TimeoutException e) {
        // The broker went away after it answered: Kafka's TimeoutException alone names nothing.
        throw new IllegalStateException(
            "cannot read the app's progress from Kafka at "
                + config.get(Keys.BOOTSTRAP_SERVERS)
                + " (bootstrap.servers): "
                + (e.getCause() != null ? e.getCause().getMessage() : "no answer within 10 s"),
            e);
      }
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
      Platform.requireBroker(config);
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
