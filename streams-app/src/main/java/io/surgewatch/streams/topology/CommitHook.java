package io.surgewatch.streams.topology;

import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * Runs a processor's step before every commit ({@link PreCommitStore}), and drops what the step
 * would have sent when the task is closed or re-initialised without committing.
 */
final class CommitHook extends PreCommitStore {
  private Runnable step = () -> {};
  private Runnable drop = () -> {};

  private CommitHook(final String name) {
    super(name);
  }

  static StoreBuilder<CommitHook> builder(final String name) {
    return PreCommitStore.builder(name, CommitHook::new);
  }

  /** Runs {@code step} before every commit, as the processor of {@code context}: from its init. */
  void onCommit(final ProcessorContext<?, ?> context, final Runnable step) {
    onCommit(context, step, () -> {});
  }

  /**
   * Runs {@code step} before every commit, and {@code drop} when the task's stores are closed or
   * initialised again: whatever {@code step} has not sent by then (a dirty close after a commit's
   * preparation failed part-way) belongs to a transaction that does not commit, and its input is
   * read again.
   */
  void onCommit(final ProcessorContext<?, ?> context, final Runnable step, final Runnable drop) {
    connect(context);
    this.step = step;
    this.drop = drop;
  }

  @Override
  void beforeCommit() {
    step.run();
  }

  @Override
  void discard() {
    drop.run(); // the processor's step is set again by its init
  }
}
