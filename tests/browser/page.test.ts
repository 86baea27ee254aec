import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ComparisonResult } from '@foresight/core';
import { startServer, type TestServer } from '../api/server.js';

/**
 * The web page in real headless Chromium (Debian's `chromium`, driven by
 * playwright-core; `.ci/run` installs it). Without it the suite is skipped
 * and says so, and under CI (FORESIGHT_REQUIRE_BROWSER=1) it fails instead.
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
  readonly complete?: boolean;
  readonly naturalWidth?: number;
  readonly value?: string;
}
declare const document: {
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): ArrayLike<PageElement> & Iterable<PageElement>;
};

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

/** The page's own number format (3 significant digits, compact past 10,000), as an oracle for the table. */
const fmt = (x: number): string =>
  (Math.abs(x) >= 10000
    ? new Intl.NumberFormat('en', {
        notation: 'compact',
        minimumSignificantDigits: 3,
        maximumSignificantDigits: 3,
      }).format(x)
    : new Intl.NumberFormat('en', { maximumSignificantDigits: 3 }).format(x)
  ).replace('-', '−');

describe.skipIf(!available)('the web page in headless Chromium', () => {
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
      viewport: { width: 1440, height: 1000 },
    });
    page = browser.pages()[0] ?? (await browser.newPage());
    page.on('pageerror', (e) => failures.push(`page error: ${e.message}`));
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

  const chartsLoaded = (n: number) =>
    page.waitForFunction((count) => {
      const imgs = [...document.querySelectorAll('.chart-frame img')];
      return (
        document.querySelectorAll('.chart-frame.loading').length === 0 &&
        imgs.length === count &&
        imgs.every((i) => i.complete === true && (i.naturalWidth ?? 0) > 0)
      );
    }, n);

  it('runs a comparison by clicking: a fan chart per scenario and the comparison table', async () => {
    await page.goto(`${api.url}/`);
    await page.waitForSelector('#alternatives input[value=decoupling-severe]');
    expect(await page.locator('#base').inputValue()).toBe('baseline');
    await page.check('#alternatives input[value=decoupling-severe]');
    await page.fill('#trials', '300');
    await page.click('#run');
    await page.waitForSelector('#table tbody tr');
    await chartsLoaded(2);

    expect(await page.locator('.chart figcaption span:not(.chip)').allTextContents()).toEqual([
      'baseline (base)',
      'decoupling-severe',
    ]);
    // Side by side, each chart in its scenario's colour, on value axes shared with the other.
    const chips = await page
      .locator('.chart figcaption .chip')
      .evaluateAll((els) => els.map((e) => (e as unknown as { style: { background: string } }).style.background));
    expect(chips).toEqual(['rgb(0, 114, 178)', 'rgb(213, 94, 0)']);
    const sources = await page
      .locator('.chart a.link')
      .evaluateAll((els) => els.map((e) => (e as unknown as { href: string }).href));
    expect(sources[0]).toContain('colour=0&scale_with=decoupling-severe');
    expect(sources[1]).toContain('colour=1&scale_with=baseline');
    const heads = await page.locator('#table thead th').allTextContents();
    expect(heads).toEqual(['Output', 'baselinemedian · p5–p95', 'decoupling-severemedian · change · P(higher)']);
    // The numbers are the API's: the same comparison asked directly.
    const outputs = await page
      .locator('#outputs input:checked')
      .evaluateAll((els) => els.map((e) => (e as unknown as PageElement).value ?? ''));
    expect(outputs).toEqual(['workforce', 'tech_share_of_jobs']);
    const direct = await api.post<ComparisonResult>('/compare', {
      base: 'baseline',
      alternatives: ['decoupling-severe'],
      trials: 300,
      seed: 2026,
      outputs,
    });
    const last = direct.json.runs[0]!.times.length - 1;
    const rows = await page
      .locator('#table tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('th .id, td .strong')].map((c) => c.textContent)));
    expect(rows).toEqual(
      outputs.map((id) => [id, ...direct.json.runs.map((r) => fmt(r.outputs[id]!.quantiles['p50']![last]!))]),
    );
    expect(await page.locator('#status').textContent()).toMatch(
      /^baseline and 1 alternative · 300 trials · seed 2026 · \d+\.\d s$/,
    );
    expect(await page.locator('#error').isHidden()).toBe(true);
    expect(new URL(page.url()).hash).toBe(
      '#base=baseline&with=decoupling-severe&outputs=workforce%2Ctech_share_of_jobs&trials=300',
    );

    const shot = join(tmpdir(), 'foresight-page-compare.png');
    await page.screenshot({ path: shot, fullPage: true });
    expect(statSync(shot).size).toBeGreaterThan(50_000);
    console.log(`screenshot of the comparison: ${shot}`);
  });

  it('overlays the scenarios in one chart', async () => {
    await page.check('input[name=layout][value=overlay]');
    await page.click('#run');
    await page.waitForFunction(
      () => document.querySelector('.chart figcaption span')?.textContent === '2 scenarios overlaid',
    );
    await chartsLoaded(1);
    const alt = await page.locator('.chart-frame img').getAttribute('alt');
    expect(alt).toBe('Fan chart: 2 scenarios overlaid');
  });

  it('picks the view up from the address, and changes the table time', async () => {
    // The open page, given a view in its address (a link, a bookmark): no reload, it runs that view.
    await page.goto(`${api.url}/#base=baseline&with=talent-squeeze&outputs=workforce&trials=200&layout=overlay`);
    await page.waitForFunction(() =>
      document.querySelector('#table thead th:nth-child(3)')?.textContent?.startsWith('talent-squeeze'),
    );
    await chartsLoaded(1);
    expect(await page.locator('#table tbody tr').count()).toBe(1);
    await page.selectOption('#time', '2025');
    const direct = await api.post<ComparisonResult>('/compare', {
      base: 'baseline',
      alternatives: ['talent-squeeze'],
      trials: 200,
      seed: 2026,
      outputs: ['workforce'],
    });
    const at = direct.json.runs[0]!.times.indexOf(2025);
    expect(await page.locator('#table tbody td .strong').first().textContent()).toBe(
      fmt(direct.json.runs[0]!.outputs['workforce']!.quantiles['p50']![at]!),
    );
  });

  it('says in words what went wrong', async () => {
    await page.goto(`${api.url}/`);
    await page.waitForSelector('#alternatives input[value=talent-squeeze]');
    await page.check('#alternatives input[value=talent-squeeze]');
    await page.fill('#trials', '5000');
    await page.click('#run');
    await page.waitForSelector('#error:not([hidden])');
    // innerText, not textContent: the lines the reader sees, one per block.
    // biome-ignore lint/performance/useDomNodeTextContent: the test reads the page's line breaks
    const text = await page.locator('#error').innerText();
    expect(
      text
        .split('\n')
        .filter((l) => l !== '')
        .slice(0, 2),
    ).toEqual(['The comparison failed', 'It is over a limit of the server.']);
    expect(text).toContain("5,000 trials is over the server's limit of 3,000 trials per scenario (limits.trials)");
    expect(await page.locator('#error li').allInnerTexts()).toEqual([
      "5,000 trials is over the server's limit of 3,000 trials per scenario (limits.trials)",
    ]);
    for (const section of ['#table-section', '#charts-section', '#targets-section'])
      expect(await page.locator(section).isHidden()).toBe(true);
    const shot = join(tmpdir(), 'foresight-page-error.png');
    await page.screenshot({ path: shot, fullPage: true });
    console.log(`screenshot of the error: ${shot}`);
    expect(failures).toEqual([]);
  });
});
