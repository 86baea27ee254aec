// The Foresight page: a small client of the public API (GET /scenarios,
// POST /runs, POST /compare, GET /charts/<id>.svg), nothing it could not
// do from a notebook. Text from the server goes into the page as text
// nodes only, never as markup. The view is kept in the location hash so it
// can be shared or bookmarked.

const $ = (id) => document.getElementById(id);
const state = { scenarios: [], byId: new Map(), lastResult: null, chartUrls: [] };

/** Okabe-Ito, in the order the charts colour an overlay: base first. */
const COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#F0E442'];

class ApiError extends Error {
  constructor(message, status, details, code) {
    super(message);
    this.status = status;
    this.details = details;
    this.code = code;
  }
}

async function api(path, init) {
  let response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    throw new ApiError(
      `Cannot reach the server (${e instanceof Error ? e.message : e}). Is foresight serve still running?`,
      0,
      null,
    );
  }
  const type = response.headers.get('content-type') || '';
  if (!response.ok) {
    let body = null;
    if (type.includes('json')) body = await response.json().catch(() => null);
    const error = body?.error;
    throw new ApiError(
      error ? error.message : `The server answered ${response.status} ${response.statusText}`,
      response.status,
      error ? error.details : null,
      error ? error.code : undefined,
    );
  }
  return type.includes('json') ? response.json() : response.text();
}

const postJson = (path, body) =>
  api(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) if (c !== null && c !== undefined) node.append(c);
  return node;
}

// ---- numbers ---------------------------------------------------------------

const compact = new Intl.NumberFormat('en', {
  notation: 'compact',
  minimumSignificantDigits: 3,
  maximumSignificantDigits: 3,
});
const plain = new Intl.NumberFormat('en', { maximumSignificantDigits: 3 });

function fmt(x) {
  if (x === null || x === undefined || Number.isNaN(x)) return '—';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  const s = Math.abs(x) >= 10000 ? compact.format(x) : plain.format(x);
  return s.replace('-', '−');
}

function pct(x, signed) {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  if (x === 0) return '0%';
  const v = x * 100;
  const s = `${Math.abs(v) >= 10 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(1) : v.toFixed(2)}%`;
  return (signed && v > 0 ? '+' : '') + s.replace('-', '−');
}

const fmtTime = (t) => String(Number(t.toPrecision(12)));

// ---- controls --------------------------------------------------------------

const selected = (container) => [...container.querySelectorAll('input[type=checkbox]:checked')].map((i) => i.value);
const baseId = () => $('base').value;

function renderBases() {
  const select = $('base');
  select.replaceChildren();
  for (const s of state.scenarios) {
    const label = s.title ? `${s.id} — ${s.title}` : s.id;
    select.append(el('option', { value: s.id, disabled: !s.valid, text: s.valid ? label : `${s.id} (has problems)` }));
  }
  const first = state.scenarios.find((s) => s.valid && !s.extends) || state.scenarios.find((s) => s.valid);
  if (first) select.value = first.id;
}

function renderAlternatives(keep) {
  const box = $('alternatives');
  const base = baseId();
  box.replaceChildren();
  let shown = 0;
  for (const s of state.scenarios) {
    if (s.id === base) continue;
    shown++;
    const input = el('input', {
      type: 'checkbox',
      value: s.id,
      checked: keep.includes(s.id),
      disabled: !s.valid,
      onchange: () => renderOutputs(selected($('outputs'))),
    });
    const problems = s.valid ? null : s.problems.map(formatProblem).join('\n');
    box.append(
      el(
        'label',
        { class: 'check', title: problems || s.description || undefined },
        input,
        el(
          'span',
          { class: 'check-text' },
          el('span', { class: 'id', text: s.id }),
          el('span', { class: 'title', text: s.valid ? s.title || '' : 'has problems: not runnable' }),
        ),
      ),
    );
  }
  if (shown === 0) box.append(el('p', { class: 'hint', text: 'No other scenario in the folder.' }));
  const b = state.byId.get(base);
  $('base-description').textContent = b?.description ? b.description : '';
  $('base-description').title = b?.description ? b.description : '';
  $('trials').placeholder = b?.trials ? String(b.trials) : '1000';
  $('seed').placeholder = b && b.seed !== undefined ? String(b.seed) : '1';
}

/** The outputs of the base and the chosen alternatives, base's order first. */
function availableOutputs() {
  const ids = [baseId(), ...selected($('alternatives'))];
  const seen = new Map();
  for (const id of ids)
    for (const o of (state.byId.get(id) || { outputs: [] }).outputs) if (!seen.has(o.id)) seen.set(o.id, o);
  return [...seen.values()];
}

