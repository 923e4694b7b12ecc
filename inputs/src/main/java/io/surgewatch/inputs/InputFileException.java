package io.surgewatch.inputs;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

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

  /**
   * {@code file} could not be read: says why in words (the JDK's file exceptions carry only the
   * path as their message, which would repeat it).
   */
  static InputFileException cannotRead(final Object file, final IOException e) {
    final String why =
        e instanceof NoSuchFileException
            ? "no such file"
            : e instanceof AccessDeniedException
                ? "permission denied"
                : e instanceof FileSystemException f && f.getReason() != null
                    ? f.getReason()
                    : e.getMessage();
    return new InputFileException("cannot read input file " + file + ": " + why, e);
  }
}
