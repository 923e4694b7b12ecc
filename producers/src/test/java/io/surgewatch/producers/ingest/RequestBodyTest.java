package io.surgewatch.producers.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which Content-Types the ingest API reads, and as what. */
class RequestBodyTest {

  @Test
  void jsonAndNdjsonWhateverTheParametersAndLetterCase() {
    assertEquals(Optional.of(RequestBody.Format.JSON), RequestBody.Format.of("application/json"));
    assertEquals(
        Optional.of(RequestBody.Format.JSON),
        RequestBody.Format.of(" Application/JSON ; charset=utf-8"));
    assertEquals(
        Optional.of(RequestBody.Format.NDJSON), RequestBody.Format.of("application/x-ndjson"));
    assertEquals(
        Optional.of(RequestBody.Format.NDJSON),
        RequestBody.Format.of("application/ndjson;charset=UTF-8"));
  }

  @Test
  void anythingElseIsNotAccepted() {
    assertEquals(Optional.empty(), RequestBody.Format.of(null));
    assertEquals(Optional.empty(), RequestBody.Format.of(""));
    assertEquals(Optional.empty(), RequestBody.Format.of("text/plain"));
    assertEquals(Optional.empty(), RequestBody.Format.of("application/problem+json"));
  }
}
