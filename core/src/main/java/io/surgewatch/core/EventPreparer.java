package io.surgewatch.core;

import io.surgewatch.events.v1.Casualties;
import io.surgewatch.events.v1.IncidentEvent;
import io.surgewatch.events.v1.PerpetratorGroup;
import io.surgewatch.events.v1.Source;
import io.surgewatch.events.v1.StatementEvent;
import io.surgewatch.events.v1.StatementSubject;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/**
 * Canonicalises and validates events, the same way in every producer and in the streams app (which
 * re-checks, because anything may write to an input topic). Returns the canonical event or throws
 * {@link InvalidEventException} naming every offending field.
 */
public final class EventPreparer {

  /**
   * The country of a retraction whose country is unknown (ACLED's deletion list gives only the
   * event id, whose prefix is not always a country code): ZZ, a user-assigned ISO 3166-1 code that
   * no country has. Accepted only when {@code retracted} is true: a retraction's country is never
   * counted (only the counted report's is).
   */
  public static final String UNKNOWN_RETRACTED_COUNTRY = "ZZ";

  /**
   * The longest event id, in characters: far beyond any source's (ACLED's {@code PAK12345}, a
   * statement's {@code ST-2023-01-04-price}), short enough that the alerts and stores that carry
   * ids stay far below the broker's record limit.
   */
  public static final int MAX_ID_CHARS = 1_000;

  /**
   * The earliest incident day and statement time taken: before it is a mistyped year ({@code
   * 0023-01-31} for 2023), not a record of the data's times.
   */
  private static final LocalDate EARLIEST = LocalDate.of(1900, 1, 1);

  private final Canonicalizer names;
  private final Clock clock;

  public EventPreparer(final Canonicalizer names, final Clock clock) {
    this.names = names;
    this.clock = clock;
  }

  public static EventPreparer standard() {
    return new EventPreparer(Canonicalizer.standard(), Clock.systemUTC());
  }

  /**
   * "Not in the future" means not after tomorrow in UTC: an incident's local day can be ahead of
   * UTC.
   */
  private LocalDate latestAllowedDay() {
    return LocalDate.ofEpochDay(UtcDays.of(clock.millis()) + 1);
  }

  /**
   * The record of a JSON form without errors. Otherwise throws every problem at once: the form's
   * errors, and those the checks of {@link #incident} and {@link #statement} find in the fields
   * whose form was right (a caller fixes a record in one round trip, not one per kind of error).
   */
  public <T extends SpecificRecord> T whole(final EventJson.Partial<T> partial) {
    if (partial.errors().isEmpty()) {
      return partial.record();
    }
    final List<FieldError> all = new ArrayList<>(partial.errors());
    try {
      if (partial.record() instanceof IncidentEvent incident) {
        incident(incident);
      } else if (partial.record() instanceof StatementEvent statement) {
        statement(statement);
      }
    } catch (final InvalidEventException e) {
      e.errors().stream().filter(error -> !partial.standsIn(error)).forEach(all::add);
    }
    throw new InvalidEventException(all);
  }

