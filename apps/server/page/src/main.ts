/**
 * The scenario workbench: edit a scenario (CodeMirror), see its problems
 * where they stand and its fan charts as you type (run in a Web Worker
 * with @foresight/core while the work is within BROWSER_WORK_LIMIT, else on
 * the server when Run is pressed), compare it with the folder's scenarios,
 * and analyse it (tornado, Sobol, assumption check). A client of the
 * public API only; server text goes into the page as text, never markup.
 */
import type { ComparisonResult, Problem, RunResult } from '@foresight/core';
import { scenarioColour } from '@foresight/report';
import { FanCharts, type Drawn, type Layout } from './charts/fan.js';
import { byId, chip, download, el, numberIn } from './dom.js';
import { setStatus, showError } from './feedback.js';
import { ScenarioEditor } from './editor/editor.js';
import { SchemaIndex, type Schema } from './editor/schema.js';
import { fmtCount, fmtOperations, fmtTime } from './format.js';
import { BROWSER_WORK_LIMIT, TYPING_DEBOUNCE_MS } from './limits.js';
import type { Outcome, Prepared, RunSettings, Where } from './protocol.js';
import {
  analysis,
  api,
  capabilities,
  describeError,
  formatProblem,
  getJson,
  setCapabilities,
  type Capabilities,
} from './server.js';
import { shareLink, unpackDocument } from './share.js';
import { compareTable, runTable, targetsTable } from './views/tables.js';
import { setUpTabs } from './views/tabs.js';
import { AnalysisPanel } from './views/analysis-panel.js';
import { WorkerClient } from './worker-client.js';

/** A scenario's colour in the charts and tables: the report package's, base first, as its SVG charts draw them. */
const colourOf = scenarioColour;

interface Summary {
  readonly id: string;
  readonly title?: string;
  readonly description?: string;
  readonly extends?: string;
  readonly file: string;
  readonly valid: boolean;
  readonly outputs: readonly { id: string; unit?: string }[];
}

type Result = RunResult | ComparisonResult;
const state = {
  folder: [] as Summary[],
  file: 'scenario.yaml',
  /** The text as last loaded or saved, to warn before it is replaced. */
  pristine: '',
  startId: undefined as string | undefined,
  prepared: undefined as Prepared | undefined,
  result: undefined as { value: Result; where: Where; ms: number } | undefined,
  schema: undefined as SchemaIndex | undefined,
  can: { jobs: false, storeScenarios: false } as Capabilities,
  /** Outputs the user ticked; empty: the document's first two. */
  chosen: [] as string[],
  seq: 0,
  /** performance.now() of the first edit not yet drawn. */
  editAt: undefined as number | undefined,
  timeChosen: false,
};

const worker = new WorkerClient();
const charts = new FanCharts(byId('charts'), (output) => void downloadSvg([output]));
let editor: ScenarioEditor;
const analyses = new AnalysisPanel({
  worker,
  document: () => ({ text: editor.text, file: state.file, prepared: state.prepared }),
  showProblems: (problems) => showProblems(problems),
});

// ---- settings -----------------------------------------------------------------

const checked = (box: string) =>
  [...byId(box).querySelectorAll<HTMLInputElement>('input[type=checkbox]:checked')].map((i) => i.value);
const layout = (): Layout =>
  (document.querySelector<HTMLInputElement>('input[name=layout]:checked')?.value as Layout | undefined) ?? 'side';

function settings(): RunSettings {
  return { trials: numberIn('trials'), seed: numberIn('seed'), alternatives: checked('alternatives') };
}

/** Outputs the base and the alternatives report, the base's first. */
function availableOutputs(): { id: string; unit?: string | undefined }[] {
  const seen = new Map<string, { id: string; unit?: string | undefined }>();
  for (const o of state.prepared?.outputs ?? []) seen.set(o.id, o);
  for (const id of checked('alternatives'))
    for (const o of state.folder.find((s) => s.id === id)?.outputs ?? []) if (!seen.has(o.id)) seen.set(o.id, o);
  return [...seen.values()];
}

