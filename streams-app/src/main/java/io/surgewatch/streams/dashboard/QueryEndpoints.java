package io.surgewatch.streams.dashboard;

import static io.surgewatch.streams.dashboard.QueryParams.alertFilter;
import static io.surgewatch.streams.dashboard.QueryParams.alertKey;
import static io.surgewatch.streams.dashboard.QueryParams.bool;
import static io.surgewatch.streams.dashboard.QueryParams.country;
import static io.surgewatch.streams.dashboard.QueryParams.date;
import static io.surgewatch.streams.dashboard.QueryParams.days;
import static io.surgewatch.streams.dashboard.QueryParams.key;
import static io.surgewatch.streams.dashboard.QueryParams.keys;
import static io.surgewatch.streams.dashboard.QueryParams.limit;
import static io.surgewatch.streams.dashboard.QueryParams.offset;
import static io.surgewatch.streams.dashboard.QueryParams.param;
import static io.surgewatch.streams.dashboard.QueryParams.requiredDate;
import static io.surgewatch.streams.dashboard.QueryParams.value;
import static io.surgewatch.streams.dashboard.Responses.answer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.surgewatch.core.CubeKey;
import io.surgewatch.core.EventJson;
import io.surgewatch.streams.query.DriverQueries;
import io.surgewatch.streams.query.Forwarder;
import io.surgewatch.streams.query.Forwarder.Answer;
import io.surgewatch.streams.query.Forwarder.Hop;
import io.surgewatch.streams.query.KeySpelling;
import io.surgewatch.streams.query.NotFoundException;
import io.surgewatch.streams.query.NotReadyException;
import io.surgewatch.streams.query.QueryService;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.BiFunction;

/**
 * The query API under {@code /api/v1} (see {@code /openapi.json}): each endpoint reads its
 * parameters and answers with its query's JSON, which may have come from the instance that owns the
 * data.
 */
final class QueryEndpoints {
  private final QueryService queries;

  QueryEndpoints(final QueryService queries) {
    this.queries = queries;
  }

  /**
   * Adds the endpoints; {@code /alerts/open} before {@code /alerts/{alertId}}, which would match it
   * too.
   */
  void register(final Javalin app, final DeclaredParameters declared) {
    declared.get(
        app,
        "/api/v1/keys",
        ctx -> answer(ctx, queries.counts().keys(country(value(ctx, "country")), hop(ctx))));
    declared.get(app, "/api/v1/counts", this::counts);
    declared.get(
        app,
        "/api/v1/alerts/open",
        ctx ->
            answer(ctx, notingUnknownKey(ctx, queries.alerts().open(alertFilter(ctx), hop(ctx)))));
    declared.get(
        app,
        "/api/v1/alerts",
        ctx ->
            answer(
                ctx,
                notingUnknownKey(
                    ctx,
                    queries
                        .alerts()
                        .recent(alertFilter(ctx), offset(ctx), limit(ctx, 50), hop(ctx)))));
    declared.get(
        app,
        "/api/v1/alerts/{alertId}",
        ctx -> answer(ctx, queries.alerts().alert(ctx.pathParam("alertId"), hop(ctx))));
    declared.get(
        app,
        "/api/v1/alerts/{alertId}/drivers",
        ctx ->
            answer(
                ctx,
                queries
                    .alerts()
                    .drivers(ctx.pathParam("alertId"), param(ctx, "at", "peak"), hop(ctx))));
    declared.get(app, "/api/v1/drivers", this::drivers);
    // The part of a drivers query each instance answers for its own tasks (instances ask it of each
    // other).
    declared.get(
        app,
        DriverQueries.ROWS_PATH,
        "/api/v1/drivers",
        ctx -> answer(ctx, queries.drivers().rows(driversAsk(ctx), hop(ctx))));
    declared.get(app, "/api/v1/counts/current", this::currentCounts);
    declared.get(
        app,
        "/api/v1/incidents/{id}",
        ctx -> answer(ctx, queries.incidents().incident(ctx.pathParam("id"), hop(ctx))));
    declared.get(app, "/api/v1/statements", this::statements);
    declared.get(
        app,
        "/api/v1/statements/{id}",
        ctx -> answer(ctx, queries.statements().statement(ctx.pathParam("id"), hop(ctx))));
    declared.get(
        app,
        "/api/v1/statement-counts",
        ctx -> answer(ctx, queries.statements().counts(country(value(ctx, "country")), hop(ctx))));
  }

