import type { OutputSummary, RunResult } from '@foresight/core';
import { BANDS, centreStat, hasBand } from './bands.js';
import { renderLegend, type LegendItem } from './legend.js';
import { clampSize, frame, LEGEND_TOP, PAD } from './frame.js';
import { MUTED, scenarioColour } from './palette.js';
import { renderPanel, type BandOpacity, type PanelSeries } from './panel.js';
import { num } from './xml.js';

export interface FanChartOptions {
  /** Outputs to draw, one panel each, in this order; by default every output of any result. */
  outputs?: string[];
  /** Total width in pixels (default 960). */
  width?: number;
  /** Height of one panel in pixels (default 280). */
  panelHeight?: number;
  /** Chart title; by default the scenario's title, or the scenario ids joined by "vs". */
  title?: string;
  /**
   * Palette position of the first result (default 0): a chart of one scenario
   * drawn beside others keeps the colour it has in their overlay and table.
   */
  colour?: number;
  /**
   * Results that are not drawn but widen each panel's value axis to their
   * values too, so charts drawn side by side share their scales.
   */
  scaleWith?: readonly RunResult[];
}

const BOTTOM_PAD = 12;
const COLUMN_GAP = 28;
const ROW_GAP = 10;
// One scenario gets stronger bands; in an overlay they are fainter so that
// where two scenarios' bands overlap both stay visible.
const SINGLE: BandOpacity = { outer: 0.16, inner: 0.32 };
const OVERLAY: BandOpacity = { outer: 0.1, inner: 0.2 };
const KEY_COLOUR = '#555555';

const outputOf = (r: RunResult, id: string): OutputSummary | undefined =>
  Object.hasOwn(r.outputs, id) ? r.outputs[id] : undefined;

function defaultOutputs(results: readonly RunResult[]): string[] {
  return [...new Set(results.flatMap((r) => Object.keys(r.outputs)))];
}

/**
 * Legend names: the scenario id, numbered from its second appearance, so an
 * overlay of one scenario with itself (another seed, say) stays readable.
 */
function labelsOf(results: readonly RunResult[]): string[] {
  const seen = new Map<string, number>();
  return results.map((r) => {
    const n = (seen.get(r.scenario) ?? 0) + 1;
    seen.set(r.scenario, n);
    return n === 1 ? r.scenario : `${r.scenario} (${n})`;
  });
}

function subtitle(results: readonly RunResult[], title: string): string {
  const [first] = results;
  if (first === undefined) return '';
  const same = results.every((r) => r.trials === first.trials && r.seed === first.seed);
  const run = same ? `${first.trials} trials · seed ${first.seed}` : '';
  // Name the scenario when the title does not already.
  if (results.length === 1 && title !== first.scenario) return [first.scenario, run].filter(Boolean).join(' · ');
  return run;
}

function legendGroups(
  results: readonly RunResult[],
  labels: readonly string[],
  outputs: readonly string[],
  colours: readonly string[],
): LegendItem[][] {
  const summaries = results.flatMap((r) => outputs.map((id) => outputOf(r, id))).filter((s) => s !== undefined);
  const single = results.length === 1;
  const opacity = single ? SINGLE : OVERLAY;
  const key = single ? (colours[0] ?? KEY_COLOUR) : KEY_COLOUR;
  const scenarios: LegendItem[] = single
    ? []
    : labels.map((label, i) => ({
        glyph: 'scenario',
        colour: colours[i] ?? KEY_COLOUR,
        opacity: opacity.inner,
        label,
      }));
  const items: LegendItem[] = [];
  const centres = new Set(summaries.map(centreStat));
  if (centres.has('p50')) items.push({ glyph: 'line', colour: key, label: 'median' });
  if (centres.has('mean')) items.push({ glyph: 'line', colour: key, label: 'mean' });
  // Inner band first: it reads outward from the line.
  for (const band of [...BANDS].reverse()) {
    if (!summaries.some((s) => hasBand(s, band))) continue;
    const share = band.role === 'inner' ? 'middle 50%' : 'middle 90%';
    items.push({ glyph: 'band', colour: key, opacity: opacity[band.role], label: `${share} (${band.label})` });
  }
  return [scenarios, items];
}

/**
 * A fan chart of one run, or an overlay of several runs for comparing
 * scenarios: one panel per output, each with a centre line (median) and its
 * p25–p75 and p5–p95 bands, a year axis and a value axis labelled with the
 * unit. Same input, same bytes: no ids, dates or random values in the markup.
 */
export function renderFanChart(input: RunResult | RunResult[], options: FanChartOptions = {}): string {
  const results = Array.isArray(input) ? input : [input];
  const width = clampSize(options.width, 960, 240, 10_000);
  const panelHeight = clampSize(options.panelHeight, 280, 120, 4_000);
  const outputs = options.outputs ?? defaultOutputs(results);
  const first = clampSize(options.colour, 0, 0, 1_000);
  const colours = results.map((_, i) => scenarioColour(first + i));
  const scaleWith = options.scaleWith ?? [];
  const labels = labelsOf(results);
  const title =
    options.title ?? (results.length === 1 ? (results[0]?.title ?? results[0]?.scenario ?? '') : labels.join(' vs '));

  const legend = renderLegend(legendGroups(results, labels, outputs, colours), PAD, LEGEND_TOP, width - 2 * PAD);
  const top = LEGEND_TOP + legend.height + 10;
  const columns = outputs.length > 1 && width >= 560 ? 2 : 1;
  const rows = Math.max(1, Math.ceil(outputs.length / columns));
  const panelWidth = (width - 2 * PAD - COLUMN_GAP * (columns - 1)) / columns;
  const height = Math.round(top + rows * panelHeight + (rows - 1) * ROW_GAP + BOTTOM_PAD);
  const opacity = results.length === 1 ? SINGLE : OVERLAY;

  const panels = outputs.map((id, k) => {
    const series: PanelSeries[] = results.map((r, i) => ({
      index: i,
      scenario: r.scenario,
      label: labels[i] ?? r.scenario,
      colour: colours[i] ?? KEY_COLOUR,
      times: r.times,
      summary: outputOf(r, id),
    }));
    const shared: PanelSeries[] = scaleWith.map((r, i) => ({
      index: results.length + i,
      scenario: r.scenario,
      label: r.scenario,
      colour: KEY_COLOUR,
      times: r.times,
      summary: outputOf(r, id),
    }));
    const unit = results.map((r) => outputOf(r, id)?.unit).find((u) => u !== undefined);
    const box = {
      x: PAD + (k % columns) * (panelWidth + COLUMN_GAP),
      y: top + Math.floor(k / columns) * (panelHeight + ROW_GAP),
      width: panelWidth,
      height: panelHeight,
    };
    return renderPanel(box, id, unit, series, opacity, shared);
  });
  if (outputs.length === 0) {
    panels.push(
      `<text x="${num(width / 2)}" y="${num(top + panelHeight / 2)}" font-size="13" fill="${MUTED}" text-anchor="middle">no outputs to draw</text>`,
    );
  }

  return frame(width, height, title, subtitle(results, title), [legend.svg, ...panels]);
}
