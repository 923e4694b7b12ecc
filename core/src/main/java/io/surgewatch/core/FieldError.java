package io.surgewatch.core;

/**
 * One thing wrong with an input record: the field path (null when the record as a whole) and why.
 */
public record FieldError(String field, String message) {
  @Override
  public String toString() {
    return field == null ? message : field + ": " + message;
  }
}