  /** A key's counts over days: {@code /api/v1/counts}. */
  private void counts(final Context ctx) {
    final ParameterProblems problems = new ParameterProblems();
    final KeyAndRange asked = KeyAndRange.read(problems, ctx);
    final Boolean fill = problems.read(() -> bool(ctx, "fill", true));
    problems.throwIfAny();
    final String window = param(ctx, "window", "P30D");
    answer(
        ctx,
        asStored(
            ctx,
            List.of(asked.key()),
            (keys, hop) ->
                queries.counts().series(keys.get(0), window, asked.from(), asked.to(), fill, hop)));
  }

  /** What drove a key's counts: {@code /api/v1/drivers}. */
  private void drivers(final Context ctx) {
    final DriverQueries.Ask ask = driversAsk(ctx);
    answer(
        ctx,
        asStored(
            ctx,
            List.of(ask.key()),
            (keys, hop) ->
                queries
                    .drivers()
                    .ofKey(
                        new DriverQueries.Ask(
                            keys.get(0), ask.metric(), ask.from(), ask.to(), ask.baselineTo()),
                        hop)));
  }

  /** Several keys' latest counts: {@code /api/v1/counts/current}. */
  private void currentCounts(final Context ctx) {
    final ParameterProblems problems = new ParameterProblems();
    final List<CubeKey> asked = problems.read(() -> keys(ctx));
    final Integer days = problems.read(() -> days(ctx));
    problems.throwIfAny();
    answer(ctx, asStored(ctx, asked, (keys, hop) -> queries.counts().current(keys, days, hop)));
  }

  /** Statements about a key: {@code /api/v1/statements}. */
  private void statements(final Context ctx) {
    final ParameterProblems problems = new ParameterProblems();
    final KeyAndRange asked = KeyAndRange.read(problems, ctx);
    final Integer limit = problems.read(() -> limit(ctx, 100));
    problems.throwIfAny();
    answer(ctx, queries.statements().about(asked.key(), asked.from(), asked.to(), limit, hop(ctx)));
  }

  /**
   * An alerts list that names a region or a group and finds no alert says whether any report was
   * counted under that key: a misspelt name ("Talibn") read as "no alerts there". It stays a 200
   * (the dashboard asks for places without reports, as the counts do not), with a {@code note}. The
   * keys are read only for an empty answer; an instance that cannot say leaves no note. A region
   * asked without its country is looked for in every country's keys, as the list matches it. A
   * region of country {@code *}, the rollup itself, whose keys have no region, is always an empty
   * list: its note says so, and where to find the region's alerts, or, when no country has the
   * region either, says that as a region asked without its country does.
   */
  private Answer notingUnknownKey(final Context ctx, final Answer answer) {
    final Hop hop = hop(ctx);
    final CubeKey key = alertKey(ctx);
    if (key == null || hop.forwarded() || answer.status() != 200) {
      return answer;
    }
    try {
      final JsonNode body = EventJson.MAPPER.readTree(answer.body());
      if (!(body instanceof ObjectNode node) || node.path("total").asLong(-1) != 0) {
        return answer;
      }
      final boolean regionAnywhere =
          CubeKey.ALL.equals(key.country()) && !CubeKey.ALL.equals(key.region());
      final boolean counted =
          regionAnywhere
              ? queries.spelling().inSomeCountry(key, hop.authorization())
              : queries.spelling().stored(key, hop.authorization()).isPresent();
      final boolean ofTheRollup =
          regionAnywhere && CubeKey.ALL.equals(country(value(ctx, "country")));
      if (counted && !ofTheRollup) {
        return answer;
      }
      node.put(
          "note", counted ? regionOfTheRollup(ctx.path(), key) : noReport(key, regionAnywhere));
      return new Answer(200, EventJson.MAPPER.writeValueAsString(node));
    } catch (final JsonProcessingException | NotFoundException | NotReadyException e) {
      return answer; // the list as it is rather than no list
    }
  }

  private static String noReport(final CubeKey key, final boolean regionAnywhere) {
    return "no report counted under "
        + String.join(" / ", key.country(), key.region(), key.group())
        + (regionAnywhere ? " in any country" : "")
        + " so far: no alert can be there (GET /api/v1/keys"
        + (regionAnywhere
            ? ""
            : "?country=" + URLEncoder.encode(key.country(), StandardCharsets.UTF_8))
        + " lists the keys there are)";
  }

  private static String regionOfTheRollup(final String path, final CubeKey key) {
    return "country * is the rollup of all countries, whose keys have no region (a region is"
        + " counted within its country), so no alert can be under "
        + String.join(" / ", key.country(), key.region(), key.group())
        + ": GET "
        + path
        + "?region="
        + queryValue(key.region())
        + (CubeKey.ALL.equals(key.group()) ? "" : "&group=" + queryValue(key.group()))
        + " lists the region's alerts in any country";
  }