  public IncidentEvent incident(final IncidentEvent in) {
    final List<FieldError> errors = new ArrayList<>();
    checkId(in.getId(), errors);
    final Optional<String> country =
        in.getRetracted() && names.country(in.getCountry()).isEmpty()
            ? Optional.of(UNKNOWN_RETRACTED_COUNTRY)
            : names.country(in.getCountry());
    if (country.isEmpty()) {
      errors.add(
          new FieldError(
              "country",
              "unknown country '"
                  + in.getCountry()
                  + "': expected an ISO 3166-1 alpha-2 code such as PK"));
    }
    final LocalDate day = in.getOccurredOn();
    if (day.isAfter(latestAllowedDay())) {
      errors.add(new FieldError("occurredOn", day + " is in the future (after tomorrow, UTC)"));
    } else if (day.isBefore(EARLIEST)) {
      errors.add(new FieldError("occurredOn", day + " is before " + EARLIEST));
    }
    final Instant reportedAt = in.getReportedAt();
    if (reportedAt.isAfter(
        latestAllowedDay().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant())) {
      errors.add(new FieldError("reportedAt", reportedAt + " is in the future"));
    } else if (day.toEpochDay() > UtcDays.of(reportedAt.toEpochMilli()) + 1) {
      errors.add(
          new FieldError("occurredOn", day + " is after the report itself (" + reportedAt + ")"));
    }
    if (in.getRevision() < 0) {
      errors.add(new FieldError("revision", "must not be negative"));
    }
    checkCasualties("killed", in.getKilled(), errors);
    checkCasualties("injured", in.getInjured(), errors);
    if (in.getLatitude() != null
        && (in.getLatitude() < -90 || in.getLatitude() > 90 || in.getLatitude().isNaN())) {
      errors.add(new FieldError("latitude", in.getLatitude() + " is outside -90..90"));
    }
    if (in.getLongitude() != null
        && (in.getLongitude() < -180 || in.getLongitude() > 180 || in.getLongitude().isNaN())) {
      errors.add(new FieldError("longitude", in.getLongitude() + " is outside -180..180"));
    }
    if (in.getSource() == null
        || in.getSource().getName() == null
        || in.getSource().getName().isBlank()) {
      errors.add(new FieldError("source.name", "must not be blank"));
    }
    checkUrl(in.getSource(), errors);
    if (in.getRegion() != null && ShardKeys.whyNotAKeyPart(in.getRegion()) != null) {
      errors.add(new FieldError("region", ShardKeys.whyNotAKeyPart(in.getRegion())));
    }
    for (int i = 0; i < in.getGroups().size(); i++) {
      final String name = in.getGroups().get(i).getName();
      if (name == null || name.isBlank()) {
        errors.add(new FieldError("groups[" + i + "].name", "must not be blank"));
      } else if (ShardKeys.whyNotAKeyPart(name) != null) {
        errors.add(new FieldError("groups[" + i + "].name", ShardKeys.whyNotAKeyPart(name)));
      }
    }
    if (!errors.isEmpty()) {
      throw new InvalidEventException(errors);
    }
    final String cc = country.get();
    // A shallow copy, field by field: the builder's deep copy of every nested record was a sixth of
    // a backtest's reading time, and the nested records are not changed here.
    final IncidentEvent out = new IncidentEvent();
    for (int i = 0; i < IncidentEvent.getClassSchema().getFields().size(); i++) {
      out.put(i, in.get(i));
    }
    out.setId(in.getId().trim());
    out.setCountry(cc);
    out.setRegion(
        in.getRegion() == null || in.getRegion().isBlank()
            ? null
            : names.region(cc, in.getRegion()));
    out.setGroups(canonicalGroups(cc, in.getGroups()));
    return out;
  }

  /**
   * Canonical names, one entry per group (the firmest attribution wins when aliases of one group
   * repeat).
   */
  private List<PerpetratorGroup> canonicalGroups(
      final String country, final List<PerpetratorGroup> groups) {
    final Map<String, PerpetratorGroup> byName = new LinkedHashMap<>();
    for (final PerpetratorGroup g : groups) {
      final String name = names.group(country, g.getName());
      final PerpetratorGroup previous = byName.get(name);
      if (previous == null || g.getAttribution().ordinal() < previous.getAttribution().ordinal()) {
        byName.put(name, new PerpetratorGroup(name, g.getAttribution()));
      }
    }
    return new ArrayList<>(byName.values());
  }

  /** A statement's regions or groups, as an incident's: none the rollup marker or with a '|'. */
  private static void keyParts(
      final String field, final List<String> names, final List<FieldError> errors) {
    for (int i = 0; i < names.size(); i++) {
      final String why = ShardKeys.whyNotAKeyPart(names.get(i));
      if (why != null) {
        errors.add(new FieldError(field + "[" + i + "]", why));
      }
    }
  }

  private static void checkCasualties(
      final String field, final Casualties c, final List<FieldError> errors) {
    check(field + ".securityForces", c.getSecurityForces(), errors);
    check(field + ".civilians", c.getCivilians(), errors);
    check(field + ".militants", c.getMilitants(), errors);
    check(field + ".unknown", c.getUnknown(), errors);
    if (c.getLow() != null) {
      check(field + ".low", c.getLow(), errors);
    }
    if (c.getHigh() != null) {
      check(field + ".high", c.getHigh(), errors);
    }
    if (c.getLow() != null && c.getHigh() != null && c.getLow() > c.getHigh()) {
      errors.add(
          new FieldError(
              field + ".low", "low estimate " + c.getLow() + " exceeds high " + c.getHigh()));
    }
  }