function outputsToDraw(): string[] {
  const available = availableOutputs().map((o) => o.id);
  const chosen = state.chosen.filter((id) => available.includes(id));
  return chosen.length > 0 ? chosen : available.slice(0, 2);
}

function renderOutputs(): void {
  const box = byId('outputs');
  const drawn = new Set(outputsToDraw());
  box.replaceChildren(
    ...availableOutputs().map((o) =>
      el(
        'label',
        { class: 'check' },
        el('input', { type: 'checkbox', value: o.id, checked: drawn.has(o.id) }),
        el('span', { class: 'id', text: o.id }),
        o.unit ? el('span', { class: 'unit', text: o.unit }) : null,
      ),
    ),
  );
  byId('outputs-count').textContent = `${drawn.size} of ${availableOutputs().length}`;
}

function renderAlternatives(keep: readonly string[]): void {
  const box = byId('alternatives');
  box.replaceChildren(
    ...state.folder.map((s) =>
      el(
        'label',
        { class: 'check', title: s.description },
        el('input', { type: 'checkbox', value: s.id, checked: keep.includes(s.id), disabled: !s.valid }),
        el('span', { class: 'id', text: s.id }),
        el('span', { class: 'title', text: s.valid ? (s.title ?? '') : 'has problems' }),
      ),
    ),
  );
  countAlternatives();
}

function countAlternatives(): void {
  const n = checked('alternatives').length;
  byId('compare-count').textContent = n === 0 ? 'none' : `${n} scenario${n === 1 ? '' : 's'}`;
}

// ---- the address --------------------------------------------------------------

function viewParams(): URLSearchParams {
  const p = new URLSearchParams();
  const s = settings();
  if (s.alternatives.length) p.set('with', s.alternatives.join(','));
  if (state.chosen.length) p.set('outputs', state.chosen.join(','));
  if (s.trials !== undefined) p.set('trials', String(s.trials));
  if (s.seed !== undefined) p.set('seed', String(s.seed));
  if (layout() !== 'side') p.set('layout', layout());
  return p;
}

/** The view in the address, so a reload or a bookmark comes back to it; an edited text travels only through Share. */
function writeHash(): void {
  const p = viewParams();
  if (state.startId !== undefined && editor.text === state.pristine) p.set('start', state.startId);
  history.replaceState(null, '', p.toString() === '' ? location.pathname : `#${p}`);
}

async function readHash(): Promise<boolean> {
  const p = new URLSearchParams(location.hash.slice(1));
  const list = (k: string) => (p.get(k) ?? '').split(',').filter(Boolean);
  renderAlternatives(list('with'));
  state.chosen = list('outputs');
  byId<HTMLInputElement>('trials').value = p.get('trials') ?? '';
  byId<HTMLInputElement>('seed').value = p.get('seed') ?? '';
  const overlay = p.get('layout') === 'overlay';
  document.querySelector<HTMLInputElement>(`input[name=layout][value=${overlay ? 'overlay' : 'side'}]`)!.checked = true;
  const packed = p.get('doc');
  if (packed !== null) {
    try {
      load(await unpackDocument(packed), 'shared.yaml', undefined);
      return true;
    } catch {
      showError(new Error('The shared link is damaged: its document could not be read.'), 'Opening the link');
    }
  }
  const id = p.get('scenario') ?? p.get('start');
  if (id !== null && (await loadFromServer(id))) return true;
  return false;
}

// ---- the document -------------------------------------------------------------

function load(text: string, file: string, startId: string | undefined): void {
  state.file = file;
  state.startId = startId;
  state.pristine = text;
  editor.setText(text);
  byId<HTMLSelectElement>('start').value = startId ?? '';
}

async function loadFromServer(id: string): Promise<boolean> {
  try {
    const text = await (await api(`/scenarios/${encodeURIComponent(id)}?format=source`)).text();
    const file =
      state.folder
        .find((s) => s.id === id)
        ?.file.split('/')
        .pop() ?? `${id}.yaml`;
    load(text, file, id);
    return true;
  } catch (e) {
    showError(e, `Opening '${id}'`);
    return false;
  }
}

