package io.surgewatch.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A schema registry answered with an error, or could not be reached. The subclasses name the cases
 * a caller may want to tell apart; {@link #status()} and {@link #errorCode()} carry the registry's
 * own codes (HTTP status and Confluent {@code error_code}), or -1 when there was no answer.
 */
public class SchemaRegistryException extends SerializationException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final int errorCode;

  public SchemaRegistryException(
      final String message, final int status, final int errorCode, final Throwable cause) {
    super(message, cause);
    this.status = status;
    this.errorCode = errorCode;
  }

  public int status() {
    return status;
  }

  public int errorCode() {
    return errorCode;
  }

  /**
   * The same error with {@code context} (topic, subject) in front of the message. The registry
   * client does not know which topic it serves, the serializer does; it adds it here, keeping the
   * exception's type.
   */
  public SchemaRegistryException withContext(final String context) {
    return new SchemaRegistryException(context + ": " + getMessage(), status, errorCode, this);
  }

  /**
   * Whether the registry was away, not wrong, anywhere in {@code e}'s cause chain: unreachable
   * after every retry, or answering 5xx or 429. Worth waiting out; any other answer is final.
   */
  public static boolean registryAwayIn(final Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof RegistryUnreachableException) {
        return true;
      }
      if (t instanceof SchemaRegistryException r && (r.status() >= 500 || r.status() == 429)) {
        return true;
      }
    }
    return false;
  }
}