function renderOutputs(keep) {
  const box = $('outputs');
  const outputs = availableOutputs();
  const wanted = keep.length > 0 ? keep : outputs.slice(0, 2).map((o) => o.id);
  box.replaceChildren();
  for (const o of outputs) {
    box.append(
      el(
        'label',
        { class: 'check', title: o.description || undefined },
        el('input', { type: 'checkbox', value: o.id, checked: wanted.includes(o.id) }),
        el(
          'span',
          { class: 'check-text' },
          el('span', { class: 'id', text: o.id }),
          o.unit ? el('span', { class: 'unit', text: o.unit }) : null,
        ),
      ),
    );
  }
}

function readForm() {
  const number = (id) => {
    const v = $(id).value.trim();
    return v === '' ? undefined : Number(v);
  };
  return {
    base: baseId(),
    alternatives: selected($('alternatives')),
    outputs: selected($('outputs')),
    trials: number('trials'),
    seed: number('seed'),
    layout: document.querySelector('input[name=layout]:checked').value,
  };
}

function writeHash(view) {
  const p = new URLSearchParams();
  p.set('base', view.base);
  if (view.alternatives.length) p.set('with', view.alternatives.join(','));
  if (view.outputs.length) p.set('outputs', view.outputs.join(','));
  if (view.trials !== undefined) p.set('trials', String(view.trials));
  if (view.seed !== undefined) p.set('seed', String(view.seed));
  if (view.layout !== 'side') p.set('layout', view.layout);
  history.replaceState(null, '', `#${p}`);
}

function readHash() {
  const p = new URLSearchParams(location.hash.slice(1));
  const base = p.get('base');
  if (!base || !state.byId.has(base)) return false;
  const list = (k) => (p.get(k) || '').split(',').filter(Boolean);
  $('base').value = base;
  renderAlternatives(list('with'));
  renderOutputs(list('outputs'));
  $('trials').value = p.get('trials') || '';
  $('seed').value = p.get('seed') || '';
  const layout = document.querySelector(
    `input[name=layout][value=${p.get('layout') === 'overlay' ? 'overlay' : 'side'}]`,
  );
  layout.checked = true;
  return true;
}

// ---- feedback --------------------------------------------------------------

function formatProblem(p) {
  const where = p.path?.length
    ? ` (at ${p.path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('')})`
    : '';
  return `${p.file}:${p.line}:${p.column} ${p.code} ${p.message}${where}`;
}

const HEADLINES = {
  limit: 'It is over a limit of the server.',
  'invalid-scenario': 'The scenario has problems.',
  'invalid-request': 'The server cannot carry out this request.',
};

/**
 * An error for people: a headline and the lines under it. Problems about a
 * scenario keep their place (file:line:column), as the CLI prints them; a
 * limit or a request problem is its message alone.
 */
function describeError(error) {
  const details = Array.isArray(error.details) ? error.details : [];
  const problems = details.filter((d) => d && typeof d.line === 'number');
  if (problems.length > 0 && HEADLINES[error.code]) {
    const where = error.code === 'invalid-scenario';
    return {
      headline: HEADLINES[error.code],
      lines: problems.map((p) => (where ? formatProblem(p) : p.message)),
      code: where,
    };
  }
  const issues = details.filter((d) => d && Array.isArray(d.path) && typeof d.line !== 'number');
  if (issues.length > 0)
    return {
      headline: 'The request was not understood.',
      lines: issues.map((d) => `${d.path.join('.')}: ${d.message}`),
      code: true,
    };
  return { headline: error.message, lines: [], code: false };
}

function showError(error, context) {
  const { headline, lines, code } = describeError(error);
  const list = lines.length
    ? [el('ul', { class: code ? 'problems code' : 'problems' }, ...lines.map((l) => el('li', { text: l })))]
    : [];
  $('error').replaceChildren(
    el('strong', { text: context ? `${context} failed` : 'Something went wrong' }),
    el('p', { class: 'message', text: headline }),
    ...list,
  );
  $('error').hidden = false;
}

function setStatus(text, busy) {
  const s = $('status');
  s.replaceChildren(busy ? el('span', { class: 'spinner', 'aria-hidden': 'true' }) : '', text);
  s.classList.toggle('busy', Boolean(busy));
  s.hidden = text === '';
}

// ---- results ---------------------------------------------------------------

function chartQuery(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  return q.toString();
}