/** Where a server with no runnable scenario in its folder starts. */
const STARTER = `format: 1
id: my-scenario
title: A stock growing toward a ceiling
time: { start: 2025, end: 2040 }
trials: 1000
seed: 1
parameters:
  growth: { dist: normal, mean: 0.08, sd: 0.02, unit: 1/year }
  ceiling: { dist: lognormal, p5: 800, p95: 1500 }
stocks:
  size: { initial: 100, inflow: "size * growth * (1 - size / ceiling)" }
outputs: [size]
`;

function childOf(parent: Summary): string {
  return `format: 1\nid: my-${parent.id}\ntitle: My variant of ${parent.id}\nextends: ${parent.id}\n# Keys written here replace the parent's; maps merge key by key, and null removes a key.\nparameters: {}\n`;
}

function renderPicker(): void {
  const select = byId<HTMLSelectElement>('start');
  const runnable = state.folder.filter((s) => s.valid);
  select.replaceChildren(
    el('option', { value: '', text: 'Start from…', disabled: true }),
    el(
      'optgroup',
      { label: 'A scenario of the folder' },
      ...runnable.map((s) => el('option', { value: s.id, text: s.title ? `${s.id} — ${s.title}` : s.id })),
    ),
    el(
      'optgroup',
      { label: 'A new scenario that extends' },
      ...runnable.map((s) => el('option', { value: `extends:${s.id}`, text: `extends ${s.id}` })),
    ),
  );
  select.value = '';
}

function edited(): boolean {
  return editor.text !== state.pristine && !confirm('Replace the edited scenario? Its changes are not saved.');
}

// ---- feedback ------------------------------------------------------------------

/** Problems of the edited text are underlined in the editor and listed under it; a click moves the cursor there. */
function showProblems(problems: readonly Problem[]): void {
  const mine = problems.filter((p) => p.file === state.file);
  editor.showProblems(mine);
  const box = byId('problems');
  box.hidden = problems.length === 0;
  box.replaceChildren(
    el('strong', { text: `${problems.length} problem${problems.length === 1 ? '' : 's'}` }),
    el(
      'ul',
      {},
      ...problems.map((p) => {
        const text = p.file === state.file ? `${p.line}:${p.column} ${p.code} ${p.message}` : formatProblem(p);
        if (p.file !== state.file) return el('li', { text });
        return el(
          'li',
          {},
          el('button', {
            type: 'button',
            class: 'link problem',
            text,
            onclick: () => {
              const line = editor.view.state.doc.line(Math.min(p.line, editor.view.state.doc.lines));
              editor.view.dispatch({
                selection: { anchor: Math.min(line.from + p.column - 1, line.to) },
                scrollIntoView: true,
              });
              editor.view.focus();
            },
          }),
        );
      }),
    ),
  );
}

// ---- running ---------------------------------------------------------------------

/** Read the text, show its problems, and run it in the browser (or, when `manual`, wherever it fits). */
async function refresh(manual: boolean): Promise<void> {
  try {
    await read(manual);
  } catch (e) {
    // The worker itself failed (it could not load, say): no run can be shown.
    byId('charts-card').dataset['state'] = 'stale';
    setStatus('status', '');
    showError(e, 'The engine in your browser');
  }
}

