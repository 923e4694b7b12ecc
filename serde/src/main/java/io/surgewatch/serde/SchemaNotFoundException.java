package io.surgewatch.serde;

/**
 * The subject, or the schema under that subject, is not registered (404 from a lookup or
 * /versions/latest), e.g. with auto.register.schemas=false.
 */
public final class SchemaNotFoundException extends SchemaRegistryException {
  private static final long serialVersionUID = 1L;

  public SchemaNotFoundException(
      final String message, final int status, final int errorCode, final Throwable cause) {
    super(message, status, errorCode, cause);
  }

  @Override
  public SchemaNotFoundException withContext(final String context) {
    return new SchemaNotFoundException(context + ": " + getMessage(), status(), errorCode(), this);
  }
}
