package io.surgewatch.streams.topology;

import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.StoreBuilder;

/** Runs a processor's step before every commit ({@link PreCommitStore}). */
final class CommitHook extends PreCommitStore {
  private Runnable step = () -> {};

  private CommitHook(final String name) {
    super(name);
  }

  static StoreBuilder<CommitHook> builder(final String name) {
    return PreCommitStore.builder(name, CommitHook::new);
  }

  /** Runs {@code step} before every commit, as the processor of {@code context}: from its init. */
  void onCommit(final ProcessorContext<?, ?> context, final Runnable step) {
    connect(context);
    this.step = step;
  }

  @Override
  void beforeCommit() {
    step.run();
  }

  @Override
  void discard() {
    // Holds nothing: the processor's step is set again by its init.
  }
}