/** One chart cell: the SVG as an image once it arrives, or why it did not, in words. */
function chartCell(title, colour, url) {
  const img = el('img', { alt: `Fan chart: ${title}` });
  const frame = el('div', { class: 'chart-frame loading' }, el('span', { class: 'spinner', 'aria-hidden': 'true' }));
  const cell = el(
    'figure',
    { class: 'chart' },
    el(
      'figcaption',
      {},
      colour ? el('span', { class: 'chip', style: `background:${colour}` }) : null,
      el('span', { text: title }),
      el('a', { href: url, target: '_blank', rel: 'noopener', class: 'link small', text: 'SVG' }),
    ),
    frame,
  );
  const done = api(url).then(
    (svg) => {
      const blob = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
      state.chartUrls.push(blob);
      img.src = blob;
      frame.classList.remove('loading');
      frame.replaceChildren(img);
    },
    (e) => {
      frame.classList.remove('loading');
      frame.classList.add('failed');
      const { headline, lines } = describeError(e);
      frame.replaceChildren(el('p', { class: 'message', text: `No chart: ${lines[0] || headline}` }));
      throw e;
    },
  );
  return { cell, done };
}

function renderCharts(view, run) {
  for (const u of state.chartUrls) URL.revokeObjectURL(u);
  state.chartUrls = [];
  const box = $('charts');
  box.classList.remove('stale');
  box.replaceChildren();
  const ids = [view.base, ...view.alternatives];
  const overlay = view.layout === 'overlay' && ids.length > 1;
  box.classList.toggle('single', overlay || ids.length === 1);
  const width = () =>
    Math.max(320, Math.min(1600, Math.floor((box.clientWidth || 960) / (overlay || ids.length === 1 ? 1 : 2) - 24)));
  $('charts-section').hidden = false;
  const w = width();
  const cells = [];
  if (overlay) {
    const outputs = view.outputs.join(',');
    const url = `/charts/${encodeURIComponent(view.base)}.svg?${chartQuery({ overlay: view.alternatives.join(','), outputs, trials: run.trials, seed: run.seed, width: w })}`;
    cells.push(chartCell(`${ids.length} scenarios overlaid`, null, url));
  } else {
    ids.forEach((id, i) => {
      const own = new Set((state.byId.get(id) || { outputs: [] }).outputs.map((o) => o.id));
      const outputs = view.outputs.filter((o) => own.has(o)).join(',');
      // Each chart in its scenario's colour (as in the overlay and the table),
      // on value axes shared with the others, so the panels compare at a glance.
      const others = ids.filter((other) => other !== id).join(',');
      const url = `/charts/${encodeURIComponent(id)}.svg?${chartQuery({ outputs, trials: run.trials, seed: run.seed, width: w, colour: i, scale_with: others })}`;
      cells.push(chartCell(i === 0 && ids.length > 1 ? `${id} (base)` : id, COLOURS[i % COLOURS.length], url));
    });
  }
  box.append(...cells.map((c) => c.cell));
  return Promise.allSettled(cells.map((c) => c.done));
}

const summaryOf = (run, id) => (Object.hasOwn(run.outputs, id) ? run.outputs[id] : undefined);

function renderTimes(times, keep) {
  const select = $('time');
  select.replaceChildren(...times.map((t) => el('option', { value: String(t), text: fmtTime(t) })));
  const last = times[times.length - 1];
  select.value = String(keep !== undefined && times.includes(keep) ? keep : last);
}

function headCell(text, colour, sub) {
  return el(
    'th',
    { scope: 'col' },
    colour ? el('span', { class: 'chip', style: `background:${colour}` }) : null,
    el('span', { text }),
    sub ? el('span', { class: 'sub', text: sub }) : null,
  );
}

function outputHead(id, unit) {
  return el(
    'th',
    { scope: 'row' },
    el('span', { class: 'id', text: id }),
    unit ? el('span', { class: 'unit', text: unit }) : null,
  );
}

function renderRunTable(run, t) {
  const i = run.times.indexOf(t);
  const table = $('table');
  const head = el('tr', {}, headCell('Output'), headCell('p5'), headCell('median'), headCell('p95'), headCell('mean'));
  const rows = Object.entries(run.outputs).map(([id, s]) =>
    el(
      'tr',
      {},
      outputHead(id, s.unit),
      el('td', { text: fmt(s.quantiles.p5 ? s.quantiles.p5[i] : undefined) }),
      el('td', { class: 'strong', text: fmt(s.quantiles.p50 ? s.quantiles.p50[i] : undefined) }),
      el('td', { text: fmt(s.quantiles.p95 ? s.quantiles.p95[i] : undefined) }),
      el('td', { text: fmt(s.mean[i]) }),
    ),
  );
  table.replaceChildren(el('thead', {}, head), el('tbody', {}, ...rows));
  $('table-title').textContent = `${run.scenario}: distribution`;
  $('table-note').textContent =
    `${run.trials} trials, seed ${run.seed}. p5 and p95 bound the middle 90% of the trials.`;
}

