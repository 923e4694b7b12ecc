package io.surgewatch.streams.engine;

import io.surgewatch.events.v1.AlertStatus;
import io.surgewatch.events.v1.StatementContext;
import io.surgewatch.events.v1.StatementEvent;
import io.surgewatch.events.v1.SurgeAlert;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Stage 3: turns alert transitions into stories. Each alert gets the recent statements about its country, region or
 * group (who said what, and when), and the ids of the other open alerts on overlapping keys (its rollups and
 * drill-downs: PK/Khyber Pakhtunkhwa/* is told about PK/*\/* and *\/*\/TTP), so a duty officer sees one story,
 * not ten pages. Alerts are rare and statements few, so one task sees them all.
 */
public final class AlertStories {

  /** The stage's state: statements by id and the currently open alerts by id. */
  public interface Store {
    void putStatement(StatementEvent s);

    void removeStatement(String id);

    Iterable<StatementEvent> statements();

    void putOpenAlert(SurgeAlert a);

    void removeOpenAlert(String alertId);

    Iterable<SurgeAlert> openAlerts();
  }

  static final int MAX_STATEMENTS = 5;
  private final Store store;
  private final int contextDays;
  private final int retentionDays;

  public AlertStories(final Store store, final int contextDays, final int retentionDays) {
    this.store = store;
    this.contextDays = contextDays;
    this.retentionDays = retentionDays;
  }

  public void statement(final StatementEvent s) {
    store.putStatement(s);
    // Keep statements only while an alert could still cite them (its window reaches back that far).
    final long horizon = s.getMadeAt().atZone(ZoneOffset.UTC).toLocalDate().toEpochDay() - retentionDays;
    final List<String> old = new ArrayList<>();
    for (final StatementEvent e : store.statements()) {
      if (e.getMadeAt().atZone(ZoneOffset.UTC).toLocalDate().toEpochDay() < horizon) {
        old.add(e.getId());
      }
    }
    old.forEach(store::removeStatement);
  }

  /** Enriches an alert transition and hands it on. */
  public void alert(final SurgeAlert alert, final BiConsumer<String, SurgeAlert> out) {
    final int day = (int) alert.getWindowEnd().toEpochDay();
    final List<StatementEvent> hits = new ArrayList<>();
    for (final StatementEvent s : store.statements()) {
      if (matches(s, alert.getCountry(), alert.getRegion(), alert.getGroup(), day, contextDays)) {
        hits.add(s);
      }
    }
    final List<String> related = new ArrayList<>();
    for (final SurgeAlert other : store.openAlerts()) {
      if (!other.getAlertId().equals(alert.getAlertId()) && overlaps(alert, other)) {
        related.add(other.getAlertId());
      }
    }
    related.sort(null);
    final SurgeAlert enriched = SurgeAlert.newBuilder(alert)
        .setStatements(new ArrayList<>(select(hits)))
        .setRelatedAlertIds(related)
        .build();
    if (alert.getStatus() == AlertStatus.OPEN || alert.getStatus() == AlertStatus.ESCALATED) {
      store.putOpenAlert(enriched);
    } else {
      store.removeOpenAlert(alert.getAlertId());
    }
    out.accept(enriched.getAlertId(), enriched);
  }

  /** Two cube keys overlap when, in every dimension, they are equal or one of them is the * rollup. */
  static boolean overlaps(final SurgeAlert a, final SurgeAlert b) {
    return compatible(a.getCountry(), b.getCountry()) && compatible(a.getRegion(), b.getRegion())
        && compatible(a.getGroup(), b.getGroup())
        && !a.getWindowStart().isAfter(b.getWindowEnd()) && !b.getWindowStart().isAfter(a.getWindowEnd());
  }

  private static boolean compatible(final String x, final String y) {
    return x.equals(y) || Contribution.ALL.equals(x) || Contribution.ALL.equals(y);
  }

  static boolean matches(final StatementEvent s, final String country, final String region, final String group,
      final int day, final int days) {
    final LocalDate made = s.getMadeAt().atZone(ZoneOffset.UTC).toLocalDate();
    if (made.toEpochDay() > day || made.toEpochDay() <= day - days) {
      return false;
    }
    if (Contribution.ALL.equals(country) && Contribution.ALL.equals(region) && Contribution.ALL.equals(group)) {
      return true; // a surge everywhere: every statement of the period is context
    }
    // A statement is about the alert when it names what the alert names: "*" is no match (a statement about
    // Nigeria alone says nothing of a TTP surge, though the TTP alert covers every country).
    final boolean countryMatch = !Contribution.ALL.equals(country) && s.getAbout().getCountries().contains(country);
    final boolean regionMatch = !Contribution.ALL.equals(region) && s.getAbout().getRegions().contains(region);
    final boolean groupMatch = !Contribution.ALL.equals(group) && s.getAbout().getGroups().contains(group);
    return countryMatch || regionMatch || groupMatch;
  }

  /** The most recent few, newest first. */
  static List<StatementContext> select(final List<StatementEvent> hits) {
    return hits.stream()
        .sorted(Comparator.comparing(StatementEvent::getMadeAt).reversed().thenComparing(StatementEvent::getId))
        .limit(MAX_STATEMENTS)
        .map(AlertStories::context)
        .toList();
  }

  static StatementContext context(final StatementEvent s) {
    final StringBuilder who = new StringBuilder(s.getSpeaker().getName());
    if (s.getSpeaker().getRole() != null) {
      who.append(", ").append(s.getSpeaker().getRole());
    }
    if (s.getSpeaker().getOrganisation() != null) {
      who.append(", ").append(s.getSpeaker().getOrganisation());
    }
    return new StatementContext(s.getId(), s.getMadeAt(), who.toString(), s.getKind().name(), s.getQuote());
  }

  /** In-memory state for backtest. */
  public static final class InMemory implements Store {
    private final java.util.Map<String, StatementEvent> statements = new java.util.LinkedHashMap<>();
    private final java.util.Map<String, SurgeAlert> open = new java.util.TreeMap<>();

    @Override
    public void putStatement(final StatementEvent s) {
      statements.put(s.getId(), s);
    }

    @Override
    public void removeStatement(final String id) {
      statements.remove(id);
    }

    @Override
    public Iterable<StatementEvent> statements() {
      return new ArrayList<>(statements.values());
    }

    @Override
    public void putOpenAlert(final SurgeAlert a) {
      open.put(a.getAlertId(), a);
    }

    @Override
    public void removeOpenAlert(final String alertId) {
      open.remove(alertId);
    }

    @Override
    public Iterable<SurgeAlert> openAlerts() {
      return new ArrayList<>(open.values());
    }
  }
}
