package io.surgewatch.serde;

/** The registry has no schema with the id found in a record (404 from /schemas/ids/{id}). */
public final class UnknownSchemaIdException extends SchemaRegistryException {
  private static final long serialVersionUID = 1L;

  public UnknownSchemaIdException(
      final String message, final int status, final int errorCode, final Throwable cause) {
    super(message, status, errorCode, cause);
  }

  @Override
  public UnknownSchemaIdException withContext(final String context) {
    return new UnknownSchemaIdException(context + ": " + getMessage(), status(), errorCode(), this);
  }
}
