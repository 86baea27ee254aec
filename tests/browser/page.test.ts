import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  scenarioJsonSchema,
  type CheckReport,
  type ComparisonResult,
  type RunResult,
  type SensitivityResult,
} from '@foresight/core';
import { parse } from 'yaml';
// Importing the test server builds the workspace first when a build (the page's included) is stale.
import { folder, startServer, type TestServer } from '../api/server.js';

/**
 * The workbench page in real headless Chromium (Debian's `chromium`, driven
 * by playwright-core; `.ci/run` installs it). Without it the suite is
 * skipped and says so, and under CI (FORESIGHT_REQUIRE_BROWSER=1) it fails
 * instead. The page is the built one (`pnpm build` writes page/dist; the
 * suite builds first when it is missing or older than its sources).
 */
const executablePath = process.env['FORESIGHT_CHROMIUM'] ?? '/usr/bin/chromium';
const available = existsSync(executablePath);
if (!available) {
  const message = `browser suite: no Chromium at ${executablePath} (install Debian's chromium, or set FORESIGHT_CHROMIUM)`;
  if (process.env['FORESIGHT_REQUIRE_BROWSER'] === '1') throw new Error(message);
  console.warn(`${message}; SKIPPED`);
}

// The callbacks handed to the page run there; this is the little of the DOM
// they use (the type-check has no DOM library, on purpose: it is Node code).
interface PageElement {
  readonly textContent: string | null;
  readonly dataset: Record<string, string | undefined>;
  readonly id: string;
  readonly className: string;
  closest(selector: string): PageElement | null;
  checkVisibility(): boolean;
  getBoundingClientRect(): { left: number; top: number; right: number; bottom: number; width: number; height: number };
}
declare const document: {
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): ArrayLike<PageElement> & Iterable<PageElement>;
};
declare const window: { scrollTo(x: number, y: number): void; innerHeight: number };

// Without the background-networking flags Chromium reaches for Google's
// services, and the closed network here refuses the connections.
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The page's own number format (3 significant digits, compact past 10,000), as an oracle for its tables. */
const fmt = (x: number | null | undefined): string =>
  x === null || x === undefined
    ? '—'
    : (Math.abs(x) >= 10000
        ? new Intl.NumberFormat('en', {
            notation: 'compact',
            minimumSignificantDigits: 3,
            maximumSignificantDigits: 3,
          }).format(x)
        : new Intl.NumberFormat('en', { maximumSignificantDigits: 3 }).format(x)
      ).replace('-', '−');

/** A scenario of no folder: pasted into the editor, run in the browser. */
const GROWTH = `format: 1
id: growth
title: Compounding growth toward a ceiling
time: { start: 2020, end: 2030 }
trials: 500
seed: 7
parameters:
  r: { dist: normal, mean: 0.1, sd: 0.02 }
  ceiling: { dist: uniform, min: 150, max: 300 }
stocks:
  w: { initial: 100, inflow: "w * r * (1 - w / ceiling)" }
variables:
  share: "w / ceiling"
assumptions:
  - { name: the stock stays under 200, holds: "w < 200" }
  - { name: the share is a share, holds: "share >= 0 and share <= 1" }
`;

