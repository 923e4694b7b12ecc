package io.surgewatch.serde;

/** The registry refused a schema as invalid (422). */
public final class InvalidSchemaException extends SchemaRegistryException {
  private static final long serialVersionUID = 1L;

  public InvalidSchemaException(
      final String message, final int status, final int errorCode, final Throwable cause) {
    super(message, status, errorCode, cause);
  }

  @Override
  public InvalidSchemaException withContext(final String context) {
    return new InvalidSchemaException(context + ": " + getMessage(), status(), errorCode(), this);
  }
}