async function read(manual: boolean): Promise<void> {
  const seq = ++state.seq;
  const text = editor.text;
  const file = state.file;
  byId('error').hidden = true;
  const prep = await worker.call('prepare', { text, file, settings: settings() });
  if (seq !== state.seq) return;
  if (!prep.ok) {
    const problems = 'problems' in prep ? prep.problems : [];
    showProblems(problems);
    byId('charts-card').dataset['state'] = 'stale';
    setStatus(
      'status',
      `The scenario has ${problems.length} problem${problems.length === 1 ? '' : 's'}: the charts show the last result that ran.`,
    );
    return;
  }
  showProblems([]);
  state.prepared = prep.value;
  renderOutputs();
  placeholders(prep.value);
  const wanted: RunSettings = { ...settings(), outputs: outputsToDraw() };
  writeHash();
  const started = performance.now();
  setStatus('status', 'Running in your browser…', true);
  byId('charts-card').dataset['state'] = 'busy';
  const progress = (done: number, total: number) => {
    if (seq === state.seq) setStatus('status', 'Running in your browser…', true, { done, total });
  };
  let ran: Outcome<Result> = await worker.call('run', { text, file, settings: wanted }, progress);
  if (seq !== state.seq) return;
  let where: Where = 'browser';
  if (!ran.ok && 'over' in ran) {
    const over = `${fmtOperations(ran.over)} operations, over the browser's limit of ${fmtOperations(BROWSER_WORK_LIMIT)}`;
    if (!manual) {
      byId('charts-card').dataset['state'] = 'stale';
      setStatus('status', `This run is about ${over}: press Run to run it on the server.`);
      return;
    }
    where = 'server';
    setStatus('status', `Running on the server (${over})…`, true);
    ran = await onServer(prep.value, wanted, (done, total) => {
      if (seq === state.seq) setStatus('status', 'Running on the server…', true, { done, total });
    });
    if (seq !== state.seq) return;
  }
  if (!ran.ok) {
    if ('problems' in ran) showProblems(ran.problems);
    byId('charts-card').dataset['state'] = 'stale';
    setStatus('status', '');
    return;
  }
  state.result = { value: ran.value, where, ms: performance.now() - started };
  drawResult(wanted);
  if (state.editAt !== undefined) {
    performance.measure('keystroke-to-chart', { start: state.editAt, end: performance.now() });
    state.editAt = undefined;
  }
  byId('charts-card').dataset['state'] = 'live';
  byId('charts-card').dataset['run'] = String(seq);
}

/** A run or comparison on the server, with the edited document inline and the alternatives by id. */
async function onServer(
  prepared: Prepared,
  s: RunSettings,
  onProgress: (done: number, total: number) => void,
): Promise<Outcome<Result>> {
  const common = {
    ...(s.trials !== undefined ? { trials: s.trials } : {}),
    ...(s.seed !== undefined ? { seed: s.seed } : {}),
    ...(s.outputs !== undefined && s.outputs.length > 0 ? { outputs: s.outputs } : {}),
  };
  try {
    const value =
      s.alternatives.length > 0
        ? await analysis<ComparisonResult>(
            '/compare',
            { base: prepared.value, alternatives: s.alternatives, ...common },
            onProgress,
          )
        : await analysis<RunResult>('/runs', { scenario: prepared.value, ...common }, onProgress);
    return { ok: true, value };
  } catch (e) {
    showError(e, 'The run on the server');
    return { ok: false, problems: [] };
  }
}

function placeholders(p: Prepared): void {
  byId<HTMLInputElement>('trials').placeholder = String(p.trials);
  byId<HTMLInputElement>('seed').placeholder = String(p.seed);
}

const runsOf = (r: Result): RunResult[] => ('comparisons' in r ? r.runs : [r]);

function drawn(): Drawn[] {
  const r = state.result?.value;
  if (r === undefined) return [];
  const runs = runsOf(r);
  return runs.map((run, i) => ({
    run,
    colour: colourOf(i),
    label: i === 0 && runs.length > 1 ? `${run.scenario} (base)` : run.scenario,
  }));
}

function drawResult(s: RunSettings): void {
  const r = state.result!;
  const runs = runsOf(r.value);
  const base = runs[0]!;
  const outputs = (s.outputs ?? []).filter((id) => runs.some((run) => Object.hasOwn(run.outputs, id)));
  charts.draw(drawn(), outputs.length > 0 ? outputs : Object.keys(base.outputs), layout());
  // The time the reader chose stays chosen; otherwise the last.
  const keep = state.timeChosen ? Number(byId<HTMLSelectElement>('time').value) : Number.NaN;
  byId('time').replaceChildren(...base.times.map((t) => el('option', { value: String(t), text: fmtTime(t) })));
  byId<HTMLSelectElement>('time').value = String(base.times.includes(keep) ? keep : base.times[base.times.length - 1]);
  renderTable();
  byId('view-targets').replaceChildren(targetsTable(base));
  renderDownloads();
  analyses.update(state.prepared);
  const what =
    runs.length === 1
      ? base.scenario
      : `${base.scenario} and ${runs.length - 1} alternative${runs.length > 2 ? 's' : ''}`;
  const where = r.where === 'browser' ? 'in your browser' : 'on the server';
  setStatus(
    'status',
    `${what} · ${fmtCount(base.trials)} trials · seed ${base.seed} · ran ${where} in ${Math.round(r.ms)} ms`,
  );
  byId('status').dataset['where'] = r.where;
}

