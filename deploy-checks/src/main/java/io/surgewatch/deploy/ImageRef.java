package io.surgewatch.deploy;

import java.util.Locale;
import java.util.regex.Pattern;

/** A container image reference: {@code [registry[:port]/]path[:tag][@sha256:digest]}. */
record ImageRef(String name, String tag, String digest) {
  private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

  static ImageRef parse(final String reference) {
    String rest = reference.trim();
    String digest = null;
    final int at = rest.indexOf('@');
    if (at >= 0) {
      digest = rest.substring(at + 1);
      rest = rest.substring(0, at);
    }
    String tag = null;
    final int colon = rest.lastIndexOf(':');
    if (colon > rest.lastIndexOf('/')) {
      tag = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
    }
    return new ImageRef(rest, tag, digest);
  }

  /** Pinned: a valid sha256 digest, or a tag that is not {@code latest}. */
  boolean pinned() {
    if (digest != null) {
      return DIGEST.matcher(digest).matches();
    }
    return tag != null && !tag.isBlank() && !tag.toLowerCase(Locale.ROOT).equals("latest");
  }

  /**
   * The last path segment of the name: {@code surgewatch} for {@code
   * registry.example.com/x/surgewatch:1}.
   */
  String simpleName() {
    return name.substring(name.lastIndexOf('/') + 1);
  }

  String why() {
    if (digest != null && !DIGEST.matcher(digest).matches()) {
      return "malformed digest '" + digest + "'";
    }
    return tag == null ? "no tag (means latest)" : "tag '" + tag + "' moves";
  }
}
