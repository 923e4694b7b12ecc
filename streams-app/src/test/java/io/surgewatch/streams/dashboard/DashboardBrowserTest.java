package io.surgewatch.streams.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.surgewatch.core.EventJson;
import io.surgewatch.core.EventPreparer;
import io.surgewatch.core.Keys;
import io.surgewatch.events.v1.StatementEvent;
import io.surgewatch.inputs.InputFormat;
import io.surgewatch.producers.FilePublisher;
import io.surgewatch.producers.ingest.IngestServer;
import io.surgewatch.stack.SharedTestStack;
import java.io.File;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page in a real headless Chromium: the seeds' PK surge on the chart, no console errors, and an
 * incident posted to the ingest API showing up without a reload. Skipped when Debian's chromium and
 * chromedriver are missing, except under CI (env CI set), where their absence is a failure. Saves a
 * screenshot to target/; with -Dsurgewatch.updateScreenshot=true it refreshes docs/dashboard.png,
 * the README's picture, instead.
 */
class DashboardBrowserTest {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Path SEEDS = Path.of("..", "seeds");
  static final Path SCREENSHOT =
      Boolean.getBoolean("surgewatch.updateScreenshot")
          ? Path.of("..", "docs", "dashboard.png")
          : Path.of("target", "dashboard.png");

  static final String XSS = "<img src=x onerror='window.__xss=1'>";
  static final String LONG_URL = "https://example.org/" + "a".repeat(600);
  static final String URDU = "«ہم نے یہ حملہ نہیں کیا۔»";
  static final String SPEECH = "The minister spoke at length about the border. ".repeat(110);

  static final List<String> IRAN_STATEMENTS =
      List.of(
          statementAboutIran(
              "ST-IR-linked",
              "2023-06-01",
              "Iran struck militants.",
              "{\"name\":\"IRNA\",\"url\":\"https://example.org/irna\"}",
              "[\"Jaish al-Adl\",\"TTP\"]"),
          statementAboutIran("ST-IR-url", "2023-06-02", LONG_URL, "{\"name\":\"test\"}", "[]"),
          statementAboutIran("ST-IR-urdu", "2023-06-03", URDU, "{\"name\":\"test\"}", "[]"),
          statementAboutIran("ST-IR-speech", "2023-06-04", SPEECH, "{\"name\":\"test\"}", "[]"));

  static String statementAboutIran(
      final String id,
      final String day,
      final String quote,
      final String source,
      final String groups) {
    return "{\"type\":\"statement\",\"id\":\""
        + id
        + "\",\"madeAt\":\""
        + day
        + "T09:00:00Z\",\"speaker\":{\"name\":\"A spokesperson\"},\"kind\":\"OTHER\",\"quote\":\""
        + quote
        + "\",\"about\":{\"countries\":[\"IR\"],\"groups\":"
        + groups
        + "},\"source\":"
        + source
        + "}";
  }

  static TestApp app;
  static IngestServer ingest;
  static ChromeDriver driver;
  static Path profile;

