// The workbench page's figures, in Debian's headless Chromium (after `pnpm build`):
//   node bench/workbench.mjs [edits=20] [coldLoads=5]
// - the page's assets, raw and gzipped (what a browser downloads);
// - a cold load (a fresh browser profile each time): first paint, first
//   contentful paint and the first fan chart drawn (the report's baseline,
//   2,000 trials, run in the page's worker), median of the loads;
// - keystroke to updated chart: the baseline at 500 trials, one keystroke
//   per edit (a digit typed into, then deleted from, its seed), p50 and p95 of
//   the page's own `keystroke-to-chart` measure (from the first keystroke of
//   an edit to the chart drawn, the typing debounce included).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from '@foresight/server';
import { chromium } from 'playwright-core';

const edits = Number(process.argv[2] ?? 20);
const coldLoads = Number(process.argv[3] ?? 5);
const executablePath = process.env.FORESIGHT_CHROMIUM ?? '/usr/bin/chromium';
const root = new URL('..', import.meta.url).pathname;
const ARGS = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-sync'];

const dist = join(root, 'apps/server/page/dist');
console.log('assets (raw, gzip -9):');
let total = 0;
for (const f of readdirSync(dist).filter((f) => /\.(js|css)$/.test(f))) {
  const bytes = readFileSync(join(dist, f));
  const gz = gzipSync(bytes, { level: 9 }).length;
  total += gz;
  console.log(`  ${f}: ${(bytes.length / 1024).toFixed(1)} kB, ${(gz / 1024).toFixed(1)} kB gzip`);
}
console.log(`  all: ${(total / 1024).toFixed(1)} kB gzip`);

const app = await build({ scenarios: join(root, 'scenarios'), cwd: root, pool: { workers: 1 } });
await app.listen({ host: '127.0.0.1', port: 0 });
const url = `http://127.0.0.1:${app.server.address().port}`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(q * xs.length) - 1)];

try {
  const loads = [];
  for (let i = 0; i < coldLoads; i++) {
    const profile = mkdtempSync(join(tmpdir(), 'foresight-bench-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath,
      headless: true,
      args: ARGS,
      viewport: { width: 1400, height: 1000 },
    });
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${url}/`);
    await page.waitForFunction(() => document.querySelector('#charts-card')?.dataset.state === 'live', null, {
      timeout: 60_000,
    });
    loads.push(
      await page.evaluate(() => {
        const paint = Object.fromEntries(performance.getEntriesByType('paint').map((e) => [e.name, e.startTime]));
        return { fp: paint['first-paint'], fcp: paint['first-contentful-paint'], chart: performance.now() };
      }),
    );
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
  const ms = (x) => `${Math.round(x)} ms`;
  console.log(`cold load, median of ${coldLoads}:`);
  console.log(
    `  first paint ${ms(median(loads.map((l) => l.fp)))}, first contentful paint ${ms(median(loads.map((l) => l.fcp)))}`,
  );
  console.log(
    `  first fan chart drawn (baseline, 2,000 trials, in the page's worker) ${ms(median(loads.map((l) => l.chart)))}`,
  );

  const profile = mkdtempSync(join(tmpdir(), 'foresight-bench-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath, headless: true, args: ARGS });
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(`${url}/#start=baseline&trials=500`);
  const drawn = (after) =>
    page.waitForFunction(
      (n) => {
        const card = document.querySelector('#charts-card');
        return card?.dataset.state === 'live' && Number(card.dataset.run ?? 0) > n;
      },
      after,
      { timeout: 60_000 },
    );
  await drawn(0);
  await page.locator('.cm-line', { hasText: /^seed: / }).click();
  await page.keyboard.press('End');
  await page.evaluate(() => performance.clearMeasures('keystroke-to-chart'));
  for (let i = 0; i < edits; i++) {
    const before = Number(await page.locator('#charts-card').getAttribute('data-run'));
    if (i % 2 === 0) await page.keyboard.type(String((i / 2) % 10));
    else await page.keyboard.press('Backspace');
    await drawn(before);
  }
  const times = await page.evaluate(() => performance.getEntriesByName('keystroke-to-chart').map((e) => e.duration));
  console.log(
    `keystroke to updated chart, baseline at 500 trials, ${times.length} edits: p50 ${ms(quantile(times, 0.5))}, p95 ${ms(quantile(times, 0.95))} (typing debounce of 200 ms included)`,
  );
  await context.close();
  rmSync(profile, { recursive: true, force: true });
} finally {
  await app.close();
}