describe.skipIf(!available)('the workbench page in headless Chromium', () => {
  let api: TestServer;
  let browser: BrowserContext;
  let profile: string;
  let page: Page;
  const failures: string[] = [];

  beforeAll(async () => {
    api = await startServer({ limits: { trials: 3000 } });
    profile = mkdtempSync(join(tmpdir(), 'foresight-chromium-'));
    browser = await chromium.launchPersistentContext(profile, {
      executablePath,
      headless: true,
      args: ARGS,
      viewport: { width: 1400, height: 1000 },
      acceptDownloads: true,
    });
    // A refusal by the Content-Security-Policy, with where it came from.
    await browser.addInitScript(
      "document.addEventListener('securitypolicyviolation', (e) => console.error('CSP refused ' + e.violatedDirective + ': ' + e.sourceFile + ':' + e.lineNumber + ' ' + e.sample))",
    );
    page = browser.pages()[0] ?? (await browser.newPage());
    page.on('pageerror', (e) => failures.push(`page error: ${e.message}`));
    // A Content-Security-Policy refusal is logged as a console error: the page must cause none.
    page.on('console', (m) => {
      // (The browser also logs the one expected refusal, a 422.)
      if (m.type() === 'error' && !m.text().includes('status of 422')) failures.push(`console: ${m.text()}`);
    });
    page.on('response', (r) => {
      // The one refusal the error test asks for is expected; anything else is a fault.
      if (r.status() >= 400 && r.status() !== 422) failures.push(`${r.status()} ${r.url()}`);
    });
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  /** Wait for the charts of a run newer than `after` (the page numbers its runs). */
  const drawnAfter = async (after: number): Promise<number> => {
    await page.waitForFunction((n) => {
      const card = document.querySelector('#charts-card');
      return card?.dataset['state'] === 'live' && Number(card.dataset['run'] ?? 0) > n;
    }, after);
    return Number(await page.locator('#charts-card').getAttribute('data-run'));
  };
  const lastRun = async () => Number((await page.locator('#charts-card').getAttribute('data-run')) ?? 0);

  /** The page at `hash`, once its first run is drawn. */
  async function open(hash = ''): Promise<void> {
    // A new load, not a hash change of the open page.
    await page.goto('about:blank');
    await page.goto(`${api.url}/${hash}`);
    await drawnAfter(0);
  }

  /** Replace the editor's text as a paste does. */
  async function paste(text: string): Promise<void> {
    await page.locator('.cm-content').click();
    await page.keyboard.press('Control+a');
    await page.keyboard.insertText(text);
  }

  async function downloaded<T>(button: string): Promise<T> {
    const [file] = await Promise.all([page.waitForEvent('download'), page.locator(button).click()]);
    return JSON.parse(readFileSync((await file.path())!, 'utf8')) as T;
  }

  it('opens on the folder baseline and runs it in the browser, with no policy refusal', async () => {
    await open();
    expect(await page.locator('#start').inputValue()).toBe('baseline');
    expect(await page.locator('#status').getAttribute('data-where')).toBe('browser');
    expect(await page.locator('#status').textContent()).toMatch(
      /^baseline · 1,000 trials · seed 2026 · ran in your browser in \d+ ms$/,
    );
    expect(await page.locator('.fan figcaption .id').allTextContents()).toEqual(['workforce', 'tech_share_of_jobs']);
    // The server answers the page and its worker under their Content-Security-Policies.
    const answer = await api.get('/');
    expect(answer.headers.get('content-security-policy')).toMatch(/script-src 'self';.*style-src 'self' 'nonce-/);
    expect((await api.get('/assets/worker.js')).headers.get('content-security-policy')).toContain("'unsafe-eval'");
    expect(failures).toEqual([]);
  });

  it('shows a misspelt key inline at its line, and draws the chart again once it is fixed, without Run', async () => {
    await open('#trials=200');
    await paste(GROWTH.replace('stocks:', 'stoks:'));
    await page.waitForSelector('.cm-lintRange-error');
    expect(await page.locator('.cm-lintRange-error').textContent()).toBe('stoks');
    // Underlined on line 10, where the key stands, and listed with its position.
    const line = await page
      .locator('.cm-lintRange-error')
      .evaluate((e) => (e as unknown as PageElement).closest('.cm-line')?.textContent);
    expect(line).toBe('stoks:');
    const active = await page
      .locator('.cm-gutter-lint .cm-gutterElement')
      .evaluateAll((els) => els.map((e) => (e as unknown as PageElement).textContent ?? '').length);
    expect(active).toBeGreaterThan(0);
    expect(await page.locator('#problems li').allTextContents()).toEqual([
      "10:1 schema unknown key 'stoks'; did you mean 'stocks'?",
    ]);
    expect(await page.locator('#charts-card').getAttribute('data-state')).toBe('stale');

    // Fix it where it stands: the cursor after "sto", type "c".
    const before = await lastRun();
    await page.locator('.cm-line', { hasText: 'stoks:' }).click();
    await page.keyboard.press('Home');
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    await page.keyboard.type('c');
    await drawnAfter(before);
    expect(await page.locator('#problems').isHidden()).toBe(true);
    expect(await page.locator('.cm-lintRange-error').count()).toBe(0);
    expect(await page.locator('.fan figcaption .id').allTextContents()).toEqual(['w', 'share']);
    expect(await page.locator('#status').getAttribute('data-where')).toBe('browser');
    expect(await page.locator('#status').textContent()).toMatch(/^growth · 200 trials · seed 7 · ran in your browser/);
  });

  it("completes keys and values from the format's JSON Schema, and explains a key on hover", async () => {
    await open('#trials=200');
    await paste('format: 1\nid: g\ntime: { start: 2020, end: 2030 }\nparameters:\n  r:\n    dist: normal\n    \n');
    // A key of a normal parameter, after "m": only the keys its variant takes.
    await page.locator('.cm-line').nth(6).click();
    await page.keyboard.press('End');
    await page.keyboard.type('m');
    await page.waitForSelector('.cm-tooltip-autocomplete');
    expect(await page.locator('.cm-tooltip-autocomplete li .cm-completionLabel').allTextContents()).toEqual([
      'max',
      'mean',
      'min',
    ]);
    await page.locator('.cm-tooltip-autocomplete li', { hasText: 'mean' }).click();
    expect(await page.locator('.cm-line').nth(6).textContent()).toBe('    mean: ');
    // A value, in a flow mapping: the distributions.
    await page.keyboard.press('Control+End');
    await page.keyboard.type('  s: { dist: ');
    await page.keyboard.press('Control+Space');
    await page.waitForSelector('.cm-tooltip-autocomplete');
    expect(await page.locator('.cm-tooltip-autocomplete li .cm-completionLabel').allTextContents()).toEqual(
      expect.arrayContaining(['normal', 'lognormal', 'triangular', 'pert', 'uniform']),
    );
    await page.keyboard.press('Escape');
    // The folder's ids after extends.
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('Enter');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.type('extends: ');
    await page.keyboard.press('Control+Space');
    await page.waitForSelector('.cm-tooltip-autocomplete');
    expect(await page.locator('.cm-tooltip-autocomplete li .cm-completionLabel').allTextContents()).toEqual([
      'baseline',
      'commercialization-bottleneck',
      'decoupling-and-talent-squeeze',
      'decoupling-severe',
      'policy-push',
      'policy-under-decoupling',
      'report-overstates',
      'talent-squeeze',
      'trend-extrapolation',
    ]);
    await page.keyboard.press('Escape');
    await page.locator('.cm-line').nth(3).locator('span', { hasText: 'time' }).hover();
    await page.waitForSelector('.cm-schema-doc');
    const words = await page.locator('.cm-schema-doc').textContent();
    expect(words).toMatch(/^time/);
    // Core's own words for the key, from the schema `foresight schema` prints: not a copy in the page.
    const schema = scenarioJsonSchema() as { $defs: { whole: { properties: { time: { description: string } } } } };
    expect(words).toContain(schema.$defs.whole.properties.time.description);
    expect(words).toContain('start, end');
  });

  it('runs a pasted scenario in the browser with the numbers POST /runs gives for the same seed', async () => {
    await open('#trials=200');
    const before = await lastRun();
    await paste(GROWTH.replace('seed: 7', 'seed: 11'));
    await drawnAfter(before);
    await page.click('#tab-data');
    const mine = await downloaded<RunResult>('#downloads button:has-text("growth.json")');
    // The same request as the page's: the document, the trials set in the page, the outputs it draws.
    const outputs = await page
      .locator('#outputs input:checked')
      .evaluateAll((els) => els.map((e) => (e as unknown as { value: string }).value));
    expect(outputs).toEqual(['w', 'share']);
    const direct = await api.post<RunResult>('/runs', {
      scenario: parse(GROWTH.replace('seed: 7', 'seed: 11')),
      trials: 200,
      outputs,
    });
    expect(direct.status).toBe(200);
    expect(mine.trials).toBe(200);
    expect(mine.seed).toBe(11);
    // Every number the engine computed; only the time it took may differ.
    const { elapsed_ms: _a, ...mineProvenance } = mine.provenance;
    const { elapsed_ms: _b, ...directProvenance } = direct.json.provenance;
    expect(JSON.stringify(mineProvenance)).toBe(JSON.stringify(directProvenance));
    expect(mine.outputs).toEqual(direct.json.outputs);
    expect({ ...mine, provenance: mineProvenance }).toEqual({ ...direct.json, provenance: directProvenance });
    // And the table shows them.
    await page.click('#tab-table');
    expect(await page.locator('#table tbody tr:first-child td.strong').textContent()).toBe(
      fmt(direct.json.outputs['w']!.quantiles['p50']!.at(-1)),
    );
  });

  it('reads a time off a chart with the keyboard, and toggles its bands', async () => {
    const plot = page.locator('.fan[data-output=w] .plot').first();
    await plot.focus();
    await page.keyboard.press('End');
    const readout = page.locator('.fan[data-output=w] .readout');
    expect(await readout.locator('.readout-time').textContent()).toBe('2030');
    await page.keyboard.press('ArrowLeft');
    expect(await readout.locator('.readout-time').textContent()).toBe('2029');
    const direct = await api.post<RunResult>('/runs', {
      scenario: parse(GROWTH.replace('seed: 7', 'seed: 11')),
      trials: 200,
    });
    const w = direct.json.outputs['w']!;
    const at = direct.json.times.indexOf(2029);
    expect(await readout.locator('.readout-row span:not(.chip)').allTextContents()).toEqual([
      'growth',
      `median ${fmt(w.quantiles['p50']![at])}`,
      `50%: ${fmt(w.quantiles['p25']![at])} – ${fmt(w.quantiles['p75']![at])}`,
      `90%: ${fmt(w.quantiles['p5']![at])} – ${fmt(w.quantiles['p95']![at])}`,
    ]);
    const outer = page.locator('.fan[data-output=w] .toggle', { hasText: 'middle 90%' });
    await outer.click();
    expect(await outer.getAttribute('aria-pressed')).toBe('false');
    await outer.click();
    expect(await outer.getAttribute('aria-pressed')).toBe('true');
  });

  it("starts a new scenario that extends a folder's, resolved against the folder as the server resolves it", async () => {
    await open('#trials=200');
    const before = await lastRun();
    await page.selectOption('#start', 'extends:decoupling-severe');
    await drawnAfter(before);
    const lines = await page.locator('.cm-line').allTextContents();
    expect(lines).toContain('extends: decoupling-severe');
    // Change one parameter of the grandparent (baseline), as a user would: the run follows.
    await page.locator('.cm-line', { hasText: 'parameters: {}' }).click();
    await page.keyboard.press('End');
    for (let i = 0; i < 2; i++) await page.keyboard.press('Backspace');
    const again = await lastRun();
    await page.keyboard.type('\n  decoupling_severity: { dist: triangular, min: 0.5, mode: 0.8, max: 0.95 }');
    await drawnAfter(again);
    const doc = parse(lines.join('\n').replace('parameters: {}', '')) as Record<string, unknown>;
    doc['parameters'] = { decoupling_severity: { dist: 'triangular', min: 0.5, mode: 0.8, max: 0.95 } };
    const direct = await api.post<RunResult>('/runs', {
      scenario: doc,
      trials: 200,
      outputs: ['workforce', 'tech_share_of_jobs'],
    });
    expect(direct.status).toBe(200);
    await page.click('#tab-table');
    expect(await page.locator('#table tbody td.strong').allTextContents()).toEqual(
      ['workforce', 'tech_share_of_jobs'].map((id) => fmt(direct.json.outputs[id]!.quantiles['p50']!.at(-1))),
    );
    expect(await page.locator('#table-title').textContent()).toBe('my-decoupling-severe: distribution');
  });

  it('agrees with POST /sensitivity on the tornado and with POST /check on the assumptions', async () => {
    const doc = parse(GROWTH);
    await open('#trials=200');
    const before = await lastRun();
    await paste(GROWTH);
    await drawnAfter(before);

    await page.click('#tab-sensitivity');
    await page.selectOption('#sens-output', 'w');
    await page.selectOption('#sens-at', '2030');
    await page.click('#sens-run');
    await page.waitForSelector('#sensitivity-table tbody tr');
    expect(await page.locator('#sensitivity-status').getAttribute('data-where')).toBe('browser');
    const tornado = await api.post<SensitivityResult>('/sensitivity', { scenario: doc, output: 'w', at: 2030 });
    expect(tornado.status).toBe(200);
    if (tornado.json.method !== 'tornado') throw new Error('expected a tornado');
    const rows = await page
      .locator('#sensitivity-table tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => [...(tr as unknown as { children: PageElement[] }).children].map((c) => c.textContent)),
      );
    expect(rows).toEqual(
      tornado.json.bars.map((b) => [
        b.parameter,
        fmt(b.low),
        fmt(b.high),
        fmt(b.output_low),
        fmt(b.output_high),
        fmt(b.swing),
      ]),
    );
    expect(await page.locator('#sensitivity-result img.analysis-chart').count()).toBe(1);

    // Sobol indices, the same way.
    await page.check('input[name=method][value=sobol]');
    await page.fill('#sens-samples', '128');
    await page.click('#sens-run');
    await page.waitForFunction(() =>
      document.querySelector('#sensitivity-table thead')?.textContent?.includes('first order'),
    );
    const sobol = await api.post<SensitivityResult>('/sensitivity', {
      scenario: doc,
      output: 'w',
      at: 2030,
      method: 'sobol',
      samples: 128,
    });
    if (sobol.json.method !== 'sobol') throw new Error('expected Sobol indices');
    const firsts = await page.locator('#sensitivity-table tbody tr td.strong').allTextContents();
    expect(firsts).toEqual(sobol.json.factors.flatMap((f) => [fmt(f.first.estimate), fmt(f.total.estimate)]));

    await page.click('#tab-check');
    await page.fill('#check-runs', '60');
    await page.click('#check-run');
    await page.waitForSelector('#check-list li');
    const check = await api.post<CheckReport>('/check', { scenario: doc, runs: 60 });
    expect(check.status).toBe(200);
    expect(await page.locator('#check-list .verdict').allTextContents()).toEqual(
      check.json.assumptions.map((a) => (a.status === 'holds' ? '✓ holds' : '✗ violated')),
    );
    const violated = check.json.assumptions.find((a) => a.status === 'violated')!;
    expect(violated.name).toBe('the stock stays under 200');
    const shown = await page.locator('#check-list li.violated .counterexample tr').allTextContents();
    expect(shown).toEqual(
      expect.arrayContaining([
        `time${violated.counterexample!.time}`,
        ...Object.entries(violated.counterexample!.parameters).map(([k, v]) => `${k}${fmt(v)}`),
      ]),
    );
    expect(failures).toEqual([]);
  });

  it('compares with a folder scenario, and switches between side by side and overlaid without running again', async () => {
    await open('#with=decoupling-severe&trials=300&start=baseline');
    const direct = await api.post<ComparisonResult>('/compare', {
      base: 'baseline',
      alternatives: ['decoupling-severe'],
      trials: 300,
      seed: 2026,
      outputs: ['workforce', 'tech_share_of_jobs'],
    });
    const last = direct.json.runs[0]!.times.length - 1;
    const rows = await page
      .locator('#table tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) =>
          [
            ...(tr as unknown as { querySelectorAll(s: string): PageElement[] }).querySelectorAll('th .id, td .strong'),
          ].map((c) => c.textContent),
        ),
      );
    expect(rows).toEqual(
      ['workforce', 'tech_share_of_jobs'].map((id) => [
        id,
        ...direct.json.runs.map((r) => fmt(r.outputs[id]!.quantiles['p50']![last])),
      ]),
    );
    // Each alternative's cell carries the summary's columns: its 90% band, and the paired shares above and below.
    const alt = direct.json.runs[1]!.outputs['workforce']!;
    const entry = direct.json.comparisons[0]!.outputs['workforce']!;
    if (!('difference' in entry)) throw new Error('workforce is not compared');
    const at = direct.json.comparisons[0]!.times.length - 1;
    /** The page's share format (as its pct), an oracle for the cell. */
    const share = (x: number) => (x === 0 ? '0%' : `${(x * 100).toFixed(x * 100 >= 10 ? 0 : x * 100 >= 1 ? 1 : 2)}%`);
    const [band, delta] = await page.locator('#table tbody tr:first-child td:nth-child(3) .sub').allTextContents();
    expect(band).toBe(`${fmt(alt.quantiles['p5']![last])} – ${fmt(alt.quantiles['p95']![last])}`);
    expect(delta!.split(' · ').slice(1)).toEqual([
      `P(higher) ${share(entry.difference.p_greater[at]!)}`,
      `P(lower) ${share(entry.difference.p_less[at]!)}`,
    ]);
    expect(await page.locator('.fan[data-output=workforce] .plot').count()).toBe(2);
    const run = await lastRun();
    await page.check('input[name=layout][value=overlay]');
    await page.waitForFunction(() => document.querySelectorAll('.fan[data-output=workforce] .plot').length === 1);
    expect(await lastRun()).toBe(run);
    expect(new URL(page.url()).hash).toContain('layout=overlay');
    // Overlaid, each scenario keeps a toggle of its own.
    expect(await page.locator('.fan[data-output=workforce] .toggle').allTextContents()).toEqual([
      'baseline (base)',
      'decoupling-severe',
      'middle 50%',
      'middle 90%',
    ]);
  });

  it('sends a run over the browser limit to the server, and says in words what the server refused', async () => {
    await open('#start=baseline');
    await page.fill('#trials', '5000');
    await page.waitForFunction(() => document.querySelector('#status')?.textContent?.includes('press Run'));
    expect(await page.locator('#status').textContent()).toMatch(/over the browser's limit of 500 million: press Run/);
    await page.click('#run');
    await page.waitForSelector('#error:not([hidden])');
    // biome-ignore lint/performance/useDomNodeTextContent: the test reads the page's line breaks
    const text = await page.locator('#error').innerText();
    expect(
      text
        .split('\n')
        .filter((l) => l !== '')
        .slice(0, 2),
    ).toEqual(['The run on the server failed', 'It is over a limit of the server.']);
    expect(text).toContain("5,000 trials is over the server's limit of 3,000 trials per scenario (limits.trials)");
    // Within the server's limits, the same button runs it there: a comparison of two scenarios at 2,000 trials.
    await page.goto('about:blank');
    await page.goto(`${api.url}/#start=baseline&with=decoupling-severe&trials=2000`);
    await page.waitForFunction(() => document.querySelector('#status')?.textContent?.includes('press Run'));
    await page.click('#run');
    await drawnAfter(0);
    expect(await page.locator('#status').getAttribute('data-where')).toBe('server');
    expect(await page.locator('#status').textContent()).toMatch(
      /^baseline and 1 alternative · 2,000 trials · seed 2026 · ran on the server in \d+ ms$/,
    );
    expect(await page.locator('#table thead th').count()).toBe(3);
  });

  it('opens a YAML file from the disk, runs it, and saves the edited text', async () => {
    await open('#trials=200');
    const before = await lastRun();
    await page.locator('#file').setInputFiles({
      name: 'growth.yaml',
      mimeType: 'application/yaml',
      buffer: Buffer.from(GROWTH),
    });
    await drawnAfter(before);
    expect(await page.locator('#table-title').textContent()).toBe('growth: distribution');
    const [file] = await Promise.all([page.waitForEvent('download'), page.click('#save')]);
    expect(file.suggestedFilename()).toBe('growth.yaml');
    expect(readFileSync((await file.path())!, 'utf8')).toBe(GROWTH);
  });

  it('shares the edited document in a link that opens it', async () => {
    await open('#start=talent-squeeze');
    const edited = (await page.locator('.cm-content').textContent()) ?? '';
    expect(edited).toContain('id: talent-squeeze');
    await paste(GROWTH);
    await page.click('#share');
    await page.waitForSelector('#share-note a');
    const link = (await page.locator('#share-note a').getAttribute('href'))!;
    expect(link).toMatch(/#doc=[\w-]+$/);
    const other = await browser.newPage();
    await other.goto(link);
    await other.waitForFunction(() => document.querySelector('#charts-card')?.dataset['state'] === 'live');
    expect(await other.locator('.fan figcaption .id').allTextContents()).toEqual(['w', 'share']);
    await other.close();

    // A document past the link's limit: this server stores no scenarios, so the page says so.
    let x = 7;
    const noise = Array.from({ length: 1200 }, () => {
      x = (x * 48271) % 2147483647;
      return `# ${x.toString(36)} ${(x * 31).toString(36)} ${(x % 9973).toString(36)}`;
    }).join('\n');
    // Opened from a file (typing 30 kB into the editor would take the browser seconds), over the
    // edited text: the page asks first.
    const asked: string[] = [];
    page.once('dialog', (d) => {
      asked.push(d.message());
      void d.accept();
    });
    await page.locator('#file').setInputFiles({
      name: 'long.yaml',
      mimeType: 'application/yaml',
      buffer: Buffer.from(`${GROWTH}${noise}\n`),
    });
    await page.waitForFunction(() => document.querySelector('.cm-content')?.textContent?.includes('# '));
    expect(asked).toEqual(['Replace the edited scenario? Its changes are not saved.']);
    await page.click('#share');
    await page.waitForFunction(() => document.querySelector('#share-note')?.textContent?.includes('too long'));
    expect(await page.locator('#share-note').textContent()).toMatch(
      /^This document is too long to share in a link \([\d,]+ characters compressed, over the 16,000 a link carries\), and this server stores no scenarios: download the YAML instead\.$/,
    );
  });

  for (const [width, height] of [
    [360, 740],
    [768, 1024],
    [1400, 1000],
  ] as const) {
    it(`at ${width} x ${height}, no control overlaps the results, scrolled or not`, async () => {
      await page.setViewportSize({ width, height });
      await open('#with=decoupling-severe&trials=300&start=baseline');
      const overlaps = await page.evaluate(() => {
        const boxes = (selector: string) =>
          [...document.querySelectorAll(selector)]
            .filter((e) => e.checkVisibility())
            .map((e) => ({ what: `${selector} ${e.id || e.className}`, box: e.getBoundingClientRect() }));
        const found: string[] = [];
        for (const y of [0, 400, 100_000]) {
          window.scrollTo(0, y);
          const controls = boxes(
            '.editor-pane button, .editor-pane select, .editor-pane .cm-editor, #controls input, #controls summary, #controls button, #controls .segmented',
          );
          const results = [...boxes('#charts-card'), ...boxes('.views')];
          for (const c of controls)
            for (const r of results)
              if (
                c.box.left < r.box.right &&
                r.box.left < c.box.right &&
                c.box.top < r.box.bottom &&
                r.box.top < c.box.bottom
              )
                found.push(`${c.what} overlaps ${r.what} at scroll ${y}`);
        }
        window.scrollTo(0, 0);
        return found;
      });
      expect(overlaps).toEqual([]);
      // Nothing wider than the screen.
      expect(
        await page.evaluate(() => document.querySelector('main')!.getBoundingClientRect().width),
      ).toBeLessThanOrEqual(width);
      const dir = process.env['FORESIGHT_SCREENSHOTS'] ?? join(tmpdir(), 'foresight-workbench');
      mkdirSync(dir, { recursive: true });
      await page.screenshot({ path: join(dir, `workbench-${width}.png`), fullPage: width < 1000 });
    });
  }

  it('starts from a scenario of its own where the folder has none', async () => {
    const empty = await startServer({ cwd: folder({}) });
    try {
      await page.goto('about:blank');
      await page.goto(`${empty.url}/`);
      await drawnAfter(0);
      expect(await page.locator('#status').textContent()).toMatch(
        /^my-scenario · 1,000 trials · seed 1 · ran in your browser/,
      );
      expect(await page.locator('#start option:not([disabled])').count()).toBe(0);
    } finally {
      await empty.close();
    }
  });

  it('keeps Run above the fold on a 1280 x 720 screen', async () => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await open('#start=baseline&trials=200');
    const run = (await page.locator('#run').boundingBox())!;
    expect(run.y + run.height).toBeLessThanOrEqual(720);
    expect(failures).toEqual([]);
  });
});
