package io.surgewatch.serde;

/** The registry refused a schema as incompatible with the subject's earlier versions (409). */
public final class IncompatibleSchemaException extends SchemaRegistryException {
  private static final long serialVersionUID = 1L;

  public IncompatibleSchemaException(
      final String message, final int status, final int errorCode, final Throwable cause) {
    super(message, status, errorCode, cause);
  }

  @Override
  public IncompatibleSchemaException withContext(final String context) {
    return new IncompatibleSchemaException(
        context + ": " + getMessage(), status(), errorCode(), this);
  }
}
