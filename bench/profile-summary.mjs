// Summarise a V8 .cpuprofile (from `node --cpu-prof`) by where time goes:
// self time per function, and per category (random draws, generated
// evaluation, summaries, serialisation, module loading, other).
// Usage: node bench/profile-summary.mjs FILE.cpuprofile [top]
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

const [file, topArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bench/profile-summary.mjs FILE.cpuprofile [top]');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map();
const dt = profile.timeDeltas;
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i];
  self.set(id, (self.get(id) ?? 0) + (dt[i] ?? 0));
}
const total = [...self.values()].reduce((a, b) => a + b, 0);

// Categories by the function's file and name; the first match wins.
const rules = [
  ['random draws', (_f, u) => /\/random\//.test(u) || /seedrandom/.test(u)],
  [
    'generated evaluation',
    (f, u) => (u === '' && /^(trial|anonymous)$/.test(f)) || /model\/(runtime|shocks|series)/.test(u),
  ],
  ['simulate driver', (_f, u) => /simulate\/|codegen/.test(u)],
  ['summaries', (f, u) => /summarize\/|compare\/|sort|quantile/.test(u + f)],
  ['serialisation', (f, u) => /stringify|JSON/.test(f) || /hash\//.test(u)],
  ['compile and parse', (_f, u) => /mathjs|model\/|scenario\/|yaml|zod/.test(u)],
  [
    'module loading',
    (f, u) =>
      /^node:internal\/modules|(compileFunction|compileSourceTextModule|link|instantiate|evaluate)$/.test(u || f),
  ],
  ['garbage collection', (f) => f === '(garbage collector)'],
  ['idle', (f) => f === '(idle)' || f === '(program)'],
];
// Code in a bundle (core's dist/index.js) is placed back in its source file through the bundle's source map.
const maps = new Map();
function original(frame) {
  const url = frame.url;
  if (!url.startsWith('file:') && !url.startsWith('/')) return url;
  if (!maps.has(url)) {
    const file = url.startsWith('file:') ? fileURLToPath(url) : url;
    maps.set(url, existsSync(`${file}.map`) ? new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8'))) : null);
  }
  const map = maps.get(url);
  if (!map || frame.lineNumber < 0) return url;
  const entry = map.findEntry(frame.lineNumber, frame.columnNumber);
  return entry?.originalSource ?? url;
}

const cats = new Map();
const fns = new Map();
for (const [id, us] of self) {
  const n = byId.get(id);
  const f = n.callFrame.functionName || '(anonymous)';
  const u = original(n.callFrame);
  const cat = rules.find(([, test]) => test(f, u))?.[0] ?? 'other';
  cats.set(cat, (cats.get(cat) ?? 0) + us);
  const key = `${f} ${u.replace(/^.*\/(packages|node_modules)\//, '$1/')}`;
  fns.set(key, (fns.get(key) ?? 0) + us);
}
const pct = (us) => `${((100 * us) / total).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(6)} ms`;
console.log(`total ${(total / 1000).toFixed(0)} ms sampled`);
console.log('\nby category');
for (const [c, us] of [...cats].sort((a, b) => b[1] - a[1])) console.log(`  ${pct(us)}  ${c}`);
console.log('\nby function (self time)');
for (const [f, us] of [...fns].sort((a, b) => b[1] - a[1]).slice(0, Number(topArg ?? 15)))
  console.log(`  ${pct(us)}  ${f}`);
