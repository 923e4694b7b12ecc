package io.surgewatch.core;

import java.util.List;
import java.util.stream.Collectors;

/** An input record is invalid; {@link #errors()} names every offending field. */
public final class InvalidEventException extends RuntimeException {
  private final List<FieldError> errors;

  public InvalidEventException(final List<FieldError> errors) {
    super(errors.stream().map(FieldError::toString).collect(Collectors.joining("; ")));
    this.errors = List.copyOf(errors);
  }

  public List<FieldError> errors() {
    return errors;
  }

  /** The first offending field, for the dead-letter record's single field slot. */
  public String firstField() {
    return errors.isEmpty() ? null : errors.get(0).field();
  }
}