  @BeforeAll
  static void start() throws Exception {
    final boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    if (!present && System.getenv("CI") != null) {
      fail(
          "CI is set but "
              + CHROMIUM
              + " or "
              + CHROMEDRIVER
              + " is missing (apt-get install chromium chromium-driver)");
    }
    Assumptions.assumeTrue(
        present, "no " + CHROMIUM + " and " + CHROMEDRIVER + ": browser test skipped");

    app = TestApp.start(Map.of());
    ingest = IngestServer.start(app.config.with(Keys.INGEST_PORT, "0"));
    final FilePublisher files =
        new FilePublisher(
            app.publisher, EventPreparer.standard(), null, false, Duration.ofMinutes(1));
    files.publish(SEEDS.resolve("statements.ndjson"), InputFormat.NDJSON, null);
    files.publish(SEEDS.resolve("incidents.ndjson"), InputFormat.NDJSON, null);
    // Text from events is data, never markup: this speaker must show as typed and run nothing.
    app.publisher
        .publish(
            EventJson.parse(
                "{\"type\":\"statement\",\"id\":\"ST-xss\",\"madeAt\":\"2023-12-30T09:00:00Z\","
                    + "\"speaker\":{\"name\":\""
                    + XSS
                    + "\"},\"kind\":\"OTHER\",\"quote\":\"<b>bold</b> claim\","
                    + "\"about\":{\"countries\":[\"PK\"]},\"source\":{\"name\":\"test\"}}",
                StatementEvent.class))
        .get();
    // Statements about Iran, for the timeline's layout: a source with a link and groups, a quote of
    // one long unbroken URL, an Urdu quote, a quote of a whole speech.
    for (final String statement : IRAN_STATEMENTS) {
      app.publisher.publish(EventJson.parse(statement, StatementEvent.class)).get();
    }
    // Processed when the PK rollup has reached the seeds' last day and its post-ceasefire alert is
    // there.
    TestApp.await(
        Duration.ofSeconds(180),
        () ->
            "2023-12-31"
                    .equals(
                        DashboardServerTest.json(
                                app, "/api/v1/counts?country=PK&window=P7D&from=9999-12-31")
                            .path("latestDay")
                            .asText())
                && DashboardServerTest.json(app, "/api/v1/alerts?country=PK&region=*&group=*")
                        .path("total")
                        .asInt()
                    > 0
                && DashboardServerTest.json(app, "/api/v1/statements?country=IR")
                        .path("total")
                        .asInt()
                    == IRAN_STATEMENTS.size());

    profile = SharedTestStack.newDirectory("surgewatch-chromium");
    final ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-breakpad",
        "--no-first-run",
        "--user-data-dir=" + profile,
        "--window-size=1440,1500",
        "--hide-scrollbars",
        "--force-device-scale-factor=1",
        // One renderer process for the whole session: by default each page opened after
        // about:blank got a new one (70 in a run), a sixth of Chromium's CPU here.
        "--renderer-process-limit=1",
        "--disable-site-isolation-trials");
    final LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    final ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
            .usingAnyFreePort()
            .withEnvironment(outOfHome(profile))
            .build();
    driver = new ChromeDriver(service, options);
    driver.manage().window().setSize(new Dimension(1440, 1500));
  }

  @AfterAll
  static void stop() {
    if (driver != null) {
      driver.quit();
    }
    if (ingest != null) {
      ingest.stop();
    }
    if (app != null) {
      app.close();
    }
  }

  /**
   * Each test's page logs are its own: an earlier test's page, still polling a server that test
   * closed, would log refused connections into the next test's assertions.
   */
  @BeforeEach
  void leaveEarlierPagesAndTheirLogs() {
    driver.get("about:blank");
    driver.manage().logs().get(LogType.BROWSER);
  }

  /** Opens the page at {@code path} and waits until it has loaded its view. */
  private static WebDriverWait open(final String path) {
    return open(app, path);
  }

  /** Opens the page of {@code on} at {@code path} and waits until it has loaded its view. */
  private static WebDriverWait open(final TestApp on, final String path) {
    // A new document every time: an address that differs from the page's only after '#' would
    // not load again, and the page's ready flag and panels would be the previous test's.
    driver.get("about:blank");
    driver.get(on.dashboard.url() + path);
    final WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
    wait.until(
        d -> Boolean.TRUE.equals(js("return window.__surgewatch && window.__surgewatch.ready")));
    return wait;
  }

  /**
   * Publishes a record the app cannot read, keyed {@code key}, and waits until the API lists it
   * among the rejected records.
   */
  private static void publishUnreadable(final String key) throws Exception {
    app.publishRawIncident(key, "not avro".getBytes(StandardCharsets.UTF_8));
    TestApp.await(
        Duration.ofSeconds(60),
        () ->
            DashboardServerTest.json(app, "/api/v1/dead-letters?category=DESERIALIZATION")
                .path("deadLetters")
                .findValuesAsText("originalKey")
                .contains(key));
  }

  private static Object js(final String script, final Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  @Test
  void showsTheSurgeAndUpdatesLive() throws Exception {
    final WebDriverWait wait = open("/");

    // The default view: PK / * / * / P30D / killed, drawn on a canvas, with the surge marked.
    assertEquals("PK", driver.findElement(By.id("country")).getAttribute("value"));
    assertEquals("*", driver.findElement(By.id("region")).getAttribute("value"));
    assertEquals("P30D", driver.findElement(By.id("window")).getAttribute("value"));
    assertTrue(((Number) js("return window.__surgewatch.series.length")).intValue() > 300);
    assertTrue(
        ((Number) js("return window.__surgewatch.alertMarks")).intValue() > 0,
        "no alert marked on the chart");
    assertTrue(driver.findElement(By.cssSelector("#chart canvas")).isDisplayed());
    assertTrue(
        driver.findElements(By.cssSelector("#alerts-body tr")).size() > 0,
        "no alerts in the table");
    assertTrue(driver.findElements(By.cssSelector("#statements li")).size() > 0, "no statements");
    wait.until(d -> d.findElement(By.id("live-text")).getText().equals("live"));
    assertTrue(
        driver.findElement(By.id("statements")).getText().contains(XSS),
        "event text shown as text");
    assertEquals(
        Boolean.TRUE,
        js("return window.__xss === undefined && !document.querySelector('#statements img')"));

    // A new report through the ingest API reaches the page without a reload.
    final String incident =
        TestApp.incident(
            "PAK990001", "2024-01-22T10:00:00Z", "2024-01-02", "Khyber Pakhtunkhwa", "TTP", 7);
    final HttpResponse<String> posted =
        TestApp.HTTP.send(
            HttpRequest.newBuilder(URI.create(ingest.url() + "/v1/incidents"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(incident))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(202, posted.statusCode(), posted.body());
    // Taken into the series as it comes, drawn (the summary too) at the next flush.
    new WebDriverWait(driver, Duration.ofSeconds(60))
        .until(
            d ->
                "2024-01-02"
                        .equals(
                            js(
                                "const s = window.__surgewatch.series; return s[s.length - 1].windowEnd"))
                    && "2024-01-02".equals(d.findElement(By.id("latest-day")).getText()));
    assertTrue(((Number) js("return window.__surgewatch.liveEvents")).intValue() > 0);

    Files.createDirectories(Path.of("target"));
    Files.write(Path.of("target", "dashboard-live.png"), driver.getScreenshotAs(OutputType.BYTES));

    // Killed by victim category: four stacked series; kept under target/ for a look, not for the
    // README.
    driver.findElement(By.id("stacked")).click();
    assertEquals(
        4L,
        js(
            "return echarts.getInstanceByDom(document.getElementById('chart')).getOption().series.length"));
    Files.write(
        Path.of("target", "dashboard-stacked.png"), driver.getScreenshotAs(OutputType.BYTES));

    final List<LogEntry> errors =
        driver.manage().logs().get(LogType.BROWSER).getAll().stream()
            .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
            .toList();
    assertTrue(errors.isEmpty(), "console errors: " + errors);
  }

  @Test
  void theStatementsTimelineShowsEachSourceAndItsGroupsAndLaysEveryQuoteOutInItsOwnSpace() {
    final WebDriverWait wait = open("/?live=0#IR/*/*/P30D/killed");
    wait.until(d -> d.findElements(By.cssSelector("#statements li")).size() == 4);
    // Newest first: the speech, the Urdu quote, the URL, the linked one.
    final List<WebElement> items = driver.findElements(By.cssSelector("#statements li"));
    final WebElement linked = items.get(3);
    final WebElement link = linked.findElement(By.cssSelector(".attribution a"));
    assertEquals("https://example.org/irna", link.getAttribute("href"));
    assertEquals("IRNA", link.getText());
    assertEquals("noopener noreferrer", link.getAttribute("rel"));
    assertTrue(
        linked.getText().contains("groups: Jaish al-Adl, TTP"),
        "groups shown: " + linked.getText());
    assertEquals(
        "Source: test",
        items.get(2).findElement(By.cssSelector(".attribution")).getText(),
        "a source without a link is named as text");
    // A quote of one long URL wraps: neither the page nor the timeline scrolls sideways.
    assertEquals(
        Boolean.TRUE,
        js(
            "const t = document.getElementById('statements');"
                + " return t.scrollWidth <= t.clientWidth"
                + " && document.documentElement.scrollWidth <= window.innerWidth"),
        "the timeline is wider than its card");
    // Each quote takes its direction from its own text: the Urdu one reads right to left.
    for (final WebElement quote : driver.findElements(By.cssSelector("#statements .quote"))) {
      assertEquals("auto", quote.getAttribute("dir"));
    }
    final WebElement urdu = items.get(1).findElement(By.cssSelector(".quote"));
    assertEquals(URDU, urdu.getText());
    assertEquals("rtl", js("return getComputedStyle(arguments[0]).direction", urdu));
    // A long quote is shortened, with a button that shows the rest.
    final WebElement speech = items.get(0).findElement(By.cssSelector(".quote"));
    final WebElement more = speech.findElement(By.cssSelector("button.more"));
    assertEquals("Show all 5,170 characters", more.getText());
    assertTrue(speech.getText().length() < 700, "shortened: " + speech.getText().length());
    more.click();
    wait.until(d -> speech.findElements(By.cssSelector("button.more")).isEmpty());
    assertEquals(SPEECH.strip(), speech.getText());
  }

  @Test
  void anAlertCitingOneStatementSaysOneStatement() {
    final JsonNode alerts = DashboardServerTest.json(app, "/api/v1/alerts?limit=100");
    String one = null;
    for (final JsonNode a : alerts.get("alerts")) {
      if (a.path("statements").size() == 1) {
        one = a.get("alertId").asText();
      }
    }
    assertNotNull(one, "the seeds' alerts include one citing a single statement");
    final WebDriverWait wait = open("/?live=0");
    driver.findElement(By.cssSelector(".tabs button[data-tab='recent']")).click();
    final String id = one;
    final WebElement row =
        wait.until(
            d ->
                d.findElements(By.cssSelector("#alerts-body tr[data-alert]")).stream()
                    .filter(r -> id.equals(r.getAttribute("data-alert")))
                    .findFirst()
                    .orElse(null));
    final String summary =
        (String) js("return arguments[0].querySelector('details summary').textContent", row);
    assertTrue(summary.matches(".*\\b1 statement"), summary);
  }

  @Test
  void fitsAPhoneScreenTablesIncludedWithoutScrollingSideways() throws Exception {
    // A rejected record with a long key and reason, so that the rejected records' table has a row.
    publishUnreadable("PHONE-" + "x".repeat(60));
    // Headless Chromium keeps a window at least 500 px wide: the phone's screen is emulated.
    driver.executeCdpCommand(
        "Emulation.setDeviceMetricsOverride",
        Map.of("width", 390, "height", 844, "deviceScaleFactor", 1, "mobile", true));
    try {
      final WebDriverWait wait = open("/?live=0");
      assertEquals(390L, js("return window.innerWidth"), "a phone's width");
      // Every table with rows: the alerts, the rejected records, and a chosen alert's history.
      driver.findElement(By.cssSelector(".tabs button[data-tab='recent']")).click();
      wait.until(d -> !d.findElements(By.cssSelector("#alerts-body tr[data-alert]")).isEmpty());
      wait.until(d -> !d.findElements(By.cssSelector("#dead-body tr")).isEmpty());
      js("document.querySelector('#alerts-body tr[data-alert] .key').click()");
      wait.until(d -> !d.findElements(By.cssSelector("#detail-transitions tr")).isEmpty());
      Files.createDirectories(Path.of("target"));
      Files.write(
          Path.of("target", "dashboard-phone.png"), driver.getScreenshotAs(OutputType.BYTES));
      assertEquals(
          Boolean.TRUE,
          js("return document.documentElement.scrollWidth <= window.innerWidth"),
          "wider than the screen: " + js("return document.documentElement.scrollWidth") + "px");
      // Each table within its card: no sideways scrolling inside it either.
      final List<String> wide = tablesWiderThanTheirCard();
      assertTrue(wide.isEmpty(), "tables wider than their card: " + wide);
      assertEquals(3L, js("return document.querySelectorAll('table').length"), "every table seen");
    } finally {
      driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    }
  }

  @Test
  void fitsLaptopScreensTablesIncludedWithoutScrollingSideways() throws Exception {
    // Between a phone and a wide screen the alerts share the row with the statements: their
    // table's columns must still fit its card (at 1400 px a resolution's reason was cut off).
    for (final int width : new int[] {1100, 1280, 1400}) {
      driver.executeCdpCommand(
          "Emulation.setDeviceMetricsOverride",
          Map.of("width", width, "height", 1000, "deviceScaleFactor", 1, "mobile", false));
      try {
        final WebDriverWait wait = open("/?live=0#PK/*/*/P30D/killed");
        driver.findElement(By.cssSelector(".tabs button[data-tab='recent']")).click();
        wait.until(d -> !d.findElements(By.cssSelector("#alerts-body tr[data-alert]")).isEmpty());
        final List<String> wide = tablesWiderThanTheirCard();
        assertTrue(wide.isEmpty(), width + " px: tables wider than their card: " + wide);
      } finally {
        driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
      }
    }
  }

  /** Each visible table wider than its card, or scrolling sideways inside it, with its widths. */
  @SuppressWarnings("unchecked")
  private List<String> tablesWiderThanTheirCard() {
    return (List<String>)
        js(
            "return [...document.querySelectorAll('table')].filter(t => t.offsetParent)"
                + ".map(t => { const box = t.closest('.table-wrap') || t.parentElement;"
                + " return [t.className, Math.floor(t.getBoundingClientRect().width),"
                + " box.scrollWidth, box.clientWidth]; })"
                + ".filter(([, table, scroll, fits]) => table > fits || scroll > fits)"
                + ".map(([name, table, scroll, fits]) => name + ': ' + table + 'px in '"
                + " + fits + 'px (scrolls to ' + scroll + 'px)')");
  }

  @Test
  void theChartMarksTheAlertsOfTheMetricItShows() throws Exception {
    final WebDriverWait wait = open("/#PK/*/*/P30D/injured");
    assertTrue(alertsOf("injured") > 0, "the seeds hold an injured alert on PK / * / *");
    for (final String metric : List.of("injured", "killed")) {
      driver.findElement(By.cssSelector("#metric button[data-metric='" + metric + "']")).click();
      // Reports other tests published may still be raising alerts: the page (live) and the API
      // agree once both have them.
      wait.until(
          d ->
              alertsOf(metric)
                  == ((Number) js("return window.__surgewatch.alertMarks")).intValue());
    }
    // A pin opens its alert, as its row in the table does.
    driver.findElement(By.cssSelector("#metric button[data-metric='injured']")).click();
    @SuppressWarnings("unchecked")
    final List<Number> pin =
        (List<Number>)
            js(
                "const c = echarts.getInstanceByDom(document.getElementById('chart'));"
                    + " const s = c.getOption().series; const top = s.length - 1;"
                    + " const r = document.getElementById('chart').getBoundingClientRect();"
                    + " const p = c.convertToPixel({seriesIndex: top}, s[top].markPoint.data[0].coord);"
                    + " window.scrollTo(0, 0); return [r.left + p[0], r.top + p[1] - 18];");
    new Actions(driver)
        .moveToLocation(pin.get(0).intValue(), pin.get(1).intValue())
        .click()
        .perform();
    wait.until(d -> d.findElement(By.id("alert-detail")).isDisplayed());
    assertTrue(
        driver.findElement(By.id("detail-title")).getText().endsWith("injured"),
        driver.findElement(By.id("detail-title")).getText());
  }

  /** The alerts of PK / * / * of a metric that the chart marks: all but the withdrawn. */
  private static int alertsOf(final String metric) {
    int n = 0;
    for (final JsonNode a :
        DashboardServerTest.json(app, "/api/v1/alerts?country=PK&region=*&group=*&limit=200")
            .get("alerts")) {
      if (a.get("metric").asText().equals(metric)
          && !a.get("status").asText().equals("WITHDRAWN")) {
        n++;
      }
    }
    return n;
  }

  @Test
  void theAlertTabsShowTheOpenAlertsAndTheHistoryAsTheApiGivesThem() {
    final WebDriverWait wait = open("/?live=0");
    final Set<String> open = new HashSet<>();
    DashboardServerTest.json(app, "/api/v1/alerts/open")
        .path("alerts")
        .forEach(a -> open.add(a.path("alertId").asText()));
    final Set<String> history = new HashSet<>();
    DashboardServerTest.json(app, "/api/v1/alerts?limit=100")
        .path("alerts")
        .forEach(a -> history.add(a.path("alertId").asText()));
    assertTrue(history.size() > open.size(), "the fixture's alerts, some closed: " + history);

    driver.findElement(By.cssSelector(".tabs button[data-tab='recent']")).click();
    wait.until(d -> shownAlerts().equals(history));
    assertEquals(
        "recent", driver.findElement(By.cssSelector(".tabs button.on")).getAttribute("data-tab"));
    driver.findElement(By.cssSelector(".tabs button[data-tab='open']")).click();
    wait.until(d -> shownAlerts().equals(open));
    assertEquals(
        open.isEmpty(), driver.findElement(By.id("alerts-empty")).isDisplayed(), "says none");
    assertEquals(
        "open", driver.findElement(By.cssSelector(".tabs button.on")).getAttribute("data-tab"));
  }

  @Test
  void theHistoryListsOpenAlertsThenResolvedSurgesThenWithdrawnOnesUnderAHeadingOfTheirOwn() {
    // The seeds' corrections withdraw alerts told as CRITICAL: by their peak alone they would
    // outrank surges that happened and resolved, yet they never were surges.
    final JsonNode all = DashboardServerTest.json(app, "/api/v1/alerts?limit=1000").path("alerts");
    final Set<String> ids = new HashSet<>();
    boolean withdrawnCritical = false;
    boolean resolvedBelowCritical = false;
    for (final JsonNode a : all) {
      ids.add(a.path("alertId").asText());
      final boolean critical = a.path("peakSeverity").asText().equals("CRITICAL");
      withdrawnCritical |= a.path("status").asText().equals("WITHDRAWN") && critical;
      resolvedBelowCritical |= a.path("status").asText().equals("RESOLVED") && !critical;
    }
    assertTrue(withdrawnCritical && resolvedBelowCritical, "the fixture's alerts: " + all);
    final List<Integer> inTheApi = new ArrayList<>();
    all.forEach(a -> inTheApi.add(AlertHistoryApiTest.standing(a)));
    assertEquals(inTheApi.stream().sorted().toList(), inTheApi, "open, resolved, withdrawn");

    final WebDriverWait wait = open("/?live=0");
    driver.findElement(By.cssSelector(".tabs button[data-tab='recent']")).click();
    wait.until(d -> shownAlerts().containsAll(ids));
    @SuppressWarnings("unchecked")
    final List<String> statuses =
        (List<String>)
            js(
                "return [...document.querySelectorAll('#alerts-body tr[data-alert] .status')]"
                    + ".map(s => s.textContent.split(' ')[0])");
    final List<Integer> shown =
        statuses.stream()
            .map(s -> s.matches("OPEN|ESCALATED") ? 0 : s.equals("WITHDRAWN") ? 2 : 1)
            .toList();
    assertEquals(shown.stream().sorted().toList(), shown, "as listed: " + statuses);
    // One heading sets the withdrawn apart, right above the first of them; none is told as a peak.
    assertEquals(
        List.of(
            "Withdrawn: revised reports removed their basis; they were never surges", "WITHDRAWN"),
        js(
            "const first = document.querySelector('#alerts-body tr[data-alert].withdrawn');"
                + " return [first.previousElementSibling.textContent,"
                + " first.querySelector('.status').textContent.split(' ')[0]]"));
    assertEquals(1L, js("return document.querySelectorAll('#alerts-body tr.apart').length"));
    assertEquals(
        List.of(),
        js(
            "return [...document.querySelectorAll('#alerts-body tr.withdrawn .peak')]"
                + ".map(p => p.textContent).filter(t => !t.startsWith('told as '))"));
  }

  @Test
  void aReopenedAlertSaysItWasReopenedAfterItsWithdrawalAndWhatItFirstTold() {
    // A seeds' correction withdrew an alert on the day it opened, and that day's later reports
    // opened it again under its id: its opening figures are the reopening's.
    JsonNode reopened = null;
    JsonNode firstOpening = null;
    JsonNode withdrawal = null;
    for (final JsonNode a :
        DashboardServerTest.json(app, "/api/v1/alerts?limit=1000").path("alerts")) {
      final JsonNode t =
          DashboardServerTest.json(
                  app, "/api/v1/alerts/" + AlertHistoryApiTest.enc(a.path("alertId").asText()))
              .path("transitions");
      for (int i = 1; i < t.size() - 1; i++) {
        if (t.get(i).path("status").asText().equals("WITHDRAWN")
            && t.get(i + 1).path("status").asText().equals("OPEN")) {
          reopened = t.get(i + 1);
          withdrawal = t.get(i);
          for (int j = i - 1; j >= 0 && firstOpening == null; j--) {
            firstOpening = t.get(j).path("status").asText().equals("OPEN") ? t.get(j) : null;
          }
        }
      }
      if (reopened != null) {
        break;
      }
    }
    assertNotNull(reopened, "the seeds reopen an alert after a withdrawal");
    final String alertId = reopened.path("alertId").asText();

    final WebDriverWait wait = open("/?live=0");
    driver.findElement(By.cssSelector(".tabs button[data-tab='recent']")).click();
    final By row = By.cssSelector("#alerts-body tr[data-alert='" + alertId + "']");
    wait.until(d -> !d.findElements(row).isEmpty());
    assertEquals(
        "reopened #"
            + reopened.path("sequence").asInt()
            + " after its withdrawal #"
            + withdrawal.path("sequence").asInt(),
        driver.findElement(row).findElement(By.cssSelector(".reopened")).getText());

    driver.findElement(row).findElement(By.cssSelector(".key")).click();
    wait.until(d -> d.findElement(By.id("detail-sub")).getText().startsWith("Reopened"));
    final String sub = driver.findElement(By.id("detail-sub")).getText();
    for (final String said :
        List.of(
            "Reopened "
                + reopened.path("openedOn").asText()
                + " (#"
                + reopened.path("sequence").asInt()
                + ") at "
                + String.format("%,d", reopened.path("observed").asLong()),
            "first opened (#"
                + firstOpening.path("sequence").asInt()
                + ") at "
                + String.format("%,d", firstOpening.path("observed").asLong()),
            "withdrawn (#"
                + withdrawal.path("sequence").asInt()
                + ") at "
                + String.format("%,d", withdrawal.path("observed").asLong()))) {
      assertTrue(sub.contains(said), "'" + said + "' in: " + sub);
    }
    // The withdrawn story's transitions stay in the history, set apart from the alert's own.
    assertEquals(
        (long) reopened.path("sequence").asInt() - 1,
        js("return document.querySelectorAll('#detail-transitions tr.superseded').length"));
  }

  @Test
  void aWithdrawnAlertAndTheSuccessorTheSameCorrectionOpenedLinkToEachOther() throws Exception {
    // Not in the seeds: an app of its own. One killed a day; 45 killed on 25 August 2022 open an
    // alert, 40 more on 26 August; on 6 September 25 of the 45 are revised away: 25 August no
    // longer reaches the open score, 26 August still does, and the same re-test opens its alert.
    final String withdrawn = "PK|*|*|killed|2022-08-25";
    final String successor = "PK|*|*|killed|2022-08-26";
    try (TestApp corrected = TestApp.start(Map.of())) {
      final List<String> reports = new ArrayList<>();
      for (LocalDate d = LocalDate.of(2022, 1, 1);
          !d.isAfter(LocalDate.of(2022, 9, 5));
          d = d.plusDays(1)) {
        reports.add(killed("K" + d, d + "T10:00:00Z", d, 1));
        if (d.getDayOfMonth() == 25 && d.getMonthValue() == 8) {
          reports.add(killed("S0", d + "T11:00:00Z", d, 20));
          reports.add(killed("S1", d + "T12:00:00Z", d, 25));
        } else if (d.getDayOfMonth() == 26 && d.getMonthValue() == 8) {
          reports.add(killed("S2", d + "T11:00:00Z", d, 40));
        }
      }
      reports.add(killed("S1", "2022-09-06T10:00:00Z", LocalDate.of(2022, 8, 25), 0));
      corrected.publishIncidents(reports.toArray(String[]::new));
      TestApp.await(
          Duration.ofSeconds(120),
          () ->
              successor.equals(
                      DashboardServerTest.json(
                              corrected, "/api/v1/alerts/" + AlertHistoryApiTest.enc(withdrawn))
                          .path("successor")
                          .asText(null))
                  && withdrawn.equals(
                      DashboardServerTest.json(
                              corrected, "/api/v1/alerts/" + AlertHistoryApiTest.enc(successor))
                          .path("predecessor")
                          .asText(null)));

      final WebDriverWait wait = open(corrected, "/?live=0");
      driver.findElement(By.cssSelector(".tabs button[data-tab='recent']")).click();
      final By next = By.cssSelector("#alerts-body tr[data-alert='" + successor + "']");
      final By before = By.cssSelector("#alerts-body tr[data-alert='" + withdrawn + "']");
      wait.until(d -> !d.findElements(next).isEmpty() && !d.findElements(before).isEmpty());
      assertEquals(
          "follows withdrawn " + withdrawn,
          driver.findElement(next).findElement(By.cssSelector(".predecessor")).getText());
      assertEquals(
          "succeeded by " + successor,
          driver.findElement(before).findElement(By.cssSelector(".successor")).getText());
      assertTrue(
          driver.findElement(before).findElements(By.cssSelector(".predecessor")).isEmpty()
              && driver.findElement(next).findElements(By.cssSelector(".successor")).isEmpty(),
          "each names only the other");

      // Each name is a link to the alert it names, not a choice of the row it is in.
      driver.findElement(next).findElement(By.cssSelector(".predecessor button")).click();
      wait.until(d -> withdrawn.equals(js("return window.__surgewatch.detail?.alertId")));
      wait.until(d -> d.findElement(before).getAttribute("class").contains("chosen"));
      assertFalse(driver.findElement(next).getAttribute("class").contains("chosen"));
      driver.findElement(before).findElement(By.cssSelector(".successor button")).click();
      wait.until(d -> successor.equals(js("return window.__surgewatch.detail?.alertId")));
      wait.until(d -> d.findElement(next).getAttribute("class").contains("chosen"));
      Files.createDirectories(Path.of("target"));
      Files.write( // for a look, not for the README
          Path.of("target", "dashboard-successor.png"), driver.getScreenshotAs(OutputType.BYTES));
    }
  }

  /** A report of {@code killed} killed in Khyber Pakhtunkhwa by the TTP. */
  private static String killed(
      final String id, final String reportedAt, final LocalDate day, final int killed) {
    return TestApp.incident(id, reportedAt, day.toString(), "Khyber Pakhtunkhwa", "TTP", killed);
  }

  /** The alert ids of the table's rows. */
  private Set<String> shownAlerts() {
    final Set<String> ids = new HashSet<>();
    driver
        .findElements(By.cssSelector("#alerts-body tr[data-alert]"))
        .forEach(r -> ids.add(r.getAttribute("data-alert")));
    return ids;
  }

  @Test
  void anAlertsSeriesIsDrawnInTheChartWhenAsked() {
    final WebDriverWait wait = open("/?live=0#PK/*/*/P30D/killed");
    wait.until(d -> !d.findElements(By.cssSelector("#alerts-body tr[data-alert]")).isEmpty());
    // An alert of another key or metric than the view's: choosing it leaves the view as it is.
    final WebElement row =
        driver.findElements(By.cssSelector("#alerts-body tr[data-alert]")).stream()
            .filter(r -> !r.getAttribute("data-alert").startsWith("PK|*|*|killed|"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no alert of another view"));
    final String[] id = row.getAttribute("data-alert").split("\\|");
    row.findElement(By.cssSelector("td")).click();
    wait.until(d -> d.findElement(By.id("alert-detail")).isDisplayed());
    assertEquals("#PK/*/*/P30D/killed", js("return location.hash"));

    driver.findElement(By.id("detail-show")).click();
    final String expected =
        (String)
            js(
                "return '#' + [arguments[0], arguments[1], arguments[2], 'P30D', arguments[3]]"
                    + ".map(encodeURIComponent).join('/')",
                id[0],
                id[1],
                id[2],
                id[3]);
    wait.until(d -> expected.equals(js("return location.hash")));
    wait.until(
        d -> Boolean.TRUE.equals(js("return document.getElementById('chart-loading').hidden")));
    assertEquals(id[3], js("return document.querySelector('#metric button.on').dataset.metric"));
  }

  @Test
  void aPageWhoseLiveStreamReconnectsReadsWhatItMissedAnew() throws Exception {
    // The stream sends no event ids, so what was written while it was down never comes: the page
    // reads its alerts, view and dead letters again once it is back (here: its server restarted).
    DashboardServer first =
        DashboardServer.start(app.config.with(Keys.DASHBOARD_PORT, "0"), app.app.streams());
    final int port = first.port();
    try {
      driver.get(first.url() + "/");
      final WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
      wait.until(
          d -> Boolean.TRUE.equals(js("return window.__surgewatch && window.__surgewatch.ready")));
      wait.until(d -> "live".equals(js("return document.getElementById('live-text').textContent")));
      assertEquals(null, js("return window.__surgewatch.catchUps === undefined ? null : 1"));
      first.close();
      wait.until(
          d ->
              "reconnecting".equals(js("return document.getElementById('live-text').textContent")));
      first =
          DashboardServer.start(
              app.config.with(Keys.DASHBOARD_PORT, String.valueOf(port)), app.app.streams());
      wait.until(d -> "live".equals(js("return document.getElementById('live-text').textContent")));
      wait.until(d -> Long.valueOf(1).equals(js("return window.__surgewatch.catchUps")));
    } finally {
      first.close();
    }
  }

  @Test
  void theAlertsShowWhileTheKeysCannotBeRead() {
    // As when an instance is down with no standby copy of its data: its keys' list cannot be
    // answered, the alerts can, and the page shows them rather than nothing.
    driver.executeCdpCommand("Network.enable", Map.of());
    driver.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of("*/api/v1/keys*")));
    try {
      driver.get(app.dashboard.url() + "/?live=0");
      new WebDriverWait(driver, Duration.ofSeconds(30))
          .until(d -> !d.findElements(By.cssSelector("#alerts-body tr[data-alert]")).isEmpty());
      assertNotEquals(Boolean.TRUE, js("return window.__surgewatch.ready"), "the keys never came");
    } finally {
      driver.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of()));
      driver.executeCdpCommand("Network.disable", Map.of());
    }
  }

  @Test
  void anIdInAnAlertsEvidenceOpensWhatItNames() {
    final WebDriverWait wait = open("/?live=0");
    driver.findElement(By.cssSelector(".tabs button[data-tab='key']")).click();
    final WebElement row =
        driver.findElements(By.cssSelector("#alerts-body tr[data-alert]")).stream()
            .filter(r -> !r.findElements(By.cssSelector(".id-link")).isEmpty())
            .findFirst()
            .orElseThrow(() -> new AssertionError("no alert of PK / * / * with evidence ids"));
    final String alertId = row.getAttribute("data-alert");
    row.findElement(By.cssSelector("details summary")).click();
    final WebElement id = row.findElement(By.cssSelector(".id-link"));
    final String incident = id.getText();
    id.click();
    // The alert opens, and the incident's report shows beside it.
    wait.until(
        d ->
            d.findElement(By.id("alert-detail")).isDisplayed()
                && d.findElement(By.id("incident-detail")).isDisplayed()
                && d.findElement(By.id("incident-detail")).getText().contains(incident));
    assertEquals(
        alertId, js("return document.querySelector('#alerts-body tr.chosen').dataset.alert"));
    assertEquals(incident, driver.findElement(By.cssSelector("#evidence-ids button.on")).getText());

    // The same alert drawn again (a live update of it re-renders it so) keeps its report shown.
    js("document.querySelector('#detail-transitions tr').setAttribute('data-stale', '1')");
    row.findElement(By.cssSelector("td")).click();
    wait.until(d -> d.findElements(By.cssSelector("#detail-transitions tr[data-stale]")).isEmpty());
    assertTrue(driver.findElement(By.id("incident-detail")).isDisplayed(), "the report stays");
    assertTrue(driver.findElement(By.id("incident-detail")).getText().contains(incident));
    assertEquals(incident, driver.findElement(By.cssSelector("#evidence-ids button.on")).getText());

    // A related alert's id opens that alert.
    final WebElement withRelated =
        driver.findElements(By.cssSelector("#alerts-body tr[data-alert]")).stream()
            .filter(r -> r.getText().contains("related"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no alert of PK / * / * with related alerts"));
    if (withRelated.findElement(By.cssSelector("details")).getAttribute("open") == null) {
      withRelated.findElement(By.cssSelector("details summary")).click();
    }
    final List<WebElement> links = withRelated.findElements(By.cssSelector(".id-link"));
    final WebElement related = links.get(links.size() - 1); // related alerts are listed last
    final String[] key = related.getText().split("\\|");
    related.click();
    wait.until(
        d ->
            d.findElement(By.id("detail-title"))
                .getText()
                .equals(key[0] + " / " + key[1] + " / " + key[2] + " · " + key[3]));
    assertFalse(
        driver.findElement(By.id("incident-detail")).isDisplayed(),
        "another alert shows no report until one of its own is chosen");
  }

  @Test
  void aReportStillOnItsWayWhenAnotherAlertIsChosenDoesNotOpenUnderIt() {
    final WebDriverWait wait = open("/?live=0");
    driver.findElement(By.cssSelector(".tabs button[data-tab='key']")).click();
    final List<WebElement> rows =
        driver.findElements(By.cssSelector("#alerts-body tr[data-alert]"));
    assertTrue(rows.size() >= 2, "two alerts of PK / * / * to choose between");
    rows.get(0).findElement(By.cssSelector("td")).click();
    wait.until(d -> !d.findElements(By.cssSelector("#evidence-ids button")).isEmpty());
    // From here the incidents API answers after 800 ms; __reportsAnswered counts its answers.
    js(
        "window.__reportsAnswered = 0; const f = window.fetch; window.fetch = (u, o) =>"
            + " String(u).includes('/api/v1/incidents/') ? new Promise(r => setTimeout(r, 800))"
            + ".then(() => f(u, o)).then(x => { setTimeout(() => window.__reportsAnswered++, 200);"
            + " return x; }) : f(u, o);");
    driver.findElement(By.cssSelector("#evidence-ids button")).click();
    final String second = rows.get(1).getAttribute("data-alert");
    rows.get(1).findElement(By.cssSelector("td")).click();
    wait.until(
        d ->
            second.equals(
                    js("return document.querySelector('#alerts-body tr.chosen').dataset.alert"))
                && ((Number) js("return window.__reportsAnswered")).intValue() == 1);
    assertFalse(
        driver.findElement(By.id("incident-detail")).isDisplayed(),
        "the first alert's report opened under the second");
    assertTrue(driver.findElements(By.cssSelector("#evidence-ids button.on")).isEmpty());
  }

  @Test
  void rejectedRecordsShowTheirCategoryReasonAndWhereTheyCameFromAsText() throws Exception {
    // A record the app cannot read, keyed by markup: its key is shown as its record, as text.
    final String topic = app.config.get(Keys.TOPIC_INCIDENTS);
    publishUnreadable(XSS);
    final WebDriverWait wait = open("/");
    wait.until(d -> d.findElement(By.id("dead-body")).getText().contains("DESERIALIZATION"));
    final String shown = driver.findElement(By.id("dead-body")).getText();
    assertTrue(shown.contains(XSS) && shown.contains(topic + "-0@"), shown);
    assertEquals(
        Boolean.TRUE,
        js("return window.__xss === undefined && !document.querySelector('#dead-body img')"));
    // One rejected while the page is open comes at the top, without a refresh.
    wait.until(d -> d.findElement(By.id("live-text")).getText().equals("live"));
    final String readBefore = driver.findElement(By.id("dead-meta")).getText();
    app.publishRawIncident("LIVE-1", "not avro either".getBytes(StandardCharsets.UTF_8));
    new WebDriverWait(driver, Duration.ofSeconds(60))
        .until(d -> firstRejected().contains("LIVE-1"));
    // "newest n of m read" counts it among those read.
    final Matcher read = Pattern.compile("of (\\d+) read").matcher(readBefore);
    assertTrue(read.find(), readBefore);
    final String readAfter = "of " + (Integer.parseInt(read.group(1)) + 1) + " read";
    wait.until(d -> d.findElement(By.id("dead-meta")).getText().endsWith(readAfter));
    // One rejected while the panel's load is in flight, its answer read before it: it stays on
    // top when the answer lands. The page's fetch of the panel is held until released.
    js(
        "window.__deadAsked = 0; window.__deadAnswered = 0; const f = window.fetch;"
            + " window.fetch = (u, o) => String(u).includes('/api/v1/dead-letters')"
            + " ? f(u, o).then(x => { window.__deadAsked++; return new Promise(r => {"
            + " const t = setInterval(() => { if (window.__deadRelease) { clearInterval(t);"
            + " r(x); setTimeout(() => window.__deadAnswered++, 200); } }, 50); }); })"
            + " : f(u, o);");
    driver.findElement(By.id("dead-refresh")).click();
    wait.until(d -> ((Number) js("return window.__deadAsked")).intValue() == 1);
    app.publishRawIncident("LIVE-2", "nor this".getBytes(StandardCharsets.UTF_8));
    new WebDriverWait(driver, Duration.ofSeconds(60))
        .until(d -> firstRejected().contains("LIVE-2"));
    js("window.__deadRelease = true;");
    wait.until(d -> ((Number) js("return window.__deadAnswered")).intValue() == 1);
    assertTrue(firstRejected().contains("LIVE-2"), firstRejected());
    // Another category is asked for again: none of this one.
    new Select(driver.findElement(By.id("dead-category"))).selectByValue("SUPERSEDED");
    wait.until(d -> d.findElement(By.id("dead-empty")).isDisplayed());
    assertEquals(0L, ((Number) js("return window.__surgewatch.deadLetters")).longValue());
  }

  /**
   * The first row of the rejected records, read in the page: the panel re-renders its rows, so a
   * row found by the driver can go stale before its text is read.
   */
  private String firstRejected() {
    return String.valueOf(
        js(
            "const r = document.querySelector('#dead-body tr:first-child');"
                + " return r ? r.textContent : '';"));
  }

  @Test
  void aPageOpenedBeforeAnythingIsCountedAsksForNothingMissingAndOpensOnTheFirstCounts()
      throws Exception {
    try (TestApp empty = TestApp.start(Map.of())) {
      driver.manage().logs().get(LogType.BROWSER); // what earlier pages logged
      driver.get(empty.dashboard.url() + "/");
      final WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
      wait.until(
          d -> Boolean.TRUE.equals(js("return window.__surgewatch && window.__surgewatch.ready")));
      wait.until(d -> d.findElement(By.id("live-text")).getText().equals("live"));
      final List<LogEntry> errors =
          driver.manage().logs().get(LogType.BROWSER).getAll().stream()
              .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
              .toList();
      assertTrue(errors.isEmpty(), "console errors on an empty cluster: " + errors);
      assertEquals("PK", driver.findElement(By.id("country")).getAttribute("value"));
      // The first counts, none of Pakistan: the page turns to them, as one opened now would.
      empty.publishIncidents(
          TestApp.incident("EMPTY-1", "2023-03-01T10:00:00Z", "2023-03-01", "Kabul", "IS-K", 2)
              .replace("\"PK\"", "\"AF\""));
      wait.until(
          d ->
              List.of("*", "AF").contains(d.findElement(By.id("country")).getAttribute("value"))
                  && ((Number) js("return window.__surgewatch.series.length")).intValue() > 0);
    }
  }

  /**
   * A deployment without Pakistan, the default view's country: the page's keys answered without
   * PK's, in the page's own fetch, from the document's start. Every "Loading" the chart shows is
   * recorded: none names a country before the keys have said which the data holds.
   */
  @Test
  void aDeploymentWithoutTheDefaultCountryNeverShowsItLoading() {
    final String script =
        "window.__loading = []; const real = window.fetch;"
            + " window.fetch = async (url, options) => {"
            + "   const r = await real(url, options);"
            + "   if (String(url) !== '/api/v1/keys' || !r.ok) return r;"
            + "   const body = await r.json();"
            + "   body.keys = body.keys.filter(k => k.country !== 'PK');"
            + "   return new Response(JSON.stringify(body),"
            + "     {status: 200, headers: {'Content-Type': 'application/json'}}); };"
            + " new MutationObserver(() => {"
            + "   const e = document.getElementById('chart-loading');"
            + "   const t = e && !e.hidden ? e.textContent : '';"
            + "   if (t && window.__loading[window.__loading.length - 1] !== t) window.__loading.push(t);"
            + " }).observe(document, {subtree: true, childList: true, characterData: true,"
            + "   attributes: true});";
    final Object id =
        driver
            .executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", script))
            .get("identifier");
    try {
      open("/?live=0");
      assertEquals("*", driver.findElement(By.id("country")).getAttribute("value"));
      final String shown = String.valueOf(js("return JSON.stringify(window.__loading)"));
      assertEquals(
          "[\"Loading…\",\"Loading All countries / all regions / all groups…\"]", shown, shown);
    } finally {
      driver.executeCdpCommand(
          "Page.removeScriptToEvaluateOnNewDocument", Map.of("identifier", id));
    }
  }

  @Test
  void hoveringTheChartWarnsOfNothing() {
    open("/?live=0#PK/Khyber%20Pakhtunkhwa/TTP/P7D/killed");
    driver.manage().logs().get(LogType.BROWSER); // what earlier pages logged
    final WebElement chart = driver.findElement(By.id("chart"));
    js("window.scrollTo(0, 0)");
    final int width = chart.getSize().getWidth();
    for (final double at : new double[] {0.1, 0.3, 0.5, 0.7, 0.9}) {
      new Actions(driver)
          .moveToElement(chart, (int) (width * (at - 0.5)), 0)
          .pause(Duration.ofMillis(150))
          .perform();
    }
    final List<LogEntry> warnings =
        driver.manage().logs().get(LogType.BROWSER).getAll().stream()
            .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue())
            .toList();
    assertTrue(warnings.isEmpty(), "console warnings: " + warnings);
  }

  @Test
  void aValueEqualToThePreviousWindowsIsShownUnchangedNotAsARise() throws Exception {
    // An app of its own, whose latest day is 8 March: two killed on it and two a week before, so
    // the
    // week ending on the latest day holds as many as the week before it, which is no rise.
    try (TestApp same = TestApp.start(Map.of())) {
      for (final String day : List.of("2024-03-01", "2024-03-08")) {
        same.publishIncidents(
            "{\"id\":\"NZ-SAME-"
                + day
                + "\",\"reportedAt\":\"2024-03-09T10:00:00Z\",\"occurredOn\":\""
                + day
                + "\",\"country\":\"NZ\",\"region\":\"Otago\",\"groups\":[],"
                + "\"eventType\":\"ATTACK\",\"killed\":{\"civilians\":2},\"injured\":{},"
                + "\"source\":{\"name\":\"test\"}}");
      }
      TestApp.await(
          Duration.ofSeconds(60),
          () ->
              DashboardServerTest.json(same, "/api/v1/counts/current?key=NZ%7C*%7C*&days=7")
                      .path("counts")
                      .path(0)
                      .path("killed")
                      .asInt()
                  == 2);

      final WebDriverWait wait = open(same, "/?live=0#NZ/*/*/P7D/killed");
      wait.until(d -> d.findElement(By.id("latest-value-sub")).getText().contains("previous"));
      final String summary = driver.findElement(By.id("latest-value-sub")).getText();
      assertEquals("2", driver.findElement(By.id("latest-value")).getText(), summary);
      assertEquals("as of 2024-03-08 · unchanged vs. previous window", summary);
    }
  }

  @Test
  void anAddressNamingAPlaceWithoutReportsShowsThatPlaceAndSaysSo() {
    open("/#PK/Atlantis/*/P30D/killed");
    assertEquals("Atlantis", driver.findElement(By.id("region")).getAttribute("value"));
    assertTrue(
        driver.findElement(By.id("chart-empty")).getText().contains("PK / Atlantis / all groups"),
        driver.findElement(By.id("chart-empty")).getText());
  }

  /**
   * An instance lost mid-load answers 503 until Kafka moves its tasks (its session timeout): the
   * page says so, keeps the old view dimmed under "Loading", and loads the view by itself once the
   * server answers again. The 503s come from the page's own fetch, replaced for the test: a real
   * one needs an instance killed while the page loads, which no test can time.
   */
  @Test
  void anInstanceThatDoesNotAnswerIsWaitedForSayingSoAndTheViewLoadsWhenItComesBack() {
    final WebDriverWait wait = open("/?live=0#PK/*/*/P30D/killed");
    js(
        "window.__failing = true; const real = window.fetch;"
            + " window.fetch = (url, options) => window.__failing"
            + " && String(url).startsWith('/api/v1/counts')"
            + " ? Promise.resolve(new Response(JSON.stringify({status: 503, title: 'Service"
            + " Unavailable', detail: 'the instance holding PK does not answer'}), {status: 503,"
            + " headers: {'Content-Type': 'application/problem+json', 'Retry-After': '1'}}))"
            + " : real(url, options);");
    new Select(driver.findElement(By.id("window"))).selectByValue("P7D");
    wait.until(d -> d.findElement(By.id("waiting")).isDisplayed());
    assertEquals(
        "the instance holding PK does not answer\nRetrying.",
        driver.findElement(By.id("waiting")).getAttribute("title"));
    assertTrue(
        driver.findElement(By.id("chart-loading")).getText().startsWith("Loading PK"),
        driver.findElement(By.id("chart-loading")).getText());

    js("window.__failing = false;");
    wait.until(
        d ->
            !d.findElement(By.id("waiting")).isDisplayed()
                && !d.findElement(By.id("chart-loading")).isDisplayed()
                && "P7D".equals(js("return window.__surgewatch.series[0].window")));
  }

  @Test
  void aPlaceFirstReportedAfterThePageOpenedIsDrawnOnTheNextChoiceWithoutAReload()
      throws Exception {
    final WebDriverWait wait = open("/?live=0#PK/Neverland/*/P30D/killed");
    // The empty chart's text comes with the view's first draw, at most a flush after it loads.
    wait.withMessage(() -> driver.findElement(By.id("chart-empty")).getText())
        .until(d -> d.findElement(By.id("chart-empty")).getText().contains("No report counted"));
    // Through the ingest API, which marks every partition's progress as a producer must.
    final HttpResponse<String> posted =
        TestApp.HTTP.send(
            HttpRequest.newBuilder(URI.create(ingest.url() + "/v1/incidents"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        TestApp.incident(
                            "PAK-NEVER-1",
                            // After every other report here: not late, so no other writer's
                            // progress is needed to place it.
                            "2024-03-01T10:00:00Z",
                            "2023-06-01",
                            "Neverland",
                            "TTP",
                            2)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(202, posted.statusCode(), posted.body());
    TestApp.await(
        Duration.ofSeconds(60),
        () ->
            DashboardServerTest.json(app, "/api/v1/keys?country=PK")
                .toString()
                .contains("Neverland"));
    // With the live feed off, the next choice in the pickers loads the view, keys asked again.
    new Select(driver.findElement(By.id("window"))).selectByValue("P7D");
    wait.until(d -> ((Number) js("return window.__surgewatch.series.length")).intValue() > 0);
    assertEquals("Neverland", driver.findElement(By.id("region")).getAttribute("value"));
  }

  @Test
  void anAddressOfAGroupWithASlashOrOfALowerCaseCountryShowsThatViewAndSurvivesAReload()
      throws Exception {
    // ACLED's "ABBR: Full name" of a Burkinabe party; no notes, as the ingest API allows.
    app.publishIncidents(
        "{\"id\":\"BF-SLASH-1\",\"reportedAt\":\"2024-02-01T10:00:00Z\",\"occurredOn\":\"2024-01-30\","
            + "\"country\":\"BF\",\"region\":\"Centre-Nord\",\"groups\":[{\"name\":"
            + "\"UNIR/PS: Unity for the Renaissance/Sankarist Party\",\"attribution\":\"CLAIMED\"}],"
            + "\"eventType\":\"ATTACK\",\"killed\":{\"civilians\":3},\"injured\":{},"
            + "\"source\":{\"name\":\"test\"}}");
    TestApp.await(
        Duration.ofSeconds(60),
        () ->
            DashboardServerTest.json(app, "/api/v1/keys?country=BF")
                .toString()
                .contains("UNIR/PS"));

    final WebDriverWait wait = open("/?live=0#bf/*/UNIR%2FPS/P30D/killed");
    wait.withMessage(
        () ->
            "shown: "
                + js(
                    "return [location.hash, document.getElementById('country').value,"
                        + " document.getElementById('group').value, window.__surgewatch.series.length,"
                        + " document.getElementById('chart-loading').textContent,"
                        + " document.getElementById('chart-empty').textContent].join(' | ')"));
    final Function<WebDriver, Boolean> shown =
        d ->
            "BF".equals(d.findElement(By.id("country")).getAttribute("value"))
                && "UNIR/PS".equals(d.findElement(By.id("group")).getAttribute("value"))
                && ((Number) js("return window.__surgewatch.series.length")).intValue() > 0;
    wait.until(shown);
    assertTrue(
        String.valueOf(js("return location.hash")).startsWith("#BF/*/UNIR%2FPS/"),
        "the address names the key the API read: " + js("return location.hash"));
    driver.navigate().refresh();
    wait.until(
        d -> Boolean.TRUE.equals(js("return window.__surgewatch && window.__surgewatch.ready")));
    wait.until(shown);
    // A shorter address names the same view, the window and metric left out taking the default's.
    driver.get("about:blank");
    open("/?live=0#bf/*/unir%2Fps").until(shown);
    assertEquals("#BF/*/UNIR%2FPS/P30D/killed", js("return location.hash"));

    // The panel an alert's evidence opens (no alert here: drawn on its own, its section closed).
    js("window.__surgewatch.showIncident('BF-SLASH-1')");
    wait.until(
        d -> Boolean.FALSE.equals(js("return document.getElementById('incident-detail').hidden")));
    final String detail =
        String.valueOf(js("return document.getElementById('incident-detail').textContent"));
    assertTrue(detail.contains("UNIR/PS"), detail);
    assertFalse(detail.contains("null"), "an incident without notes: " + detail);
  }

  @Test
  void anIncidentWhoseLaterReportWasRefusedAsTooLateSaysSoInItsPanel() throws Exception {
    try (TestApp bounded = TestApp.start(Map.of(Keys.HISTORY_DAYS, "60"))) {
      bounded.publishIncidents(
          TestApp.incident(
              "PAK1", "2023-01-10T12:00:00Z", "2023-01-10", "Khyber Pakhtunkhwa", "TTP", 5),
          TestApp.incident("PAK2", "2023-04-20T12:00:00Z", "2023-04-20", "Punjab", "TTP", 1),
          TestApp.incident(
              "PAK1", "2023-04-20T13:00:00Z", "2023-04-19", "Khyber Pakhtunkhwa", "TTP", 9));
      TestApp.await(
          Duration.ofSeconds(60),
          () ->
              DashboardServerTest.json(bounded, "/api/v1/incidents/PAK1")
                  .path("refusedReport")
                  .isObject());
      driver.get("about:blank");
      driver.get(bounded.dashboard.url() + "/?live=0");
      final WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
      wait.until(
          d -> Boolean.TRUE.equals(js("return window.__surgewatch && window.__surgewatch.ready")));
      js("window.__surgewatch.showIncident('PAK1')");
      wait.until(
          d ->
              Boolean.FALSE.equals(js("return document.getElementById('incident-detail').hidden")));
      final String detail =
          String.valueOf(js("return document.getElementById('incident-detail').textContent"));
      assertTrue(detail.contains("2023-01-10"), "the report that stands: " + detail);
      assertTrue(detail.contains("Later report refused"), detail);
      assertTrue(detail.contains("moving it to 2023-04-19"), detail);
      assertTrue(
          detail.contains("too late: it revises the report counted for incident day 2023-01-10"),
          detail);
      assertTrue(
          detail.contains(
              "dead letter on " + bounded.config.get(Keys.TOPIC_DEAD_LETTER) + ", key PAK1"),
          detail);
    }
  }

  @Test
  void aBurstOfLiveRecordsIsDrawnOncePerFlushNotOncePerRecord() {
    final WebDriverWait wait = open("/?live=0#PK/*/*/P30D/killed");
    final long rendersBefore = ((Number) js("return window.__surgewatch.chartRenders")).longValue();
    final long eventsBefore =
        ((Number) js("return window.__surgewatch.liveEvents || 0")).longValue();
    // 2,000 records of the key shown, each a later day, as a bulk load sends them; and 2,000 of
    // new keys elsewhere.
    js(
        "const s = window.__surgewatch;"
            + " for (let i = 0; i < 2000; i++) {"
            + "  const d = new Date(Date.UTC(2030, 0, 1) + i * 864e5).toISOString().slice(0, 10);"
            + "  s.onCount({country: 'PK', region: '*', group: '*', window: 'P30D', windowStart: d,"
            + "   windowEnd: d, incidents: 1, killed: i, injured: 0, killedBy: {}, injuredBy: {}});"
            + "  s.onCount({country: 'ZZ' + i, region: '*', group: '*', window: 'P30D', windowStart: d,"
            + "   windowEnd: d, incidents: 1, killed: 1, injured: 0, killedBy: {}, injuredBy: {}});"
            + " }");
    wait.until(
        d ->
            ((Number) js("return window.__surgewatch.liveEvents")).longValue()
                == eventsBefore + 4_000);
    wait.until(
        d ->
            "2035-06-23"
                .equals(
                    js(
                        "const s = window.__surgewatch.series;"
                            + " return s.length ? s[s.length - 1].windowEnd : null")));
    final long renders =
        ((Number) js("return window.__surgewatch.chartRenders")).longValue() - rendersBefore;
    assertTrue(renders >= 1 && renders <= 2, "chart drawn " + renders + " times for 2,000 records");
    assertEquals(
        "1999",
        driver.findElement(By.id("latest-value")).getText().replace(",", ""),
        "the summary shows the last record");
    // A later day of another key: the key shown keeps its value to that day, as a reload shows it.
    js(
        "window.__surgewatch.onCount({country: 'ZZ-late', region: '*', group: '*', window: 'P30D',"
            + " windowStart: '2035-12-03', windowEnd: '2036-01-01', incidents: 1, killed: 1,"
            + " injured: 0, killedBy: {}, injuredBy: {}})");
    wait.until(
        d ->
            "2036-01-01"
                .equals(
                    js(
                        "const s = window.__surgewatch.series;"
                            + " return s.length ? s[s.length - 1].windowEnd : null")));
    assertEquals("1999", driver.findElement(By.id("latest-value")).getText().replace(",", ""));
    // A late report of a day before the first one shown: the days up to the old first day carry
    // its value, as the API fills them.
    final String first = String.valueOf(js("return window.__surgewatch.series[0].windowEnd"));
    js(
        "window.__surgewatch.onCount({country: 'PK', region: '*', group: '*', window: 'P30D',"
            + " windowStart: '1989-12-03', windowEnd: '1990-01-01', incidents: 1, killed: 5,"
            + " injured: 0, killedBy: {}, injuredBy: {}})");
    wait.until(d -> "1990-01-01".equals(js("return window.__surgewatch.series[0].windowEnd")));
    assertEquals(
        Boolean.TRUE,
        js(
            "const s = window.__surgewatch.series;"
                + " const i = s.findIndex(p => p.windowEnd === arguments[0]);"
                + " const days = Math.round((Date.parse(arguments[0]) - Date.parse('1990-01-01')) / 864e5);"
                + " return i === days && s.slice(0, i).every(p => p.killed === 5);",
            first),
        "every day from 1990-01-01 to " + first + " is there, carrying 5");
  }

  @Test
  void aViewAddressPastedIntoTheOpenTabShowsThatView() {
    final WebDriverWait wait = open("/");
    assertEquals("*", driver.findElement(By.id("region")).getAttribute("value"));

    js("location.hash = '#PK/Khyber%20Pakhtunkhwa/TTP/P7D/incidents'");
    wait.until(
        d ->
            "Khyber Pakhtunkhwa".equals(d.findElement(By.id("region")).getAttribute("value"))
                && "TTP".equals(d.findElement(By.id("group")).getAttribute("value"))
                && "P7D".equals(d.findElement(By.id("window")).getAttribute("value")));
    wait.until(
        d ->
            "P7D"
                .equals(
                    js(
                        "const s = window.__surgewatch.series;"
                            + " return s.length ? s[s.length - 1].window : null")));
  }

  @Test
  void showsAnAlertsHistoryDriversAndEvidence() throws Exception {
    // An incident whose every text is markup and whose link carries an escaped query: shown as
    // text, linked as given.
    final String xssIncident =
        "{\"id\":\"PAK-XSS-1\",\"reportedAt\":\"2024-01-20T10:00:00Z\",\"occurredOn\":\"2023-12-20\","
            + "\"country\":\"PK\",\"region\":\"Punjab\",\"location\":\""
            + XSS
            + "\","
            + "\"groups\":[{\"name\":\"<i>G</i>\",\"attribution\":\"SUSPECTED\"}],\"eventType\":\"ATTACK\","
            + "\"killed\":{\"civilians\":2},\"injured\":{},\"notes\":\"<script>window.__xss=2</script>notes\","
            + "\"source\":{\"name\":\""
            + XSS
            + "\",\"url\":\"https://example.org/r?a=1&b=%3Cb%3E\"}}";
    app.publishIncidents(xssIncident);
    TestApp.await(
        Duration.ofSeconds(60),
        () -> DashboardServerTest.json(app, "/api/v1/incidents/PAK-XSS-1").has("id"));

    driver.manage().window().setSize(new Dimension(1440, 2150));
    final WebDriverWait wait = open("/?live=0");
    assertEquals(
        Boolean.FALSE, js("return window.__surgewatch.live"), "?live=0 opens no event stream");

    // This key's alerts (PK / * / *): each row is one alert with its opening figures, peak and
    // latest state.
    driver.findElement(By.cssSelector(".tabs button[data-tab='key']")).click();
    final var rows = driver.findElements(By.cssSelector("#alerts-body tr[data-alert]"));
    assertTrue(rows.size() > 0, "no alerts of PK / * / *");
    final JsonNode entries =
        DashboardServerTest.json(app, "/api/v1/alerts?country=PK&region=*&group=*&limit=200")
            .path("alerts");
    JsonNode chosen = entries.get(0);
    for (final JsonNode e : entries) { // the alert of killed with the most history
      final boolean killed = e.path("metric").asText().equals("killed");
      final boolean wasKilled = chosen.path("metric").asText().equals("killed");
      if (killed && !wasKilled
          || killed == wasKilled
              && e.path("transitionCount").asInt() > chosen.path("transitionCount").asInt()) {
        chosen = e;
      }
    }
    final String alertId = chosen.path("alertId").asText();
    driver
        .findElement(By.cssSelector("#alerts-body tr[data-alert='" + alertId + "'] .key"))
        .click();
    wait.until(
        d ->
            d.findElement(By.id("alert-detail")).isDisplayed()
                && d.findElements(By.cssSelector("#detail-transitions tr")).size()
                    == chosen(alertId).path("transitionCount").asInt());
    final String sub = driver.findElement(By.id("detail-sub")).getText();
    assertTrue(
        sub.contains("Opened " + chosen.path("openedOn").asText())
            && sub.contains("peak " + chosen.path("peakSeverity").asText()),
        sub);
    assertEquals(
        "OPEN",
        driver.findElement(By.cssSelector("#detail-transitions tr td:nth-child(2)")).getText());

    // Drivers: regions and groups with their shares of the excess, as the API computes them.
    final JsonNode drivers =
        DashboardServerTest.json(
            app, "/api/v1/alerts/" + AlertHistoryApiTest.enc(alertId) + "/drivers");
    assertTrue(drivers.path("regions").size() > 0, drivers.toString());
    wait.until(d -> d.findElements(By.cssSelector("#drivers .driver")).size() > 0);
    assertEquals(
        drivers.path("regions").get(0).path("region").asText(),
        driver.findElement(By.cssSelector("#drivers .driver .name")).getText());

    // Evidence: clicking an id shows the incident's date, place, groups, killed, injured and
    // source.
    final var ids = driver.findElements(By.cssSelector("#evidence-ids button"));
    assertTrue(ids.size() > 0, "no evidence ids");
    final String first = ids.get(0).getText();
    ids.get(0).click();
    wait.until(d -> d.findElement(By.id("incident-detail")).isDisplayed());
    final JsonNode incident = DashboardServerTest.json(app, "/api/v1/incidents/" + first);
    final String shown = driver.findElement(By.id("incident-detail")).getText();
    assertTrue(
        shown.contains(incident.path("occurredOn").asText())
            && shown.contains(incident.path("region").asText())
            && shown.contains(incident.path("source").path("name").asText())
            && shown.contains("Counted\nyes"),
        shown);
    // Its injured too, as its killed: an injured alert's evidence is its wounded.
    final List<String> injured = new ArrayList<>();
    for (final String[] c :
        new String[][] {
          {"securityForces", "security forces"},
          {"civilians", "civilians"},
          {"militants", "militants"},
          {"unknown", "unknown"}
        }) {
      final int n = incident.path("injured").path(c[0]).asInt();
      if (n > 0) {
        injured.add(c[1] + " " + n);
      }
    }
    assertTrue(
        shown.contains("\nInjured\n" + (injured.isEmpty() ? "0" : String.join(", ", injured))),
        shown);

    Files.createDirectories(SCREENSHOT.getParent());
    Files.write(SCREENSHOT, driver.getScreenshotAs(OutputType.BYTES));

    // Every text of an incident is text; the link is the source's http(s) URL, nothing else.
    js("return window.__surgewatch.showIncident('PAK-XSS-1')");
    wait.until(d -> d.findElement(By.id("incident-detail")).getText().contains("Place"));
    wait.until(d -> d.findElement(By.id("incident-detail")).getText().contains(XSS));
    final String xss = driver.findElement(By.id("incident-detail")).getText();
    assertTrue(
        xss.contains("<i>G</i>") && xss.contains("<script>window.__xss=2</script>notes"), xss);
    assertEquals(
        Boolean.TRUE,
        js(
            "return window.__xss === undefined && !document.querySelector('#incident-detail img, #incident-detail script, #incident-detail i')"));
    assertEquals(
        "https://example.org/r?a=1&b=%3Cb%3E",
        driver.findElement(By.cssSelector("#incident-detail a")).getAttribute("href"));
    driver.manage().window().setSize(new Dimension(1440, 1500));

    final List<LogEntry> errors =
        driver.manage().logs().get(LogType.BROWSER).getAll().stream()
            .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
            .toList();
    assertTrue(errors.isEmpty(), "console errors: " + errors);
  }

  @Test
  void anAlertOfAllCountriesShowsItsCountriesAsDriversAsOtherRollupsShowTheirs() {
    // The seeds' unattributed incidents open alerts on * / * / UNKNOWN, as on PK / * / UNKNOWN.
    JsonNode chosen = null;
    for (final JsonNode a :
        DashboardServerTest.json(app, "/api/v1/alerts?country=*&region=*&group=UNKNOWN&limit=200")
            .path("alerts")) {
      if (chosen == null && !a.path("status").asText().equals("WITHDRAWN")) {
        chosen = a;
      }
    }
    assertTrue(chosen != null, "no standing alert of * / * / UNKNOWN in the seeds");
    final String alertId = chosen.path("alertId").asText();
    final WebDriverWait wait = open("/?live=0#*/*/UNKNOWN/P30D/" + chosen.path("metric").asText());
    driver.findElement(By.cssSelector(".tabs button[data-tab='key']")).click();
    final By row = By.cssSelector("#alerts-body tr[data-alert='" + alertId + "'] .key");
    wait.until(d -> !d.findElements(row).isEmpty());
    driver.findElement(row).click();
    wait.withMessage(
            () ->
                "no drivers shown; the panel says: "
                    + driver.findElement(By.id("drivers-empty")).getAttribute("textContent"))
        .until(
            d ->
                d.findElements(By.cssSelector("#drivers .driver")).size() > 0
                    && "By country"
                        .equals(
                            js(
                                "const h = document.querySelector('#drivers .drivers-head');"
                                    + " return h && h.textContent")));
    assertEquals("PK", driver.findElement(By.cssSelector("#drivers .driver .name")).getText());
    assertFalse(driver.findElement(By.id("drivers-empty")).isDisplayed(), "not 'Not a rollup'");
  }

  private static JsonNode chosen(final String alertId) {
    return DashboardServerTest.json(app, "/api/v1/alerts/" + AlertHistoryApiTest.enc(alertId));
  }

  /**
   * A headless screenshot tool with a virtual-time budget finishes: with ?live=0 the page settles.
   */
  @Test
  void aHeadlessScreenshotWithAVirtualTimeBudgetSettles() throws Exception {
    final Path out = Path.of("target", "dashboard-headless.png").toAbsolutePath();
    Files.deleteIfExists(out);
    final Path dir = SharedTestStack.newDirectory("surgewatch-chromium-cli");
    final ProcessBuilder chromium =
        new ProcessBuilder(
                CHROMIUM.toString(),
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--user-data-dir=" + dir,
                "--window-size=1440,1500",
                "--virtual-time-budget=10000",
                "--screenshot=" + out,
                app.dashboard.url() + "/?live=0")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    chromium.environment().putAll(outOfHome(dir));
    final Process p = chromium.start();
    final boolean done = p.waitFor(90, TimeUnit.SECONDS);
    if (!done) {
      p.destroyForcibly();
    }
    assertTrue(done, "chromium --screenshot --virtual-time-budget did not finish");
    assertTrue(Files.size(out) > 10_000, "no screenshot written");
  }

  /**
   * Chromium keeps crash reports and dconf's cache under the user's home whatever its profile
   * (~/.config/chromium, ~/.cache/dconf): the variables that put them in the test's directory.
   */
  static Map<String, String> outOfHome(final Path dir) {
    return Map.of(
        "XDG_CONFIG_HOME", dir.resolve("config").toString(),
        "XDG_CACHE_HOME", dir.resolve("cache").toString());
  }

  static JsonNode parse(final String body) throws Exception {
    return EventJson.MAPPER.readTree(body);
  }
}
