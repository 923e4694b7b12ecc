package io.surgewatch.core;

import io.surgewatch.serde.SchemaRegistryException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.errors.RetriableException;

/**
 * A failure that is an outage, not a bug: worth waiting out. The broker away (anything Kafka calls
 * retriable: its TimeoutException, NotEnoughReplicas, a disconnect, ...; or a wait for it timed
 * out) or the registry away ({@link SchemaRegistryException#registryAwayIn}), anywhere in the cause
 * chain. The streams app's failure policy and the ingest service's 503s tell outages by it.
 */
public final class Outage {
  private Outage() {}

  public static boolean in(final Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof RetriableException || t instanceof TimeoutException) {
        return true;
      }
    }
    return SchemaRegistryException.registryAwayIn(e);
  }
}
