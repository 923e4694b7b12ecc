package io.surgewatch.streams.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The incident API links a source only when its URL is an absolute http(s) URL. */
class QueryServiceLinkTest {
  @Test
  void onlyHttpAndHttpsLinks() {
    assertEquals("https://example.org/a?b=1&c=2", QueryService.safeLink("https://example.org/a?b=1&c=2"));
    assertEquals("http://example.org/", QueryService.safeLink(" http://example.org/ "));
    assertNull(QueryService.safeLink("javascript:alert(1)"));
    assertNull(QueryService.safeLink("JAVASCRIPT:alert(1)"));
    assertNull(QueryService.safeLink("data:text/html,<script>alert(1)</script>"));
    assertNull(QueryService.safeLink("/relative/path"));
    assertNull(QueryService.safeLink("not a url"));
    assertNull(QueryService.safeLink(null));
  }
}
