package io.surgewatch.inputs;

/**
 * The input as a whole cannot be read: unreadable file, missing header or required columns. Names
 * the file.
 */
public final class InputFileException extends RuntimeException {
  public InputFileException(final String message) {
    super(message);
  }

  public InputFileException(final String message, final Throwable cause) {
    super(message, cause);
  }
}