  private static String queryValue(final String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /**
   * The answer of a query of cube keys; when the counts hold none of a key as it was asked, the
   * answer for the key they hold in another writing ({@link KeySpelling}: "rsf/janjaweed" for
   * "RSF/Janjaweed"), as if the request had named it. An instance this request was forwarded to
   * answers as asked: the instance it reached first has spelled its keys already.
   */
  private Answer asStored(
      final Context ctx,
      final List<CubeKey> keys,
      final BiFunction<List<CubeKey>, Hop, Answer> query) {
    final Hop hop = hop(ctx);
    final Answer answer;
    try {
      answer = query.apply(keys, hop);
    } catch (final NotFoundException e) {
      return respelled(ctx, keys, query, hop, e);
    }
    return answer.status() == 404 && !hop.forwarded()
        ? respelled(ctx, keys, query, hop, NotFoundException.of(answer))
        : answer;
  }

  private Answer respelled(
      final Context ctx,
      final List<CubeKey> keys,
      final BiFunction<List<CubeKey>, Hop, Answer> query,
      final Hop hop,
      final NotFoundException notFound) {
    if (hop.forwarded()) {
      throw notFound;
    }
    final List<CubeKey> stored =
        keys.stream()
            .map(k -> queries.spelling().stored(k, hop.authorization()).orElse(k))
            .toList();
    if (stored.equals(keys)) {
      throw notFound;
    }
    return query.apply(stored, hopNaming(ctx, stored));
  }

  /** This request as if it had named these keys (for the instance that owns them). */
  private static Hop hopNaming(final Context ctx, final List<CubeKey> keys) {
    final Map<String, List<String>> params = new LinkedHashMap<>(ctx.queryParamMap());
    if (params.containsKey("key")) {
      params.put("key", keys.stream().map(CubeKey::id).toList());
    } else {
      final CubeKey key = keys.get(0);
      params.put("country", List.of(key.country()));
      params.put("region", List.of(key.region()));
      params.put("group", List.of(key.group()));
    }
    final StringJoiner query = new StringJoiner("&", ctx.path() + "?", "");
    params.forEach(
        (name, values) ->
            values.forEach(
                v ->
                    query.add(
                        URLEncoder.encode(name, StandardCharsets.UTF_8)
                            + "="
                            + URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20"))));
    return Hop.of(query.toString(), ctx.header("Authorization"), ctx.header(Forwarder.HEADER));
  }

  /** The request as it reached us, to forward unchanged to the instance that owns the data. */
  private static Hop hop(final Context ctx) {
    final String query = ctx.queryString();
    return Hop.of(
        ctx.path() + (query == null || query.isEmpty() ? "" : "?" + query),
        ctx.header("Authorization"),
        ctx.header(Forwarder.HEADER));
  }

  /** A query's key and its optional range of days, each problem noted in {@code problems}. */
  private record KeyAndRange(CubeKey key, LocalDate from, LocalDate to) {
    static KeyAndRange read(final ParameterProblems problems, final Context ctx) {
      final CubeKey key = problems.read(() -> QueryParams.key(ctx));
      final LocalDate from = problems.read(() -> date(ctx, "from"));
      final LocalDate to = problems.read(() -> date(ctx, "to"));
      problems.range(from, to);
      return new KeyAndRange(key, from, to);
    }
  }

  /** Every parameter is read before any is refused: the 400 names each one missing or invalid. */
  private static DriverQueries.Ask driversAsk(final Context ctx) {
    final ParameterProblems problems = new ParameterProblems();
    final CubeKey key = problems.read(() -> key(ctx));
    final String metric =
        problems.read(() -> DriverQueries.Ask.metric(param(ctx, "metric", "killed")));
    final LocalDate from = problems.read(() -> requiredDate(ctx, "from"));
    final LocalDate to = problems.read(() -> requiredDate(ctx, "to"));
    problems.range(from, to);
    final LocalDate baselineTo = problems.read(() -> date(ctx, "baselineTo"));
    // The baseline is what the window is compared against: one that reaches into the window or past
    // it would make excess and share meaningless, not merely different.
    if (from != null && baselineTo != null && !baselineTo.isBefore(from)) {
      problems.add(
          "'baselineTo' ("
              + baselineTo
              + ") must be before 'from' ("
              + from
              + "): the baseline ends before the window it is compared with");
    }
    problems.throwIfAny();
    return new DriverQueries.Ask(key, metric, from, to, baselineTo);
  }
}