function renderTable(): void {
  const r = state.result?.value;
  if (r === undefined) return;
  const t = Number(byId<HTMLSelectElement>('time').value);
  const { table, note } = 'comparisons' in r ? compareTable(r, t, colourOf) : runTable(r, t);
  byId('table-title').textContent = 'comparisons' in r ? 'Comparison with the base' : `${r.scenario}: distribution`;
  byId('table-wrap').replaceChildren(table);
  byId('table-note').textContent = note;
}

// ---- downloads -------------------------------------------------------------------

async function downloadSvg(outputs: readonly string[]): Promise<void> {
  const r = state.result?.value;
  if (r === undefined) return;
  const svg = await worker.call('fanSvg', { runs: runsOf(r), outputs, width: 960 });
  download(`${runsOf(r)[0]!.scenario}-${outputs.length === 1 ? outputs[0] : 'fan'}.svg`, svg, 'image/svg+xml');
}

function renderDownloads(): void {
  const r = state.result?.value;
  if (r === undefined) return;
  const runs = runsOf(r);
  const outputs = [...new Set(runs.flatMap((run) => Object.keys(run.outputs)))];
  const buttons = [
    ...runs.map((run, i) =>
      el(
        'button',
        {
          type: 'button',
          class: 'secondary',
          onclick: async () => download(`${run.scenario}-quantiles.csv`, await worker.call('csv', { run }), 'text/csv'),
        },
        chip(colourOf(i)),
        `${run.scenario}.csv`,
      ),
    ),
    el('button', {
      type: 'button',
      class: 'secondary',
      text: 'comparisons' in r ? 'comparison.json' : `${r.scenario}.json`,
      onclick: () =>
        download(
          `${runs[0]!.scenario}${'comparisons' in r ? '-comparison' : ''}.json`,
          `${JSON.stringify(r, null, 2)}\n`,
          'application/json',
        ),
    }),
    el('button', {
      type: 'button',
      class: 'secondary',
      text: 'fan charts (SVG)',
      onclick: () => void downloadSvg(outputs),
    }),
  ];
  byId('downloads').replaceChildren(...buttons);
}

// ---- start -------------------------------------------------------------------------

async function health(): Promise<void> {
  const badge = byId('server-status');
  try {
    const h = await getJson<{ version: string }>('/health');
    badge.textContent = `engine ${h.version}`;
    badge.className = 'server-status ok';
  } catch {
    badge.textContent = 'server unreachable';
    badge.className = 'server-status down';
  }
}

function schedule(): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return () => {
    clearTimeout(timer);
    timer = setTimeout(() => void refresh(false), TYPING_DEBOUNCE_MS);
  };
}

