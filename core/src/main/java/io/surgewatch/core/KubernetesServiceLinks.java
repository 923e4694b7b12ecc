package io.surgewatch.core;

import java.util.regex.Pattern;

/**
 * The environment variables Kubernetes injects into a pod for every service of its namespace
 * ("service links"): a service named {@code surgewatch-dashboard} gives {@code
 * SURGEWATCH_DASHBOARD_SERVICE_HOST}, {@code SURGEWATCH_DASHBOARD_SERVICE_PORT}, {@code
 * SURGEWATCH_DASHBOARD_SERVICE_PORT_HTTP}, {@code SURGEWATCH_DASHBOARD_PORT=tcp://10.0.0.7:8080}
 * and {@code SURGEWATCH_DASHBOARD_PORT_8080_TCP[_PROTO|_PORT| _ADDR]}. They carry the prefix of
 * Surgewatch's variables but are no settings: taken for misspelt keys they would crash-loop the
 * pod, and {@code SURGEWATCH_DASHBOARD_PORT} would set dashboard.port to a URL. They are ignored
 * (the manifests under deploy/ also set {@code enableServiceLinks: false}, so they are not even
 * injected there).
 */
final class KubernetesServiceLinks {
  private KubernetesServiceLinks() {}

  private static final Pattern NAME =
      Pattern.compile(
          "[A-Z0-9_]+_(SERVICE_HOST|SERVICE_PORT(_[A-Z0-9_]+)?|PORT_\\d+_(TCP|UDP|SCTP)(_PROTO|_PORT|_ADDR)?)");

  /**
   * {@code X_PORT=tcp://10.0.0.7:8080}: the one form whose name can be a real setting's
   * (dashboard.port).
   */
  private static final Pattern PORT_URL = Pattern.compile("(tcp|udp|sctp)://[^:/]+:\\d+");

  static boolean isServiceLink(final String variable, final String value) {
    return NAME.matcher(variable).matches()
        || variable.endsWith("_PORT") && value != null && PORT_URL.matcher(value.trim()).matches();
  }
}
