package io.surgewatch.streams.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The incident API links a source only when its URL is an absolute http(s) URL. */
class IncidentQueriesLinkTest {
  @Test
  void onlyHttpAndHttpsLinks() {
    assertEquals(
        "https://example.org/a?b=1&c=2", IncidentQueries.safeLink("https://example.org/a?b=1&c=2"));
    assertEquals("http://example.org/", IncidentQueries.safeLink(" http://example.org/ "));
    assertNull(IncidentQueries.safeLink("javascript:alert(1)"));
    assertNull(IncidentQueries.safeLink("JAVASCRIPT:alert(1)"));
    assertNull(IncidentQueries.safeLink("data:text/html,<script>alert(1)</script>"));
    assertNull(IncidentQueries.safeLink("/relative/path"));
    assertNull(IncidentQueries.safeLink("not a url"));
    assertNull(IncidentQueries.safeLink(null));
  }
}
