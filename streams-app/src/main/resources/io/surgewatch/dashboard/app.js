'use strict';
// Surgewatch dashboard. Every text that came from the API or the event stream reaches the DOM through textContent
// (el() below); the only HTML built from strings is ECharts' tooltips, and those go through esc().
(() => {
  const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'];
  const SEV_COLOR = { CRITICAL: '#f85149', HIGH: '#f0883e', MEDIUM: '#e3b341', LOW: '#3fb68b', UNKNOWN: '#8c96a7' };
  const METRIC_LABEL = { incidents: 'Incidents', killed: 'Killed', injured: 'Injured' };
  const CATEGORIES = [['securityForces', 'Security forces', '#58a6ff'], ['civilians', 'Civilians', '#f0883e'],
    ['militants', 'Militants', '#a371f7'], ['unknown', 'Unknown', '#6e7781']];
  const WINDOW_LABEL = { P7D: '7 days', P30D: '30 days', P90D: '90 days', P365D: '365 days' };
  const ALL = '*';

  const state = {
    country: 'PK', region: ALL, group: ALL, window: 'P30D', metric: 'killed', stacked: false, tab: 'open',
    keys: [], points: [], open: [], recent: [], keyAlerts: [], statements: [], statementsTotal: 0, statementsNote: null,
    latestDay: null, liveEvents: 0, token: sessionStorage.getItem('surgewatch.token'), loadSeq: 0,
    chosen: null, detailSeq: 0, incident: null, incidentSeq: 0, dead: [], deadSeq: 0,
    // ?live=0: no event stream (headless screenshot tools wait for the network to settle; a stream never does).
    live: new URLSearchParams(location.search).get('live') !== '0',
  };
  // For tests and curious users: what the page shows, without scraping the canvas.
  const debug = window.__surgewatch = {
    series: [], alertMarks: 0, liveEvents: 0, latestDay: null, ready: false, live: null,
    detail: null, drivers: null, incident: null, deadLetters: null,
  };

  const $ = id => document.getElementById(id);
  const esc = s => String(s ?? '').replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
  const fmt = n => (n == null || Number.isNaN(n) ? '–' : Number(n).toLocaleString('en-US'));
  // An alert's score and expectation as its record and reason have them, to the hundredth (8.0, 14.99):
  // a tenth would show a HIGH 14.99 as 15.0, past the CRITICAL threshold it is below.
  const fig = n => Number(n).toFixed(2).replace(/(\.\d)0$/, '$1');
  const day = s => Date.parse(s + 'T00:00:00Z');
  const addDays = (s, n) => new Date(day(s) + n * 864e5).toISOString().slice(0, 10);
  const windowDays = w => Number(w.slice(1, -1));
  // The axis's top as a round figure (1, 1.2, 1.5, 2, ... 8 times a power of ten), so its ticks are too.
  const niceCeil = x => {
    const p = Math.pow(10, Math.floor(Math.log10(Math.max(x, 1))));
    return [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].map(m => m * p).find(n => n >= x);
  };
  const sleep = ms => new Promise(r => setTimeout(r, ms));
  const keyLabel = (c, r, g) => [c === ALL ? 'All countries' : c, r === ALL ? 'all regions' : r, g === ALL ? 'all groups' : g].join(' / ');
  const isShownKey = o => o.country === state.country && o.region === state.region && o.group === state.group;
  const isOpen = a => a.status === 'OPEN' || a.status === 'ESCALATED';

  /** Builds an element; strings become text nodes, never markup. */
  function el(tag, props, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(props || {})) {
      if (v == null) continue;
      if (k === 'class') e.className = v;
      else if (k === 'text') e.textContent = v;
      else e.setAttribute(k, v);
    }
    for (const c of children.flat()) if (c != null && c !== false) e.append(c instanceof Node ? c : String(c));
    return e;
  }

  // ---- API ----
  let tokenPrompt = null;
  function askToken(rejected) {
    if (!tokenPrompt) {
      tokenPrompt = new Promise(resolve => {
        const dialog = $('token-dialog');
        $('token-error').hidden = !rejected;
        $('token-form').onsubmit = () => {
          state.token = $('token-input').value.trim();
          sessionStorage.setItem('surgewatch.token', state.token);
          tokenPrompt = null;
          resolve();
        };
        dialog.showModal();
      });
    }
    return tokenPrompt;
  }

  async function api(path, params, attempt = 0) {
    const qs = params ? '?' + new URLSearchParams(params) : '';
    const headers = { Accept: 'application/json' };
    if (state.token) headers.Authorization = 'Bearer ' + state.token;
    const r = await fetch(path + qs, { headers });
    if (r.status === 401) {
      await askToken(!!state.token);
      return api(path, params, attempt);
    }
    // Starting or rebalancing, or an instance that holds the key does not answer: the server says when
    // to come back. Kafka notices a dead instance only after its session timeout (45 s by default) and
    // then moves its work: the page waits for that, saying so, for up to about three minutes.
    if (r.status === 503 && attempt < 90) {
      noteWaiting(path, await problemDetail(r));
      try {
        await sleep(1000 * Math.min(5, Number(r.headers.get('Retry-After')) || 2));
        return await api(path, params, attempt + 1);
      } finally {
        if (attempt === 0) noteWaiting(path, null);
      }
    }
    if (r.status === 404 && path === '/api/v1/counts') return { points: [] }; // a key with no report yet
    if (!r.ok) {
      const e = new Error(path + ' answered ' + r.status + ': ' + await problemDetail(r));
      e.status = r.status;
      throw e;
    }
    const body = await r.json();
    noteStale(body !== null && typeof body === 'object' && body.stale === true);
    return body;
  }

  async function problemDetail(r) {
    try {
      const body = await r.json();
      return body.detail || body.title || r.statusText;
    } catch (e) {
      return r.statusText;
    }
  }

  // The requests waiting on a 503, by path: the header says so, with the server's reason.
  const waitingOn = new Map();
  function noteWaiting(path, detail) {
    if (detail == null) waitingOn.delete(path);
    else waitingOn.set(path, detail);
    const w = $('waiting');
    w.hidden = waitingOn.size === 0;
    w.title = [...new Set(waitingOn.values())].join('\n') + '\nRetrying.';
    w.textContent = 'waiting for an instance';
  }

  // An answer read from a standby copy while an instance does not answer carries "stale": true; the
  // mark stays up for a while after the last such answer, as requests of other keys come back fresh.
  let staleAt = 0;
  function noteStale(stale) {
    if (stale) staleAt = Date.now();
    $('stale').hidden = Date.now() - staleAt > 15000;
  }
  // An idle page asks nothing: the mark comes down on time all the same.
  setInterval(() => noteStale(false), 5000);

  // ---- pickers ----
  function fillSelect(select, values, allLabel, current) {
    // A region or group the address named that no report has: kept, so the view is the one named (and says so).
    if (current !== ALL && !values.includes(current)) values = values.concat([current]);
    select.replaceChildren(...values.map(v => el('option', { value: v, text: v === ALL ? allLabel : v })));
    select.value = values.includes(current) ? current : ALL;
    return select.value;
  }

  function renderPickers() {
    const keys = state.keys;
    const countries = [...new Set(keys.map(k => k.country))].sort((a, b) => (a === ALL) - (b === ALL) || a.localeCompare(b));
    if (!countries.includes(state.country)) countries.push(state.country);
    $('country').replaceChildren(...countries.map(v => el('option', { value: v, text: v === ALL ? 'All countries' : v })));
    $('country').value = state.country;
    const inCountry = keys.filter(k => k.country === state.country);
    const regions = [ALL, ...new Set(inCountry.map(k => k.region).filter(r => r !== ALL).sort())];
    state.region = fillSelect($('region'), regions, 'All regions', state.region);
    const groups = [ALL, ...new Set(inCountry.filter(k => k.region === state.region).map(k => k.group).filter(g => g !== ALL).sort())];
    state.group = fillSelect($('group'), groups, 'All groups', state.group);
    $('window').value = state.window;
    for (const b of $('metric').querySelectorAll('button')) b.classList.toggle('on', b.dataset.metric === state.metric);
    $('stacked').checked = state.stacked;
    $('stacked').disabled = state.metric === 'incidents';
  }

  /** Whether the address named a view (then it is shown as named, data or not). */
  let viewNamed = false;

  function readHash() {
    // Split, then decode: a group's name may hold a slash ("UNIR/PS"), written as %2F.
    const parts = location.hash.slice(1).split('/').map(p => {
      try { return decodeURIComponent(p); } catch (e) { return p; }
    });
    // A shorter address (#bf, #bf/est, #bf/*/jnim) names its view too: what it leaves out is the default's.
    if (parts[0]) {
      viewNamed = true;
      [state.country, state.region, state.group, state.window, state.metric] =
        [parts[0], parts[1] || ALL, parts[2] || ALL, parts[3] || 'P30D', parts[4] || 'killed'];
      state.stacked = parts[5] === 'stacked';
    }
    // "bf" or "Burkina Faso" in the address: loadView takes the key the API reads it as.
    if (!WINDOW_LABEL[state.window]) state.window = 'P30D';
    if (!METRIC_LABEL[state.metric]) state.metric = 'killed';
  }

  function writeHash() {
    const parts = [state.country, state.region, state.group, state.window, state.metric].concat(state.stacked ? ['stacked'] : []);
    history.replaceState(null, '', '#' + parts.map(encodeURIComponent).join('/'));
  }

  // ---- chart ----
  const chart = echarts.init($('chart'), null, { renderer: 'canvas' });
  window.addEventListener('resize', () => chart.resize());

  // A pin or a marked stretch opens its alert's history, drivers and evidence, as its row does.
  chart.on('click', p => {
    const a = p.data && p.data.alert;
    if (a && (p.componentType === 'markPoint' || p.componentType === 'markArea')) chooseAlert(a.alertId).catch(report);
  });

  function alertStart(a) {
    return a.openedOn && a.openedOn < a.windowEnd ? a.openedOn : a.windowStart;
  }

  function valueAt(date) {
    const p = state.points.find(x => x.windowEnd === date) || state.points[state.points.length - 1];
    return p ? p[state.metric] : 0;
  }

  /** Whether a key of the list is the one chosen, ignoring case; the view then takes its spelling. */
  function spellAsKnown() {
    const same = (a, b) => String(a).toLowerCase() === String(b).toLowerCase();
    const k = state.keys.find(k => same(k.country, state.country) && same(k.region, state.region) && same(k.group, state.group));
    if (k) [state.country, state.region, state.group] = [k.country, k.region, k.group];
    return !!k;
  }

  /** Whether any report has counted in the key shown. */
  function isKnownKey() {
    return knownKeys().has(keyId(state));
  }

  function renderChart() {
    debug.chartRenders = (debug.chartRenders || 0) + 1;
    const pts = state.points;
    const m = state.metric;
    const stacked = state.stacked && m !== 'incidents';
    // A line through one day draws nothing: a series of one point shows it as a dot.
    const symbol = pts.length === 1 ? 'circle' : 'none';
    debug.series = pts;
    $('chart-empty').hidden = pts.length > 0;
    $('chart-empty').textContent = isKnownKey()
      ? 'No counts for this key yet.'
      : 'No report counted for ' + keyLabel(state.country, state.region, state.group) + ' so far (see the pickers for'
        + ' the places and groups there are).';
    $('chart-title').textContent = METRIC_LABEL[m] + (stacked ? ' by victim category' : '') + ', rolling '
      + WINDOW_LABEL[state.window] + ' · ' + keyLabel(state.country, state.region, state.group);
    // z and zlevel given: without them ECharts 5.3 warns "z / z2 / zlevel of displayable is invalid"
    // at the first hover of the axis tooltip.
    const series = stacked
      ? CATEGORIES.map(([k, label, color]) => ({
        name: label, type: 'line', z: 2, zlevel: 0, stack: 'total', symbol, symbolSize: 8, color, lineStyle: { width: 1 },
        areaStyle: { opacity: 0.5 }, emphasis: { focus: 'series' },
        data: pts.map(p => [p.windowEnd, (p[m === 'killed' ? 'killedBy' : 'injuredBy'] || {})[k] || 0]),
      }))
      : [{
        name: METRIC_LABEL[m], type: 'line', z: 2, zlevel: 0, symbol, symbolSize: 8, color: '#58a6ff', lineStyle: { width: 2 },
        areaStyle: { color: new echarts.graphic.LinearGradient(0, 0, 0, 1, [
          { offset: 0, color: 'rgba(88,166,255,0.35)' }, { offset: 1, color: 'rgba(88,166,255,0.02)' }]) },
        data: pts.map(p => [p.windowEnd, p[m]]),
      }];
    // The alerts on the metric drawn: another metric's alert on this key is not a mark on this line.
    const marks = state.keyAlerts.filter(a => a.status !== 'WITHDRAWN' && a.metric === m);
    debug.alertMarks = marks.length;
    const top = series[series.length - 1];
    top.markArea = {
      silent: false,
      tooltip: { trigger: 'item', formatter: p => alertTooltip(p.data.alert) },
      data: marks.map(a => [
        { xAxis: alertStart(a), alert: a, itemStyle: { color: SEV_COLOR[a.peakSeverity || a.severity] || SEV_COLOR.UNKNOWN, opacity: 0.13 } },
        { xAxis: a.windowEnd }]),
    };
    top.markPoint = {
      symbol: 'pin', symbolSize: 40,
      tooltip: { trigger: 'item', formatter: p => alertTooltip(p.data.alert) },
      label: { color: '#0d1117', fontWeight: 700, fontSize: 11 },
      data: marks.map(a => ({
        coord: [a.openedOn || a.windowEnd, valueAt(a.openedOn || a.windowEnd)], value: (a.peakSeverity || a.severity || '?')[0],
        alert: a, itemStyle: { color: SEV_COLOR[a.peakSeverity || a.severity] || SEV_COLOR.UNKNOWN },
      })),
    };
    chart.setOption({
      backgroundColor: 'transparent',
      animation: false,
      grid: { left: 56, right: 24, top: 28, bottom: 64 },
      legend: stacked ? { top: 0, right: 10, textStyle: { color: '#8c96a7' }, icon: 'roundRect' } : { show: false },
      tooltip: {
        trigger: 'axis', backgroundColor: '#1b222c', borderColor: '#262f3b', textStyle: { color: '#e6e9ef', fontSize: 12 },
        formatter: items => {
          const p = pts[items[0].dataIndex];
          if (!p) return '';
          const rows = items.map(i => `${i.marker}${esc(i.seriesName)} <b style="float:right;margin-left:18px">${fmt(i.value[1])}</b>`);
          return `<div style="color:#8c96a7">${esc(p.windowStart)} → ${esc(p.windowEnd)}${p.changed ? '' : ' (unchanged)'}</div>` + rows.join('<br>');
        },
      },
      // Daily values: no tick between two days (a short series would otherwise be labelled in hours).
      xAxis: { type: 'time', minInterval: 864e5, axisLine: { lineStyle: { color: '#394150' } }, axisLabel: { color: '#8c96a7' }, splitLine: { show: false } },
      // Room above the highest value for a pin standing on it.
      yAxis: { type: 'value', max: marks.length ? v => niceCeil(v.max * 1.18) : null,
        axisLabel: { color: '#8c96a7' }, splitLine: { lineStyle: { color: '#232b36' } } },
      dataZoom: [{ type: 'inside' }, {
        type: 'slider', height: 22, bottom: 14, borderColor: '#262f3b', backgroundColor: '#151b23',
        fillerColor: 'rgba(88,166,255,0.12)', dataBackground: { lineStyle: { color: '#394150' }, areaStyle: { color: '#1f2732' } },
        textStyle: { color: '#8c96a7' }, handleStyle: { color: '#58a6ff' },
      }],
      series,
    }, { notMerge: true });
  }

  function alertTooltip(a) {
    if (!a) return '';
    const peak = a.peakSeverity && a.peakSeverity !== a.severity ? ` (peak ${esc(a.peakSeverity)})` : '';
    return `<div style="max-width:340px;white-space:normal"><b style="color:${SEV_COLOR[a.severity] || '#ccc'}">${esc(a.severity)}</b>${peak} `
      + `${esc(a.status)} · ${esc(a.metric)}<br><span style="color:#8c96a7">${esc(a.windowStart)} → ${esc(a.windowEnd)}</span>`
      + `<br>${esc(a.reason)}</div>`;
  }

  // ---- summary ----
  // An arrow only for a change: "▲ 0%" would draw a rise where the value is the same, and call a small
  // change none.
  function change(now, before) {
    if (now === before) return 'unchanged';
    const percent = Math.round(100 * Math.abs(now / before - 1));
    return (now > before ? '▲ ' : '▼ ') + (percent === 0 ? '<1' : percent) + '%';
  }

  function renderSummary() {
    const counts = Object.fromEntries(SEVERITIES.map(s => [s, 0]));
    state.open.forEach(a => { counts[a.severity] = (counts[a.severity] || 0) + 1; });
    $('sev-counts').replaceChildren(...SEVERITIES.map(s =>
      el('span', { class: 'sev-chip ' + s + (counts[s] ? '' : ' zero') }, el('b', { text: String(counts[s]) }), s.toLowerCase())));
    const last = state.points[state.points.length - 1];
    $('value-label').textContent = METRIC_LABEL[state.metric] + ', ' + WINDOW_LABEL[state.window];
    $('latest-value').textContent = last ? fmt(last[state.metric]) : '–';
    const previous = last && addDays(last.windowEnd, -windowDays(state.window));
    const before = last && state.points.find(p => p.windowEnd === previous);
    const sub = last ? 'as of ' + last.windowEnd : 'no counts for this key';
    const delta = before && before[state.metric] > 0
      ? ' · ' + change(last[state.metric], before[state.metric]) + ' vs. previous window' : '';
    $('latest-value-sub').textContent = sub + delta;
    $('latest-day').textContent = state.latestDay || '–';
    debug.latestDay = state.latestDay;
    $('live-count').textContent = fmt(state.liveEvents);
    debug.liveEvents = state.liveEvents;
    const legend = $('sev-legend');
    legend.replaceChildren(...SEVERITIES.map(s => el('span', null, el('i', { style: 'background:' + SEV_COLOR[s] }), s.toLowerCase())));
  }

  // ---- alerts table ----
  function alertRow(a, fresh) {
    const evidence = [];
    // Ids are links into the detail panel, as its own are: an incident shows its report, a related alert its story.
    const ids = (list, title, open) => el('span', { class: 'ids' }, ...list.flatMap((id, i) => {
      const b = el('button', { type: 'button', class: 'id-link', text: id, title: title(id) });
      b.addEventListener('click', () => open(id).catch(report));
      return i ? [', ', b] : [b];
    }));
    if (a.topIncidentIds?.length) evidence.push(el('li', null, 'Top incidents in the latest figures: ',
      ids(a.topIncidentIds, id => 'Show the report of incident ' + id,
        async id => { await chooseAlert(a.alertId); if (state.chosen === a.alertId) await showIncident(id, a.alertId); })));
    if (a.relatedAlertIds?.length) evidence.push(el('li', null, 'Related alerts: ',
      ids(a.relatedAlertIds, id => 'Show alert ' + id, id => chooseAlert(id))));
    for (const s of a.statements || []) {
      evidence.push(el('li', null, el('span', { class: 'kind ' + s.kind, text: s.kind }), ' ', s.speaker, ' · ',
        (s.madeAt || '').slice(0, 10), el('blockquote', { text: s.quote })));
    }
    // A correction that withdrew one alert and opened the next of its series: each names the other.
    const linked = (cls, words, id) => {
      const b = el('button', { type: 'button', class: 'id-link', text: id, title: 'Show alert ' + id });
      b.addEventListener('click', e => { e.stopPropagation(); chooseAlert(id).catch(report); });
      return el('span', { class: 'metric ' + cls }, words, b);
    };
    const counted = (n, one, many) => n && n + ' ' + (n === 1 ? one : many);
    const summary = [counted(a.topIncidentIds?.length, 'incident', 'incidents'),
      counted(a.relatedAlertIds?.length, 'related', 'related'), counted(a.statements?.length, 'statement', 'statements')]
      .filter(Boolean).join(' · ');
    const opened = a.opened || a;
    const peak = a.peakSeverity && a.peakSeverity !== a.severity;
    const withdrawn = a.status === 'WITHDRAWN';
    const row = el('tr', { class: (isShownKey(a) ? 'current' : '') + (fresh ? ' flash' : '') + (state.chosen === a.alertId ? ' chosen' : '')
      + (withdrawn ? ' withdrawn' : ''), 'data-alert': a.alertId, title: 'Show its history, drivers and evidence' },
      el('td', null, el('span', { class: 'badge ' + a.severity, text: a.severity }),
        el('span', { class: 'status', text: a.status + ' · #' + a.sequence }),
        // A withdrawn alert was never a surge: the severity it was told with is not a peak.
        peak ? el('span', { class: 'peak' }, withdrawn ? 'told as ' : 'peak ',
          el('span', { class: 'badge small ' + a.peakSeverity, text: a.peakSeverity })) : null),
      el('td', null, el('span', { class: 'key', text: [a.country, a.region, a.group].join(' / ') }),
        el('span', { class: 'metric', text: a.metric + ', opened ' + (a.openedOn || '–') }),
        a.reopenedAfter ? el('span', { class: 'metric reopened', title: reopenedTitle(a),
          text: 'reopened #' + opened.sequence + ' after its withdrawal #' + a.reopenedAfter.withdrawn.sequence }) : null,
        a.predecessor ? linked('predecessor', 'follows withdrawn ', a.predecessor) : null,
        a.successor ? linked('successor', 'succeeded by ', a.successor) : null,
        // The latest transition's window, as its score and reason are: the Opened column's figures are another window's.
        el('span', { class: 'metric' }, 'latest #' + a.sequence + ': ',
          el('span', { class: 'dates', text: a.windowStart + ' → ' + a.windowEnd }))),
      el('td', { class: 'num minor' }, fmt(opened.observed), el('span', { class: 'metric', text: 'exp. ' + fig(opened.expected) }),
        el('span', { class: 'metric', text: opened.windowEnd ? 'to ' + opened.windowEnd : '' })),
      el('td', { class: 'num' }, a.current ? fmt(a.current.observed) : '–',
        el('span', { class: 'metric', text: a.current ? 'to ' + a.current.windowEnd : '' })),
      el('td', { class: 'num minor', text: fig(a.score) }),
      el('td', null, el('p', { class: 'reason', text: a.reason }),
        evidence.length ? el('details', null, el('summary', { text: 'Evidence: ' + summary }), el('ul', null, evidence)) : null));
    row.addEventListener('click', e => {
      if (e.target.closest('details')) return; // opening the evidence list is not choosing the alert
      chooseAlert(a.alertId).catch(report);
    });
    return row;
  }

  /** A reopened alert's withdrawn story in words: what it first told, and the withdrawal that ended it. */
  function reopenedTitle(a) {
    const r = a.reopenedAfter;
    return `first opened (#${r.opened.sequence}) at ${fmt(r.opened.observed)} against ${fig(r.opened.expected)} expected`
      + ` (${r.opened.severity}, score ${fig(r.opened.score)}), withdrawn (#${r.withdrawn.sequence}) at`
      + ` ${fmt(r.withdrawn.observed)} against ${fig(r.withdrawn.expected)} (score ${fig(r.withdrawn.score)})`;
  }

  // ---- one alert: history, drivers, evidence ----
  const enc = encodeURIComponent;

  async function chooseAlert(alertId) {
    const seq = ++state.detailSeq;
    // Another alert shows no report yet; the same one drawn again (a live update) keeps the report it shows.
    if (state.chosen !== alertId) {
      state.incident = null;
      state.incidentSeq++; // a report still being fetched for the alert before is not shown
    }
    state.chosen = alertId;
    for (const tr of document.querySelectorAll('#alerts-body tr')) tr.classList.toggle('chosen', tr.dataset.alert === alertId);
    const [detail, drivers] = await Promise.all([
      api('/api/v1/alerts/' + enc(alertId)), api('/api/v1/alerts/' + enc(alertId) + '/drivers')]);
    if (seq !== state.detailSeq) return false; // another alert was chosen meanwhile
    debug.detail = detail;
    debug.drivers = drivers;
    renderDetail(detail, drivers);
    return true;
  }

  function renderDetail(a, d) {
    state.detailAlert = a;
    $('alert-detail').hidden = false;
    $('detail-title').textContent = [a.country, a.region, a.group].join(' / ') + ' · ' + a.metric;
    const cur = a.current ? ` · now ${fmt(a.current.observed)} (${a.current.windowStart} → ${a.current.windowEnd})` : '';
    // A reopening's figures are the alert's opening now; those it first told and its withdrawal are said beside them.
    const opening = a.reopenedAfter
      ? `Reopened ${a.openedOn} (#${a.opened.sequence}) at ${fmt(a.opened.observed)} against ${fig(a.opened.expected)} expected`
        + ` (${a.opened.severity}) after its withdrawal: ${reopenedTitle(a)}`
      : `Opened ${a.openedOn} at ${fmt(a.opened.observed)} against ${fig(a.opened.expected)} expected (${a.opened.severity})`;
    const told = a.status === 'WITHDRAWN' ? 'told as ' : 'peak ';
    $('detail-sub').textContent = opening + ` · ${told}${a.peakSeverity} · latest ${a.status} ${a.severity}` + cur;
    // The transitions of a story a withdrawal ended are no longer the alert's: shown apart.
    const standsFrom = a.reopenedAfter ? a.opened.sequence : 1;
    $('detail-transitions').replaceChildren(...a.transitions.map(t => el('tr', {
      title: (t.sequence < standsFrom ? 'Withdrawn before the reopening: ' : '') + t.reason, class: t.sequence < standsFrom ? 'superseded' : null },
      el('td', { class: 'minor', text: String(t.sequence) }), el('td', { text: t.status }),
      el('td', null, el('span', { class: 'badge ' + t.severity, text: t.severity })),
      // A narrow window breaks between its days, never inside a date.
      el('td', null, el('span', { class: 'dates', text: t.windowStart + ' →' }), ' ', el('span', { class: 'dates', text: t.windowEnd })),
      el('td', { class: 'num', text: fmt(t.observed) }),
      el('td', { class: 'num minor', text: fig(t.expected) }), el('td', { class: 'num', text: fig(t.score) }))));
    // Drivers: each drill-down key's share of the excess over the baseline (countries for a key of all countries).
    const lists = [['countries', 'By country', x => x.country], ['regions', 'By region', x => x.region],
      ['groups', 'By group', x => x.group]].filter(([k]) => (d[k] || []).length);
    const max = Math.max(1, ...lists.flatMap(([k]) => d[k].map(x => Math.abs(x.excess))));
    $('drivers').replaceChildren(...lists.flatMap(([k, label, name]) => [el('div', { class: 'drivers-head', text: label }),
      ...d[k].slice(0, 8).map(x => el('div', { class: 'driver', 'data-key': name(x), title: `${fmt(x.observed)} observed, ${fig(x.expected)} expected: ${x.excess > 0 ? '+' : ''}${fig(x.excess)} of the excess` },
        el('span', { class: 'name', text: name(x) }),
        el('span', { class: 'bar' }, el('i', { class: x.excess < 0 ? 'neg' : '', style: 'width:' + Math.round(100 * Math.abs(x.excess) / max) + '%' })),
        el('span', { class: 'pct', text: x.share == null ? (x.excess > 0 ? '+' : '') + x.excess : Math.round(100 * x.share) + '%' })))]));
    $('drivers-empty').hidden = lists.length > 0;
    // No drill-down is "not a rollup" only for a key without *: a rollup has none when nothing under it has figures.
    $('drivers-empty').textContent = [a.country, a.region, a.group].includes(ALL)
      ? 'Nothing under this rollup has figures in this window.' : 'Not a rollup: no drill-down.';
    // The percentages are shares of the excess: a key below its own expected takes a negative share.
    $('drivers-meta').textContent = `${d.from} → ${d.to}: ${fmt(d.observed)} vs ${fig(d.expected)} expected;`
      + ' each key\'s share of the excess';
    // Evidence: the incidents behind the surge (its peak), each a button that shows the report.
    const peak = a.transitions.find(t => t.sequence === a.peak.sequence) || a.transitions[a.transitions.length - 1];
    const ids = [...new Set([...(peak.topIncidentIds || []), ...(a.topIncidentIds || [])])];
    if (!ids.includes(state.incident)) state.incident = null; // no longer among this alert's evidence
    const alertId = state.chosen;
    $('evidence-ids').replaceChildren(...ids.map(id => {
      const b = el('button', { type: 'button', 'data-incident': id, text: id, class: id === state.incident ? 'on' : '' });
      // Shown only while this alert is still the chosen one: a report must not open under another alert.
      b.addEventListener('click', () => showIncident(id, alertId).catch(report));
      return b;
    }));
    $('incident-detail').hidden = state.incident == null;
  }

  /** The report behind an evidence id: every text as text; the source linked only when its URL is http(s). */
  async function showIncident(id, alertId) {
    const seq = ++state.incidentSeq;
    const i = await api('/api/v1/incidents/' + enc(id));
    if (seq !== state.incidentSeq) return; // another report, or another alert, was chosen meanwhile
    if (alertId && state.chosen !== alertId) return;
    state.incident = id;
    debug.incident = i;
    for (const b of document.querySelectorAll('#evidence-ids button')) b.classList.toggle('on', b.dataset.incident === id);
    // Killed and injured alike: an injured alert's evidence is its injured (a bombing's 200 wounded).
    const byCategory = f => CATEGORIES.map(([c, label]) => (f && f[c] ? label.toLowerCase() + ' ' + f[c] : null)).filter(Boolean).join(', ') || '0';
    const src = i.source || {};
    const link = i.link && /^https?:\/\//i.test(i.link) ? el('a', { href: i.link, target: '_blank', rel: 'noopener noreferrer', text: i.link }) : null;
    const row = (dt, ...dd) => [el('dt', { text: dt }), el('dd', null, ...dd)];
    const box = $('incident-detail');
    box.replaceChildren(el('dl', null,
      row('Incident', id + (i.retracted ? ' (retracted)' : '')),
      row('Date', i.occurredOn + (i.datePrecision && i.datePrecision !== 'DAY' ? ' (' + i.datePrecision.toLowerCase() + ')' : '')),
      row('Place', [i.location, i.admin2, i.region, i.country].filter(Boolean).join(', ')),
      row('Groups', (i.groups || []).map(g => g.name + (g.attribution && g.attribution !== 'UNKNOWN' ? ' (' + g.attribution.toLowerCase() + ')' : '')).join(', ') || 'unattributed'),
      row('Type', (i.eventType || '') + (i.sourceEventType ? ' · ' + i.sourceEventType : '')),
      row('Killed', byCategory(i.killed)),
      row('Injured', byCategory(i.injured)),
      // Evidence of an alert can leave the counts later (a retraction, a type re-coded): say so.
      row('Counted', i.counted === false ? 'no: ' + i.notCounted : 'yes'),
      // A later report refused as too late (history.days): what is shown above is not the latest word.
      ...(i.refusedReport ? [row('Later report refused', refusedText(i.refusedReport))] : []),
      row('Source', src.name || '–', link ? el('br') : null, link)),
      ...(i.notes ? [el('p', { class: 'notes', text: i.notes })] : []));
    box.hidden = false;
  }
  debug.showIncident = id => showIncident(id);

  /** A refused report: what it said, why it was refused, and where its dead letter is. */
  function refusedText(r) {
    const d = r.deadLetter || {};
    return (r.retracted ? 'a deletion' : 'moving it to ' + r.occurredOn) + ', reported ' + r.reportedAt + ': ' + d.reason
      + ' (dead letter on ' + d.topic + ', key ' + d.originalKey + (deadFrom(d) ? '; the report came from ' + deadFrom(d) : '') + ')';
  }

  function renderAlerts(freshId) {
    const rows = state.tab === 'open' ? state.open : state.tab === 'key' ? state.keyAlerts : state.recent;
    // The API lists withdrawn alerts last: a heading sets them apart from the surges above.
    const firstWithdrawn = rows.findIndex(a => a.status === 'WITHDRAWN');
    const apart = el('tr', { class: 'apart' }, el('td', { colspan: '6',
      text: 'Withdrawn: revised reports removed their basis; they were never surges' }));
    $('alerts-body').replaceChildren(...rows.flatMap((a, i) => [i === firstWithdrawn ? apart : null, alertRow(a, a.alertId === freshId)])
      .filter(Boolean));
    $('alerts-empty').hidden = rows.length > 0;
    for (const b of document.querySelectorAll('.tabs button')) b.classList.toggle('on', b.dataset.tab === state.tab);
  }

  // ---- statements ----
  // A quote longer than this is shown shortened, with a button for the rest: quotes of speeches run to
  // hundreds of thousands of characters, and 200 of them whole made a page of megabytes.
  const QUOTE_SHOWN = 600;

  /** A quote as text, in its own direction (an Urdu quote's punctuation at its own end), shortened when long. */
  function quote(text) {
    const q = el('p', { class: 'quote', dir: 'auto' });
    const whole = text || '';
    if (whole.length <= QUOTE_SHOWN) {
      q.textContent = whole;
      return q;
    }
    const more = el('button', { type: 'button', class: 'more', text: 'Show all ' + whole.length.toLocaleString('en') + ' characters' });
    more.addEventListener('click', () => { q.textContent = whole; });
    q.append(whole.slice(0, QUOTE_SHOWN) + '… ', more);
    return q;
  }

  function renderStatements() {
    $('statements').replaceChildren(...state.statements.map(s => {
      const who = s.speaker || {};
      const role = [who.role, who.organisation].filter(Boolean).join(', ');
      const src = s.source || {};
      // Linked only when http or https, as an incident's source is.
      const link = src.url && /^https?:\/\//i.test(src.url)
        ? el('a', { href: src.url, target: '_blank', rel: 'noopener noreferrer', text: src.name || src.url }) : null;
      const groups = s.about?.groups || [];
      return el('li', null,
        el('time', { datetime: s.madeAt, text: (s.madeAt || '').slice(0, 10) }), el('span', { class: 'kind ' + s.kind, text: s.kind }),
        el('p', { class: 'speaker' }, who.name || '', role ? el('span', { text: ' · ' + role }) : null),
        quote(s.quote),
        el('p', { class: 'attribution' }, 'Source: ', link || src.name || '–',
          groups.length ? ' · groups: ' + groups.join(', ') : null));
    }));
    $('statements-empty').hidden = state.statements.length > 0;
    $('statements-meta').textContent = state.statementsTotal ? state.statementsTotal + ' about ' + keyLabel(state.country, state.region, state.group) : '';
    // Statements before the timeline's horizon (statement.timeline-days) are not kept: the API says which.
    $('statements-note').textContent = state.statementsNote || '';
    $('statements-note').hidden = !state.statementsNote;
  }

  // ---- rejected records ----
  // Where a rejected record came from: the file and line it was read from, or the input topic's partition and offset.
  const deadFrom = d => d.sourceFile ? d.sourceFile + (d.sourceLine != null ? ':' + d.sourceLine : '')
    : d.sourceTopic ? d.sourceTopic + '-' + d.sourcePartition + '@' + d.sourceOffset : '';

  function renderDead() {
    $('dead-body').replaceChildren(...state.dead.map(d => el('tr', null,
      el('td', { class: 'num', text: (d.failedAt || '').replace('T', ' ').slice(0, 19) }),
      el('td', null, el('span', { class: 'kind', text: d.category })),
      el('td', { text: d.recordId ?? d.originalKey ?? '' }),
      el('td', { class: 'why', text: d.reason }),
      el('td', { class: 'muted', text: deadFrom(d) }))));
    $('dead-empty').hidden = state.dead.length > 0;
    const category = $('dead-category').value;
    // What the list was drawn from: the records the last load read, and those the stream brought since.
    $('dead-meta').textContent = 'newest ' + state.dead.length + (category ? ' ' + category : '') + ' of '
      + fmt(Math.max(deadScanned, state.dead.length)) + ' read';
    $('dead-empty').textContent = category ? 'No ' + category + ' records rejected.' : 'Nothing rejected.';
  }

  // The rejected records the list was drawn from: those the last load read and those of its category streamed since.
  let deadScanned = 0;

  // Letters of the category shown that arrived while a load was in flight: its answer may have been read before them.
  let deadArrivedDuringLoad = null;
  const deadPlace = d => d.partition + '@' + d.offset;

  // A record rejected while the page is open: at the top, when it is of the category shown.
  function onDeadLetter(d) {
    state.liveEvents++;
    redraw('summary');
    const category = $('dead-category').value;
    if (category && d.category !== category) return;
    if (deadArrivedDuringLoad) deadArrivedDuringLoad.push(d);
    state.dead = [d, ...state.dead].slice(0, 20);
    deadScanned++;
    redraw('dead');
    debug.deadLetters = state.dead.length;
  }

  async function loadDeadLetters() {
    const seq = ++state.deadSeq; // a slower earlier answer must not overwrite the category chosen since
    const category = $('dead-category').value;
    const arrived = deadArrivedDuringLoad = [];
    let body;
    try {
      body = await api('/api/v1/dead-letters', category ? { category, limit: 20 } : { limit: 20 });
    } finally {
      // Kept only while this load is the one in flight: a failed load must not collect them for good.
      if (seq === state.deadSeq) deadArrivedDuringLoad = null;
    }
    if (seq !== state.deadSeq) return;
    // Those that arrived meanwhile and are not in the answer are newer than it: they stay on top.
    const answered = new Set(body.deadLetters.map(deadPlace));
    const newer = arrived.filter(d => !answered.has(deadPlace(d))).reverse();
    state.dead = [...newer, ...body.deadLetters].slice(0, 20);
    deadScanned = body.scanned + newer.length;
    renderDead();
    debug.deadLetters = state.dead.length;
  }

  // ---- loading ----
  const keyParams = () => ({ country: state.country, region: state.region, group: state.group });

  async function loadView() {
    const seq = ++state.loadSeq; // a slower earlier load must not overwrite a later choice
    writeHash();
    showLoading(true);
    // A key not in the list may have had its first report since the list was read, or be written
    // otherwise in the address ("bf", "Burkina Faso"): the view takes the key's own spelling. A key
    // no report has (a place the data lacks) has no series to ask for.
    const asked = keyLabel(state.country, state.region, state.group);
    let known = isKnownKey() || spellAsKnown();
    if (!known) {
      try { state.keys = (await api('/api/v1/keys')).keys; } catch (e) { /* the keys known so far */ }
      if (seq !== state.loadSeq) return;
      known = spellAsKnown();
      if (!known && state.country !== ALL && !state.keys.some(k => k.country === state.country)) {
        // A country's name: the API reads it as the counts do.
        try {
          const named = (await api('/api/v1/keys', { country: state.country })).keys;
          if (named.length) state.country = named[0].country;
        } catch (e) { /* not a country the API knows: shown as named */ }
        if (seq !== state.loadSeq) return;
        known = spellAsKnown();
      }
    }
    if (!known || keyLabel(state.country, state.region, state.group) !== asked) {
      renderPickers();
      writeHash();
    }
    const [counts, keyAlerts, statements] = await Promise.all([
      known ? api('/api/v1/counts', { ...keyParams(), window: state.window }) : { points: [] },
      api('/api/v1/alerts', { ...keyParams(), limit: 200 }),
      api('/api/v1/statements', { ...keyParams(), limit: 200 }),
    ]);
    if (seq !== state.loadSeq) return;
    showLoading(false);
    state.points = counts.points;
    state.keyAlerts = keyAlerts.alerts;
    state.statements = statements.statements;
    state.statementsTotal = statements.total;
    state.statementsNote = statements.note || null;
    if (counts.latestDay && (!state.latestDay || counts.latestDay > state.latestDay)) state.latestDay = counts.latestDay;
    renderChart();
    renderSummary();
    renderAlerts();
    renderStatements();
  }

  async function loadAlerts() {
    const [open, recent] = await Promise.all([api('/api/v1/alerts/open'), api('/api/v1/alerts', { limit: 100 })]);
    state.open = open.alerts;
    state.recent = recent.alerts;
    // Nothing open: the history, until alerts open (unless the reader chose a tab).
    if (!state.tabChosen) state.tab = state.open.length ? 'open' : 'recent';
  }

  async function loadLatestDay() {
    // Before the first count there is no rollup to ask for (the API would answer 404, logged by the browser).
    if (!state.keys.some(k => k.country === ALL && k.region === ALL && k.group === ALL)) return;
    // The global rollup changes whenever any incident is counted: its latest change point is the latest day seen.
    const all = await api('/api/v1/counts', { country: ALL, region: ALL, group: ALL, window: 'P7D', from: '9999-12-31' });
    if (all.latestDay && (!state.latestDay || all.latestDay > state.latestDay)) state.latestDay = all.latestDay;
  }

  // ---- live updates ----
  function upsertPoint(c) {
    const pts = state.points;
    const p = { ...c, changed: true };
    const size = windowDays(state.window);
    const carry = (from, d) => ({ ...from, windowEnd: d, windowStart: addDays(d, 1 - size), changed: false });
    if (!pts.length || c.windowEnd > pts[pts.length - 1].windowEnd) {
      const last = pts[pts.length - 1];
      for (let d = last && addDays(last.windowEnd, 1); last && d < c.windowEnd; d = addDays(d, 1)) pts.push(carry(last, d));
      pts.push(p);
      return;
    }
    const i = pts.findIndex(x => x.windowEnd >= c.windowEnd);
    if (pts[i].windowEnd !== c.windowEnd) {
      // Before the first day shown: the days up to it carry its value, as the API fills them.
      const filled = [p];
      for (let d = addDays(c.windowEnd, 1); d < pts[i].windowEnd; d = addDays(d, 1)) filled.push(carry(p, d));
      pts.splice(i, 0, ...filled);
      return;
    }
    pts[i] = p; // a late report changed a past day: so are the unchanged days carried from it
    for (let j = i + 1; j < pts.length && !pts[j].changed; j++) pts[j] = carry(p, pts[j].windowEnd);
  }

  // A bulk load sends thousands of records a second: each is taken into the state as it comes, and
  // what they change is drawn once a flush (a chart redraw costs tens of milliseconds).
  const dirty = { chart: false, summary: false, pickers: false, dead: false };
  let flushTimer = null;
  function redraw(part) {
    dirty[part] = true;
    if (!flushTimer) flushTimer = setTimeout(flush, 250);
  }
  // The key shown is drawn to the latest day of all the records, as the API fills a series when the
  // page loads: a key that stopped changing keeps its value to that day, not its last change's.
  function carryToLatest() {
    const pts = state.points;
    const last = pts[pts.length - 1];
    if (!last || !state.latestDay || last.windowEnd >= state.latestDay) return false;
    const size = windowDays(state.window);
    for (let d = addDays(last.windowEnd, 1); d <= state.latestDay; d = addDays(d, 1)) {
      pts.push({ ...last, windowEnd: d, windowStart: addDays(d, 1 - size), changed: false });
    }
    return true;
  }

  function flush() {
    flushTimer = null;
    if (carryToLatest()) dirty.chart = dirty.summary = true;
    if (dirty.pickers) {
      renderPickers();
      openOnData();
    }
    if (dirty.chart) renderChart();
    if (dirty.summary) renderSummary();
    if (dirty.dead) renderDead();
    for (const k of Object.keys(dirty)) dirty[k] = false;
  }

  // The keys known, as a set (the list can hold a hundred thousand keys): built again when the list is.
  const keyId = k => k.country + '|' + k.region + '|' + k.group;
  let keySetOf = null;
  let keySet = new Set();
  function knownKeys() {
    if (keySetOf !== state.keys) {
      keySet = new Set(state.keys.map(keyId));
      keySetOf = state.keys;
    }
    return keySet;
  }

  debug.onCount = c => onCount(c);
  function onCount(c) {
    state.liveEvents++;
    if (!state.latestDay || c.windowEnd > state.latestDay) state.latestDay = c.windowEnd;
    const id = keyId(c);
    if (!knownKeys().has(id)) {
      state.keys.push({ country: c.country, region: c.region, group: c.group });
      keySet.add(id);
      redraw('pickers');
    }
    if (isShownKey(c) && c.window === state.window) {
      upsertPoint(c);
      redraw('chart');
    }
    redraw('summary');
  }

  let alertReload = null;
  function onAlert(a) {
    state.liveEvents++;
    redraw('summary');
    // A transition changes an alert's entry (latest state, peak, current figures): reload them, a burst at once.
    clearTimeout(alertReload);
    alertReload = setTimeout(async () => {
      try {
        await loadAlerts();
        const keyAlerts = await api('/api/v1/alerts', { ...keyParams(), limit: 200 });
        state.keyAlerts = keyAlerts.alerts;
        renderChart();
        renderAlerts(a.alertId);
        renderSummary();
        const chip = document.querySelector('.sev-chip.' + a.severity);
        if (chip) chip.classList.add('flash');
        if (state.chosen === a.alertId) await chooseAlert(a.alertId);
      } catch (e) { report(e); }
    }, 400);
  }

  async function catchUp() {
    debug.catchUps = (debug.catchUps || 0) + 1;
    try {
      await loadAlerts();
      await loadView();
      await loadDeadLetters();
    } catch (e) { report(e); }
  }

  function connect() {
    const live = (cls, text) => { $('live').className = 'live ' + cls; $('live-text').textContent = text; };
    if (!state.live) {
      live('off', 'live off (?live=0)');
      debug.live = false;
      return;
    }
    debug.live = true;
    const url = '/api/v1/events' + (state.token ? '?access_token=' + encodeURIComponent(state.token) : '');
    const source = new EventSource(url);
    let opened = 0;
    source.onopen = () => {
      live('on', 'live');
      // The stream sends no event ids: what was written while it was down is not sent again, so a
      // reconnection reads the alerts, the view and the dead letters anew.
      if (opened++ > 0) catchUp();
    };
    source.onerror = () => {
      // EventSource reconnects by itself, unless the server refused it (a 401: the token changed).
      if (source.readyState === EventSource.CLOSED) live('off', 'disconnected: reload the page');
      else live('off', 'reconnecting');
    };
    source.addEventListener('count', e => onCount(JSON.parse(e.data)));
    source.addEventListener('alert', e => onAlert(JSON.parse(e.data)));
    source.addEventListener('dead-letter', e => onDeadLetter(JSON.parse(e.data)));
  }

  // ---- wiring ----
  function onChange(fn) {
    return () => { fn(); renderPickers(); loadView().catch(reportView); };
  }
  $('country').addEventListener('change', onChange(() => { state.country = $('country').value; state.region = ALL; state.group = ALL; }));
  $('region').addEventListener('change', onChange(() => { state.region = $('region').value; state.group = ALL; }));
  $('group').addEventListener('change', onChange(() => { state.group = $('group').value; }));
  $('window').addEventListener('change', onChange(() => { state.window = $('window').value; }));
  for (const b of $('metric').querySelectorAll('button')) {
    b.addEventListener('click', () => { state.metric = b.dataset.metric; renderPickers(); writeHash(); renderChart(); renderSummary(); });
  }
  // The chosen alert's own series in the chart (its key, metric and window's length): choosing an alert
  // shows its story beside the chart, and leaves the view the reader chose until asked.
  $('detail-show').addEventListener('click', () => {
    const a = state.detailAlert;
    if (!a) return;
    const days = Math.round((Date.parse(a.windowEnd) - Date.parse(a.windowStart)) / 86400000) + 1;
    state.country = a.country;
    state.region = a.region;
    state.group = a.group;
    state.metric = a.metric;
    if (WINDOW_LABEL['P' + days + 'D']) state.window = 'P' + days + 'D';
    renderPickers();
    loadView().catch(reportView);
  });
  $('detail-close').addEventListener('click', () => {
    $('alert-detail').hidden = true;
    state.chosen = null;
    state.detailSeq++;
    renderAlerts();
  });
  $('stacked').addEventListener('change', () => { state.stacked = $('stacked').checked; writeHash(); renderChart(); });
  // A view's address typed or pasted into this tab (writeHash replaces the entry and fires nothing).
  window.addEventListener('hashchange', async () => {
    readHash();
    try { state.keys = (await api('/api/v1/keys')).keys; } catch (e) { /* the keys known so far */ }
    renderPickers();
    loadView().catch(reportView);
  });
  for (const b of document.querySelectorAll('.tabs button')) {
    b.addEventListener('click', () => { state.tab = b.dataset.tab; state.tabChosen = true; renderAlerts(); });
  }

  $('dead-category').addEventListener('change', () => loadDeadLetters().catch(reportDead));
  $('dead-refresh').addEventListener('click', () => loadDeadLetters().catch(reportDead));
  function reportDead(e) {
    $('dead-empty').hidden = false;
    $('dead-empty').textContent = 'Could not load: ' + e.message;
  }

  /** Whether the view is chosen: named by the address, or by the keys there are (main). */
  let viewChosen = false;

  // While a view loads, what is drawn is the view before it: dimmed, and the chart says which is coming.
  // Before the keys have come, the page cannot tell whether the default country is one the data has.
  function showLoading(on) {
    document.body.classList.toggle('loading', on);
    $('chart-loading').hidden = !on;
    const coming = viewChosen || viewNamed ? ' ' + keyLabel(state.country, state.region, state.group) : '';
    $('chart-loading').textContent = on ? 'Loading' + coming + '…' : '';
  }

  function report(e) {
    $('chart-loading').hidden = false;
    $('chart-loading').textContent = 'Could not load: ' + e.message;
  }

  // A view that could not load says why, and is asked for again (an instance may be back by then),
  // unless the request itself was wrong (a 4xx: asking again would get the same answer).
  function reportView(e) {
    report(e);
    if (e.status >= 400 && e.status < 500) return;
    $('chart-loading').textContent += '. Trying again shortly.';
    const seq = state.loadSeq;
    setTimeout(() => { if (seq === state.loadSeq) loadView().catch(reportView); }, 10000);
  }

  function chooseCountryWithData() {
    state.country = state.keys.some(k => k.country === ALL) ? ALL : state.keys[0].country;
  }

  /** Whether the page opened on a cluster with nothing counted, on no view the address named. */
  let awaitingData = false;

  // The first counts of a cluster that had none: the default view is chosen as on a page opened now.
  function openOnData() {
    if (!awaitingData || !state.keys.length) return;
    if (viewNamed) { // an address typed since names the view
      awaitingData = false;
      return;
    }
    awaitingData = false;
    if (state.keys.some(k => k.country === state.country)) return;
    chooseCountryWithData();
    state.region = ALL;
    state.group = ALL;
    renderPickers();
    loadView().catch(reportView);
  }

  async function main() {
    readHash();
    showLoading(true);
    // The alerts need no keys: shown at once while the keys wait on an instance that does not answer
    // (one down, with no standby copy of its data), where they waited with everything else; unless
    // that instance holds the alerts' own (story) task, whose answers then wait as well.
    const alerts = loadAlerts().then(() => renderAlerts());
    alerts.catch(() => {}); // reported with the rest of the first load, below
    state.keys = (await api('/api/v1/keys')).keys;
    // The default view is Pakistan's (the founding example); data without it opens on a country it has:
    // all countries together when they are there, else the first.
    // On a cluster with nothing counted yet, the same choice is made when the first counts come (openOnData).
    awaitingData = !viewNamed && !state.keys.length;
    if (!viewNamed && state.keys.length && !state.keys.some(k => k.country === state.country)) chooseCountryWithData();
    viewChosen = true;
    renderPickers();
    await Promise.all([alerts, loadLatestDay()]);
    // A view that cannot load (a country the API does not know) leaves the rest of the page working.
    try {
      await loadView();
    } catch (e) {
      reportView(e);
    }
    debug.ready = true;
    // After the view: the dead-letter topic is read from its tail on every request, and the view must not wait for it.
    loadDeadLetters().catch(reportDead);
    // The stream opens once the page has loaded, so load-event screenshot tools are not held by it (and ?live=0
    // keeps it closed for tools that wait for the network to go idle: see the README).
    if (document.readyState === 'complete') connect();
    else window.addEventListener('load', connect, { once: true });
  }
  // The first load failed (no instance answered for minutes): tried again until one does.
  function start() {
    main().catch(e => {
      report(e);
      if (e.status >= 400 && e.status < 500) return;
      $('chart-loading').textContent += '. Trying again shortly.';
      setTimeout(start, 10000);
    });
  }
  start();
})();