function renderCompareTable(result, t) {
  const base = result.runs[0];
  const bi = base.times.indexOf(t);
  const table = $('table');
  const head = el(
    'tr',
    {},
    headCell('Output'),
    headCell(result.base, COLOURS[0], 'median · p5–p95'),
    ...result.comparisons.map((c, k) =>
      headCell(c.scenario, COLOURS[(k + 1) % COLOURS.length], 'median · change · P(higher)'),
    ),
  );
  const ids = [...new Set(result.comparisons.flatMap((c) => Object.keys(c.outputs)))];
  const rows = ids.map((id) => {
    const b = summaryOf(base, id);
    const unit = b?.unit || result.comparisons.map((c) => c.outputs[id]).find((e) => e?.unit)?.unit;
    const baseCell =
      b && bi >= 0
        ? el(
            'td',
            {},
            el('span', { class: 'strong', text: fmt(b.quantiles.p50[bi]) }),
            el('span', {
              class: 'sub',
              text: `${fmt(b.quantiles.p5 ? b.quantiles.p5[bi] : undefined)} – ${fmt(b.quantiles.p95 ? b.quantiles.p95[bi] : undefined)}`,
            }),
          )
        : el('td', { class: 'absent', text: 'not in base' });
    const altCells = result.comparisons.map((c) => {
      const entry = c.outputs[id];
      const alt = result.runs[c.run];
      const ai = alt.times.indexOf(t);
      const ci = c.times.indexOf(t);
      if (!entry) return el('td', { class: 'absent', text: '—' });
      if (entry.absent)
        return el('td', { class: 'absent', text: entry.absent === 'base' ? 'not in base' : 'not in this scenario' });
      if (ci < 0 || ai < 0) return el('td', { class: 'absent', text: `no ${fmtTime(t)}` });
      const d = entry.difference;
      const rel = d.relative_p50[ci];
      const s = summaryOf(alt, id);
      const dir = rel === null || rel === 0 ? 'flat' : rel > 0 ? 'up' : 'down';
      return el(
        'td',
        {},
        el('span', { class: 'strong', text: fmt(s ? s.quantiles.p50[ai] : undefined) }),
        el('span', {
          class: `sub delta ${dir}`,
          text: `${dir === 'up' ? '▲' : dir === 'down' ? '▼' : '●'} ${pct(rel, true)} · P(higher) ${pct(d.p_greater[ci])}`,
        }),
      );
    });
    return el('tr', {}, outputHead(id, unit), baseCell, ...altCells);
  });
  table.replaceChildren(el('thead', {}, head), el('tbody', {}, ...rows));
  $('table-title').textContent = 'Comparison with the base';
  $('table-note').textContent =
    `${result.trials} paired trials, seed ${result.seed}. Change: median over the trials of (alternative − base) / |base|. P(higher): share of trials in which the alternative is above the base.`;
}

function renderTargets(run) {
  const section = $('targets-section');
  if (!run.targets.length) {
    section.hidden = true;
    return;
  }
  const head = el(
    'tr',
    {},
    headCell('Target'),
    headCell('at'),
    headCell('expected'),
    headCell('actual'),
    headCell('within'),
    headCell(''),
  );
  const rows = run.targets.map((t) =>
    el(
      'tr',
      { class: t.pass ? 'pass' : 'fail' },
      el(
        'th',
        { scope: 'row' },
        el('span', { class: 'id', text: t.variable }),
        el('span', {
          class: 'unit',
          text: t.relative_to !== undefined ? `${t.stat}, relative to ${fmtTime(t.relative_to)}` : t.stat,
        }),
      ),
      el('td', { text: fmtTime(t.time) }),
      el('td', { text: fmt(t.value) }),
      el('td', { text: fmt(t.actual) }),
      el('td', { text: `±${pct(t.tolerance)}` }),
      el('td', { class: 'verdict', text: t.pass ? '✓ pass' : '✗ fail' }),
    ),
  );
  $('targets').replaceChildren(el('thead', {}, head), el('tbody', {}, ...rows));
  section.hidden = false;
}

function renderTable() {
  const result = state.lastResult;
  if (!result) return;
  const t = Number($('time').value);
  if (result.comparisons) renderCompareTable(result, t);
  else renderRunTable(result, t);
}