  /**
   * A source link is what dashboards render as a link: an absolute http(s) URL, never javascript:
   * or data:.
   */
  private static void checkUrl(final Source source, final List<FieldError> errors) {
    final String url = source == null ? null : source.getUrl();
    if (url == null || url.isBlank()) {
      return; // no link
    }
    try {
      final URI uri = new URI(url.trim());
      final String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
        errors.add(
            new FieldError(
                "source.url", "must be an absolute http or https URL, got '" + url + "'"));
      }
    } catch (final URISyntaxException e) {
      errors.add(new FieldError("source.url", "not a URL: " + e.getReason() + " in '" + url + "'"));
    }
  }

  private static void checkId(final String id, final List<FieldError> errors) {
    if (id == null || id.isBlank()) {
      errors.add(new FieldError("id", "must not be blank"));
    } else if (id.length() > MAX_ID_CHARS) {
      errors.add(
          new FieldError(
              "id",
              "an id of "
                  + id.length()
                  + " characters, longer than the "
                  + MAX_ID_CHARS
                  + " an id may be: '"
                  + id.substring(0, 40)
                  + "\u2026'"));
    } else if (ProgressMarkers.KEY.equals(id)) {
      errors.add(new FieldError("id", "'" + id + "' is reserved for progress markers"));
    }
  }

  private static void check(final String field, final int value, final List<FieldError> errors) {
    if (value < 0) {
      errors.add(new FieldError(field, "must not be negative, got " + value));
    }
  }

  public StatementEvent statement(final StatementEvent in) {
    final List<FieldError> errors = new ArrayList<>();
    checkId(in.getId(), errors);
    if (in.getSpeaker().getName() == null || in.getSpeaker().getName().isBlank()) {
      errors.add(new FieldError("speaker.name", "must not be blank"));
    }
    if (in.getQuote() == null || in.getQuote().isBlank()) {
      errors.add(new FieldError("quote", "must not be blank"));
    }
    checkUrl(in.getSource(), errors);
    if (in.getMadeAt()
        .isAfter(latestAllowedDay().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant())) {
      errors.add(new FieldError("madeAt", in.getMadeAt() + " is in the future"));
    } else if (in.getMadeAt().isBefore(EARLIEST.atStartOfDay(ZoneOffset.UTC).toInstant())) {
      errors.add(new FieldError("madeAt", in.getMadeAt() + " is before " + EARLIEST));
    }
    String speakerCountry = in.getSpeaker().getCountry();
    if (speakerCountry != null && !speakerCountry.isBlank()) {
      final Optional<String> cc = names.country(speakerCountry);
      if (cc.isEmpty()) {
        errors.add(new FieldError("speaker.country", "unknown country '" + speakerCountry + "'"));
      } else {
        speakerCountry = cc.get();
      }
    }
    final List<String> countries = new ArrayList<>();
    final List<String> about = in.getAbout().getCountries();
    for (int i = 0; i < about.size(); i++) {
      final Optional<String> cc = names.country(about.get(i));
      if (cc.isEmpty()) {
        errors.add(
            new FieldError("about.countries[" + i + "]", "unknown country '" + about.get(i) + "'"));
      } else if (!countries.contains(cc.get())) {
        countries.add(cc.get());
      }
    }
    keyParts("about.regions", in.getAbout().getRegions(), errors);
    keyParts("about.groups", in.getAbout().getGroups(), errors);
    if (!errors.isEmpty()) {
      throw new InvalidEventException(errors);
    }
    final String firstCountry = countries.isEmpty() ? "" : countries.get(0);
    final List<String> regions =
        in.getAbout().getRegions().stream()
            .map(r -> names.region(firstCountry, r))
            .distinct()
            .toList();
    final List<String> groups =
        in.getAbout().getGroups().stream().map(names::group).distinct().toList();
    final StatementSubject subject =
        StatementSubject.newBuilder(in.getAbout())
            .setCountries(countries)
            .setRegions(new ArrayList<>(regions))
            .setGroups(new ArrayList<>(groups))
            .build();
    final StatementEvent.Builder out =
        StatementEvent.newBuilder(in).setId(in.getId().trim()).setAbout(subject);
    out.getSpeakerBuilder().setCountry(speakerCountry);
    return out.build();
  }
}
