package io.surgewatch.cli;

import io.surgewatch.cli.alerting.AlertFollower;
import io.surgewatch.cli.alerting.AlertSink;
import io.surgewatch.cli.alerting.Backoff;
import io.surgewatch.cli.alerting.ConsolePrinter;
import io.surgewatch.cli.alerting.WebhookForwarder;
import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "alerts",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Follows the alert topic: prints each alert transition, or forwards it to a webhook.",
      "",
      "Reads only records of committed transactions, in a consumer group, and prints each transition as one line (status, "
          + "severity, country/region/group metric, windowEnd, score, reason, alertId#sequence), or with --webhook "
          + "forwards it.",
      "",
      "Webhook: POST of the alert's JSON form with Content-Type: application/json and Idempotency-Key: "
          + "<alertId>:<sequence> (the same on every retry, so the receiver can deduplicate), plus Authorization: "
          + "Bearer <token> when a token is set. Connection errors, timeouts, 5xx and 429 are retried with "
          + "exponential backoff and jitter (a Retry-After header is honoured); any other 4xx (and 3xx: redirects "
          + "are not followed) is NOT retried: it is logged on stderr and the alert is skipped.",
      "",
      "One page per alert per change that matters: an alert's first transition (sequence 1, OPEN) is delivered at "
          + "once; its later transitions are held for the debounce (key alerts.debounce-ms, default 3000; e.g. "
          + "--set alerts.debounce-ms=10000), counted from the first of them, then delivered once as the alert's "
          + "latest state. Its Idempotency-Key is alertId:sequence of that state; the webhook body adds "
          + "coalescedSequences (the transitions it covers, e.g. [2,3,4]) and reopened (true for an OPEN after a "
          + "withdrawal of the same alert; the console says 'reopened after a withdrawal'); the console line ends "
          + "with 'covers #2,#3,#4'. Transitions of one alert read in the same poll are coalesced even with a "
          + "debounce of 0. The topic keeps every transition.",
      "",
      "Flapping guard: a RESOLVED or WITHDRAWN is held like any later transition; when a new alert opens on the "
          + "same country/region/group/metric meanwhile, the end is folded into that OPEN (body field 'replaces', "
          + "console 'after <alertId>#N RESOLVED') instead of paging on its own, whichever of the two is read "
          + "first: an opening read while the previous alert of its series is open here waits for that end (at "
          + "most the debounce) and goes with it. The engine's hysteresis "
          + "(surge.open-score, surge.resolve-score; a series reopens only on a later day, as a new alert) comes "
          + "first.",
      "",
      "Offsets are committed only after an alert was delivered (or skipped as above), never past a held "
          + "transition, so after a crash or Ctrl-C "
          + "the group resumes where it left off and a transition may be delivered again, never lost. A new group "
          + "starts at the end of the topic (at the beginning with --from-beginning, or when the topic was made while "
          + "alerts waited for it) and commits that start at "
          + "once; an existing group resumes from its committed offsets. Progress and errors go to stderr; printed alerts to stdout.",
      "",
      "An alerts topic that does not exist (a misspelt topic.alerts) is waited for up to topics.wait-ms (60 s), then the command "
          + "fails (exit 2) naming it: a follower of a missing topic would deliver nothing and look healthy. So is the topic "
          + "deleted while it is followed (then exit 1).",
      ""
    })
final class AlertsCommand implements Callable<Integer> {
  /**
   * Configuration key of the webhook's bearer token (environment: SURGEWATCH_ALERTS_WEBHOOK_TOKEN).
   */
  static final String TOKEN_KEY = Keys.ALERTS_WEBHOOK_TOKEN;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin ConfigOptions options;

  @Option(
      names = "--webhook",
      paramLabel = "URL",
      description = "Forward each alert to this http(s) URL instead of printing it.")
  String webhook;

  @Option(
      names = "--webhook-token",
      paramLabel = "TOKEN",
      description =
          "Bearer token for the webhook. Prefer the environment variable SURGEWATCH_ALERTS_WEBHOOK_TOKEN "
              + "or the key "
              + TOKEN_KEY
              + " in --config (a flag is visible in the process list).")
  String webhookToken;

  @Option(
      names = "--from-beginning",
      description =
          "A group without committed offsets starts at the earliest alert instead of the end.")
  boolean fromBeginning;

  @Option(
      names = "--group-id",
      paramLabel = "ID",
      defaultValue = AlertFollower.DEFAULT_GROUP,
      description =
          "Consumer group; its committed offsets are where a restart resumes (default: ${DEFAULT-VALUE}).")
  String groupId;

  @Option(
      names = "--max-attempts",
      paramLabel = "N",
      defaultValue = "0",
      description =
          "Webhook attempts per alert before giving up and exiting with status 1, the alert uncommitted "
              + "(default: ${DEFAULT-VALUE}, retry until it succeeds or Ctrl-C).")
  int maxAttempts;

  @Option(
      names = "--webhook-timeout",
      paramLabel = "SECONDS",
      defaultValue = "10",
      description =
          "Connect and response timeout of one webhook attempt (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Override
  public Integer call() throws InterruptedException {
    if (maxAttempts < 0 || timeoutSeconds <= 0) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--max-attempts must be >= 0 and --webhook-timeout > 0");
    }
    final SurgewatchConfig config = options.load();
    final PrintStream log = System.err;
    final AlertSink sink =
        webhook == null ? new ConsolePrinter(System.out) : forwarder(config, log);
    // A consumer waits for an unreachable broker without a word: say so and stop instead.
    Platform.requireBroker(config);
    // A typo in topic.alerts would silence the pager: waited for, then exit 2.
    final AlertFollower follower =
        AlertFollower.onceItsTopicExists(config, groupId, fromBeginning, sink, log);
    log.printf(
        "alerts: following %s as group %s; %s; later transitions of an alert coalesced over %d ms%n",
        follower.topic(),
        groupId,
        webhook == null ? "printing alerts" : "forwarding to " + webhook,
        follower.debounce().toMillis());
    final CountDownLatch finished = new CountDownLatch(1);
    final Thread hook =
        new Thread(
            () -> {
              follower.stop();
              try {
                finished.await(30, TimeUnit.SECONDS);
              } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "surgewatch-alerts-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      follower.run();
    } finally {
      sink.close();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (final IllegalStateException shuttingDown) {
        // Ctrl-C: the hook is what stopped us
      }
      log.printf(
          "alerts: stopped; delivered=%d coalesced=%d skipped=%d undecodable=%d%n",
          follower.delivered(), follower.coalesced(), follower.skipped(), follower.undecodable());
      finished.countDown();
    }
    return 0;
  }

  private WebhookForwarder forwarder(final SurgewatchConfig config, final PrintStream log) {
    final URI url;
    try {
      url = new URI(webhook);
    } catch (final URISyntaxException e) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--webhook: not a URL: " + e.getMessage());
    }
    String token = webhookToken;
    if (token == null) {
      token = config.getOrNull(TOKEN_KEY);
    }
    try {
      return new WebhookForwarder(
          url,
          token,
          Backoff.standard().withMaxAttempts(maxAttempts),
          Duration.ofSeconds(timeoutSeconds),
          log);
    } catch (final IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--webhook: " + e.getMessage());
    }
  }
}