function showRequest(method, path, body) {
  const json = JSON.stringify(body, null, 2);
  const curl = `curl -X ${method} ${location.origin}${path} -H 'content-type: application/json' -d '${JSON.stringify(body)}'`;
  $('request').textContent = `${method} ${path}\n${json}\n\n${curl}`;
  $('request-section').hidden = false;
}

// ---- the run ---------------------------------------------------------------

async function run(event) {
  if (event) event.preventDefault();
  const view = readForm();
  writeHash(view);
  $('error').hidden = true;
  $('empty').hidden = true;
  const button = $('run');
  button.disabled = true;
  const base = state.byId.get(view.base);
  const trials = view.trials !== undefined ? view.trials : base.trials;
  const seed = view.seed !== undefined ? view.seed : base.seed;
  const n = 1 + view.alternatives.length;
  setStatus(`Running ${n === 1 ? view.base : `${n} scenarios`} · ${fmt(trials)} trials…`, true);
  const started = performance.now();
  const common = { trials, seed, ...(view.outputs.length ? { outputs: view.outputs } : {}) };
  const [path, body] = view.alternatives.length
    ? ['/compare', { base: view.base, alternatives: view.alternatives, ...common }]
    : ['/runs', { scenario: view.base, ...common }];
  showRequest('POST', path, body);
  $('charts').classList.add('stale');
  try {
    const result = await postJson(path, body);
    state.lastResult = result;
    const times = result.comparisons ? result.runs[0].times : result.times;
    renderTimes(times, Number($('time').value));
    renderTable();
    renderTargets(result.comparisons ? result.runs[0] : result);
    $('table-section').hidden = false;
    // After the table: the server keeps the runs it just made, so the charts cost nothing more.
    const charts = await renderCharts(view, { trials: result.trials, seed: result.seed });
    const failed = charts.filter((c) => c.status === 'rejected').length;
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const what = n === 1 ? view.base : `${view.base} and ${n - 1} alternative${n > 2 ? 's' : ''}`;
    setStatus(
      `${what} · ${fmt(result.trials)} trials · seed ${result.seed} · ${seconds} s${failed ? ` · ${failed} chart${failed > 1 ? 's' : ''} failed` : ''}`,
      false,
    );
  } catch (e) {
    setStatus('', false);
    for (const id of ['table-section', 'targets-section', 'charts-section']) $(id).hidden = true;
    showError(e, view.alternatives.length ? 'The comparison' : 'The run');
  } finally {
    button.disabled = false;
  }
}

async function health() {
  const badge = $('server-status');
  try {
    const h = await api('/health');
    badge.textContent = `engine ${h.version} · ${h.pool.workers} worker${h.pool.workers === 1 ? '' : 's'}${h.pool.pending ? ` · ${h.pool.pending} busy` : ''}`;
    badge.className = 'server-status ok';
  } catch {
    badge.textContent = 'server unreachable';
    badge.className = 'server-status down';
  }
}

async function init() {
  health();
  setInterval(health, 15000);
  let list;
  try {
    list = await api('/scenarios');
  } catch (e) {
    showError(e, 'Loading the scenarios');
    $('run').disabled = true;
    return;
  }
  state.scenarios = list.scenarios;
  state.byId = new Map(list.scenarios.map((s) => [s.id, s]));
  if (list.problems.length)
    showError(
      {
        message: `${list.problems.length} file${list.problems.length === 1 ? '' : 's'} of the scenario folder could not be read.`,
        details: list.problems,
      },
      'Reading the folder',
    );
  if (!state.scenarios.some((s) => s.valid)) {
    $('run').disabled = true;
    $('empty').replaceChildren(
      el('h2', { text: 'The server has no runnable scenario.' }),
      el('p', { text: 'Start it with foresight serve --scenarios <folder>.' }),
    );
    return;
  }
  renderBases();
  renderAlternatives([]);
  renderOutputs([]);
  $('base').addEventListener('change', () => {
    renderAlternatives(selected($('alternatives')));
    renderOutputs(selected($('outputs')));
  });
  $('outputs-all').addEventListener('click', () =>
    $('outputs')
      .querySelectorAll('input')
      .forEach((i) => (i.checked = true)),
  );
  $('outputs-none').addEventListener('click', () =>
    $('outputs')
      .querySelectorAll('input')
      .forEach((i) => (i.checked = false)),
  );
  $('controls').addEventListener('submit', run);
  $('time').addEventListener('change', renderTable);
  // A view pasted or linked into the address bar of an open page.
  window.addEventListener('hashchange', () => {
    if (readHash()) run();
  });
  if (readHash()) run();
}

init();
