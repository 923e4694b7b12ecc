package io.surgewatch.serde;

/** No answer from the registry (connection refused, timeout, I/O error) after every retry. */
public final class RegistryUnreachableException extends SchemaRegistryException {
  private static final long serialVersionUID = 1L;

  public RegistryUnreachableException(
      final String message, final int status, final int errorCode, final Throwable cause) {
    super(message, status, errorCode, cause);
  }

  @Override
  public RegistryUnreachableException withContext(final String context) {
    return new RegistryUnreachableException(
        context + ": " + getMessage(), status(), errorCode(), this);
  }
}