async function init(): Promise<void> {
  const later = schedule();
  editor = new ScenarioEditor({
    parent: byId('editor'),
    text: '',
    onChange: () => {
      state.editAt ??= performance.now();
      byId('charts-card').dataset['state'] = 'stale';
      later();
    },
    onRun: () => void refresh(true),
    schema: () => state.schema,
    valuesAt: (path) => (path.length === 1 && path[0] === 'extends' ? state.folder.map((s) => s.id) : []),
  });
  setUpTabs();
  void health();
  setInterval(() => void health(), 15_000);
  void worker.call('schema', {}).then((s) => {
    state.schema = new SchemaIndex(s as Schema);
  });
  void capabilities().then((c: Capabilities) => {
    state.can = c;
    setCapabilities(c);
  });

  try {
    const list = await getJson<{ scenarios: Summary[] }>('/scenarios');
    state.folder = list.scenarios;
  } catch (e) {
    showError(e, 'Loading the folder');
  }
  await worker.call('folder', { entries: state.folder.map((s) => ({ id: s.id, file: s.file })) });
  renderPicker();

  byId('start').addEventListener('change', async (e) => {
    const select = e.target as HTMLSelectElement;
    const value = select.value;
    if (edited()) {
      select.value = state.startId ?? '';
      return;
    }
    if (value.startsWith('extends:')) {
      const parent = state.folder.find((s) => s.id === value.slice('extends:'.length))!;
      load(childOf(parent), `my-${parent.id}.yaml`, undefined);
    } else await loadFromServer(value);
  });
  byId('open').addEventListener('click', () => byId('file').click());
  byId<HTMLInputElement>('file').addEventListener('change', async (e) => {
    const input = e.target as HTMLInputElement;
    const f = input.files?.[0];
    input.value = '';
    if (f === undefined || edited()) return;
    load(await f.text(), f.name, undefined);
  });
  byId('save').addEventListener('click', () => {
    // Under the name it was opened with (a JSON file stays JSON): the text is saved as it stands.
    download(state.file, editor.text, state.file.endsWith('.json') ? 'application/json' : 'application/yaml');
    state.pristine = editor.text;
  });
  byId('share').addEventListener('click', async () => {
    const note = byId('share-note');
    note.hidden = false;
    try {
      const shared = await shareLink(editor.text, state.prepared?.id ?? 'scenario', viewParams(), state.can);
      if (!shared.ok) {
        note.textContent = shared.message;
        return;
      }
      history.replaceState(null, '', shared.url);
      await navigator.clipboard?.writeText(shared.url).catch(() => undefined);
      note.replaceChildren(
        shared.how === 'fragment'
          ? 'Link copied; the document travels inside it: '
          : 'Stored on the server; link copied: ',
        el('a', { href: shared.url, text: shared.url.length > 80 ? `${shared.url.slice(0, 77)}…` : shared.url }),
      );
    } catch (e) {
      note.textContent = `Sharing failed: ${describeError(e).headline}`;
    }
  });

  const liveSettings = () => {
    countAlternatives();
    later();
  };
  byId('alternatives').addEventListener('change', liveSettings);
  byId('outputs').addEventListener('change', () => {
    state.chosen = checked('outputs');
    later();
  });
  byId('outputs-all').addEventListener('click', () => {
    state.chosen = availableOutputs().map((o) => o.id);
    renderOutputs();
    later();
  });
  byId('outputs-none').addEventListener('click', () => {
    state.chosen = [];
    renderOutputs();
    later();
  });
  for (const id of ['trials', 'seed']) byId(id).addEventListener('input', later);
  for (const radio of document.querySelectorAll<HTMLInputElement>('input[name=layout]'))
    radio.addEventListener('change', () => {
      // A new layout of the same result: redrawn now, nothing run again.
      writeHash();
      if (state.result) charts.draw(drawn(), currentOutputs(), layout());
    });
  byId('controls').addEventListener('submit', (e) => {
    e.preventDefault();
    void refresh(true);
  });
  byId('time').addEventListener('change', () => {
    state.timeChosen = true;
    renderTable();
  });
  // A view pasted or linked into the address of the open page; edited text is not replaced unasked.
  window.addEventListener('hashchange', () => {
    if (!edited()) void readHash();
  });

  if (!(await readHash())) {
    const first = state.folder.find((s) => s.valid && !s.extends) ?? state.folder.find((s) => s.valid);
    if (!first || !(await loadFromServer(first.id))) load(STARTER, 'scenario.yaml', undefined);
  }
}

function currentOutputs(): string[] {
  const r = state.result?.value;
  if (r === undefined) return [];
  const runs = runsOf(r);
  const wanted = outputsToDraw().filter((id) => runs.some((run) => Object.hasOwn(run.outputs, id)));
  return wanted.length > 0 ? wanted : Object.keys(runs[0]!.outputs);
}

void init();
