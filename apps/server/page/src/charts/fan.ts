/**
 * Interactive fan charts (uPlot): one figure per output, the median with
 * its middle 50% (p25-p75) and middle 90% (p5-p95) bands per scenario,
 * either overlaid in one chart or side by side on a shared value axis.
 * Hover, or focus a chart and use the arrow keys, to read a time's
 * quantiles; the buttons under a figure show and hide scenarios and bands.
 * The SVG download is the report package's own fan chart (what `--chart`
 * and the server draw), not a copy of this canvas.
 */
import type { OutputSummary, RunResult } from '@foresight/core';
import uPlot from 'uplot';
import { chip, el } from '../dom.js';
import { fmt, fmtTime } from '../format.js';

export interface Drawn {
  readonly label: string;
  readonly colour: string;
  readonly run: RunResult;
}

export type Layout = 'side' | 'overlay';

/** The five statistics drawn, outer band edges first. */
const STATS = ['p5', 'p25', 'p50', 'p75', 'p95'] as const;
type Stat = (typeof STATS)[number];

/** A figure's border (1 px) and its plots' padding (8 px), each side. */
const FIGURE_INSET = 18;

const summaryOf = (run: RunResult, id: string): OutputSummary | undefined =>
  Object.hasOwn(run.outputs, id) ? run.outputs[id] : undefined;

function column(s: OutputSummary | undefined, stat: Stat, n: number): (number | null)[] {
  const values = s === undefined ? undefined : stat === 'p50' ? (s.quantiles['p50'] ?? s.mean) : s.quantiles[stat];
  return values ? values.map((v) => (Number.isFinite(v) ? v : null)) : new Array<null>(n).fill(null);
}

function rgba(hex: string, alpha: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

/**
 * Diagonal hatching in a scenario's colour, for the 50% bands of the
 * second and later scenarios of an overlay: where two bands overlap, the
 * solid one and the hatched one both stay readable (translucent fills of
 * two colours blend into grey).
 */
function hatch(colour: string, angle: 1 | -1): CanvasPattern | string {
  const size = 8;
  const canvas = document.createElement('canvas');
  canvas.width = size;
  canvas.height = size;
  const ctx = canvas.getContext('2d');
  if (ctx === null) return rgba(colour, 0.2);
  ctx.fillStyle = rgba(colour, 0.08);
  ctx.fillRect(0, 0, size, size);
  ctx.strokeStyle = rgba(colour, 0.75);
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  if (angle === 1) {
    ctx.moveTo(0, size);
    ctx.lineTo(size, 0);
    ctx.moveTo(-size / 2, size / 2);
    ctx.lineTo(size / 2, -size / 2);
    ctx.moveTo(size / 2, size * 1.5);
    ctx.lineTo(size * 1.5, size / 2);
  } else {
    ctx.moveTo(0, 0);
    ctx.lineTo(size, size);
    ctx.moveTo(-size / 2, size / 2);
    ctx.lineTo(size / 2, size * 1.5);
    ctx.moveTo(size / 2, -size / 2);
    ctx.lineTo(size * 1.5, size / 2);
  }
  ctx.stroke();
  return ctx.createPattern(canvas, 'repeat') ?? rgba(colour, 0.2);
}

/** Side by side: up to three charts a row where there is room (12 px apart), one a row on a phone. */
function columnWidth(width: number, charts: number): number {
  if (charts <= 1) return width;
  const perRow = width >= 620 ? Math.min(charts, 3) : 1;
  // A pixel of slack each: a fractional container width must not push the last chart to the next row.
  return Math.max(150, Math.floor((width - 12 * (perRow - 1)) / perRow) - 1);
}

/** What the toggles hide: a scenario by its index, or a band everywhere. */
type Hideable = number | 'inner' | 'outer';

/** One output's figure: its chart(s), readout, toggles and SVG download. */
class OutputFigure {
  readonly element: HTMLElement;
  private readonly plots: { plot: uPlot; drawn: Drawn[]; first: number }[] = [];
  private readonly readout: HTMLElement;
  private readonly hidden = new Set<Hideable>();
  private cursor: number | null = null;

  constructor(
    private readonly output: string,
    private readonly drawn: readonly Drawn[],
    layout: Layout,
    width: number,
    onSvg: (output: string) => void,
  ) {
    const unit = drawn.map((d) => summaryOf(d.run, output)?.unit).find((u) => u !== undefined);
    this.readout = el('p', { class: 'readout', 'aria-live': 'polite' });
    const plots = el('div', { class: `plots ${layout === 'side' && drawn.length > 1 ? 'side' : ''}` });
    this.element = el(
      'figure',
      { class: 'fan', 'data-output': output },
      el(
        'figcaption',
        {},
        el('span', { class: 'id', text: output }),
        unit ? el('span', { class: 'unit', text: unit }) : null,
        el('button', { type: 'button', class: 'link small', text: 'SVG', onclick: () => onSvg(output) }),
      ),
      plots,
      this.readout,
      this.toggles(),
    );
    const times = drawn[0]?.run.times ?? [];
    const groups = layout === 'overlay' || drawn.length === 1 ? [drawn.map((_, i) => i)] : drawn.map((_, i) => [i]);
    const range = this.sharedRange();
    const plotWidth = columnWidth(width, groups.length);
    const sync = `fan-${output}-${Math.random().toString(36).slice(2)}`;
    for (const group of groups) {
      const box = el('div', {
        class: 'plot',
        tabindex: 0,
        role: 'img',
        'aria-label': `Fan chart of ${output}${group.length === 1 && drawn.length > 1 ? ` for ${drawn[group[0]!]!.label}` : ''}: use the left and right arrow keys to read a time`,
      });
      if (group.length === 1 && drawn.length > 1)
        box.append(el('div', { class: 'plot-title' }, chip(drawn[group[0]!]!.colour), drawn[group[0]!]!.label));
      plots.append(box);
      const mine = group.map((i) => drawn[i]!);
      const plot = this.makePlot(box, mine, group[0]!, times, plotWidth, range, sync);
      this.plots.push({ plot, drawn: mine, first: group[0]! });
      box.addEventListener('keydown', (e) => this.key(e, times.length));
    }
    this.showReadout(null);
  }

  private sharedRange(): [number, number] {
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (const d of this.drawn) {
      const s = summaryOf(d.run, this.output);
      for (const stat of STATS)
        for (const v of column(s, stat, d.run.times.length))
          if (v !== null) {
            if (v < lo) lo = v;
            if (v > hi) hi = v;
          }
    }
    if (!Number.isFinite(lo)) return [0, 1];
    if (lo === hi) return [lo - 1, hi + 1];
    const pad = (hi - lo) * 0.05;
    return [lo >= 0 && lo - pad < 0 ? 0 : lo - pad, hi + pad];
  }

  private makePlot(
    box: HTMLElement,
    drawn: readonly Drawn[],
    first: number,
    times: readonly number[],
    width: number,
    range: [number, number],
    sync: string,
  ): uPlot {
    const overlay = drawn.length > 1;
    const data: (number | null)[][] = [Array.from(times)];
    const series: uPlot.Series[] = [{ label: 'time', value: (_u, v) => (v === null ? '' : fmtTime(v)) }];
    const bands: uPlot.Band[] = [];
    drawn.forEach((d, k) => {
      const s = summaryOf(d.run, this.output);
      const base = 1 + k * STATS.length;
      for (const stat of STATS) {
        data.push(column(s, stat, times.length));
        const centre = stat === 'p50';
        const edge = stat === 'p5' || stat === 'p95';
        series.push({
          label: `${d.label} ${stat}`,
          stroke: centre ? d.colour : edge && overlay ? rgba(d.colour, 0.9) : 'transparent',
          width: centre ? 2.25 : edge && overlay ? 1 : 0,
          ...(edge && overlay ? { dash: [5, 4] } : {}),
          points: { show: false },
          spanGaps: false,
        });
      }
      const solid = !overlay || first + k === 0;
      // Overlaid, the 90% bands are dashed outlines and only the 50% bands are filled.
      if (!overlay) bands.push({ series: [base + 4, base], fill: rgba(d.colour, 0.16) });
      bands.push({
        series: [base + 3, base + 1],
        fill: solid ? rgba(d.colour, overlay ? 0.22 : 0.32) : hatch(d.colour, (first + k) % 2 === 1 ? 1 : -1),
      });
    });
    const opts: uPlot.Options = {
      width,
      height: Math.round(Math.min(300, Math.max(180, width * 0.5))),
      legend: { show: false },
      cursor: {
        sync: { key: sync },
        drag: { x: false, y: false },
        points: { show: false },
      },
      scales: { x: { time: false }, y: { range: () => range } },
      axes: [
        { values: (_u, splits) => splits.map((v) => fmtTime(v)), size: 32, gap: 4 },
        { values: (_u, splits) => splits.map((v) => fmt(v)), size: 56, gap: 4 },
      ],
      series,
      bands,
      hooks: { setCursor: [(u) => this.onCursor(u.cursor.idx ?? null)] },
    };
    const plot = new uPlot(opts, data as uPlot.AlignedData, box);
    return plot;
  }

  private onCursor(idx: number | null): void {
    if (idx === this.cursor) return;
    this.cursor = idx;
    this.showReadout(idx);
  }

  private key(e: KeyboardEvent, n: number): void {
    if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight' && e.key !== 'Home' && e.key !== 'End') return;
    e.preventDefault();
    const now = this.cursor ?? (e.key === 'ArrowLeft' ? n : -1);
    const next =
      e.key === 'Home'
        ? 0
        : e.key === 'End'
          ? n - 1
          : Math.min(n - 1, Math.max(0, now + (e.key === 'ArrowRight' ? 1 : -1)));
    for (const { plot } of this.plots) {
      const x = plot.data[0][next];
      if (x === undefined) continue;
      plot.setCursor({ left: plot.valToPos(x, 'x'), top: plot.bbox.height / devicePixelRatio / 2 });
    }
    this.onCursor(next);
  }

  /** The quantiles at the cursor's time, one line per scenario shown. */
  private showReadout(idx: number | null): void {
    const times = this.drawn[0]?.run.times ?? [];
    if (idx === null || times[idx] === undefined) {
      this.readout.replaceChildren(
        el('span', { class: 'hint', text: 'Hover a chart, or focus it and press ← →, to read a time.' }),
      );
      return;
    }
    const rows = this.drawn.flatMap((d, i) => {
      if (this.hidden.has(i)) return [];
      const s = summaryOf(d.run, this.output);
      if (s === undefined) return [];
      const at = (stat: Stat) => column(s, stat, d.run.times.length)[idx] ?? null;
      return [
        el(
          'span',
          { class: 'readout-row' },
          chip(d.colour),
          el('span', { class: 'label', text: d.label }),
          el('span', { text: `median ${fmt(at('p50'))}` }),
          el('span', { class: 'sub', text: `50%: ${fmt(at('p25'))} – ${fmt(at('p75'))}` }),
          el('span', { class: 'sub', text: `90%: ${fmt(at('p5'))} – ${fmt(at('p95'))}` }),
        ),
      ];
    });
    this.readout.replaceChildren(el('strong', { class: 'readout-time', text: fmtTime(times[idx]!) }), ...rows);
  }

  private toggles(): HTMLElement {
    const buttons: HTMLElement[] = [];
    const toggle = (label: string, colour: string | null, what: Hideable) => {
      const b = el(
        'button',
        { type: 'button', class: 'toggle', 'aria-pressed': 'true' },
        colour ? chip(colour) : null,
        label,
      );
      b.addEventListener('click', () => {
        if (!this.hidden.delete(what)) this.hidden.add(what);
        b.setAttribute('aria-pressed', String(!this.hidden.has(what)));
        this.apply();
      });
      buttons.push(b);
    };
    if (this.drawn.length > 1) this.drawn.forEach((d, i) => toggle(d.label, d.colour, i));
    toggle('middle 50%', null, 'inner');
    toggle('middle 90%', null, 'outer');
    return el('div', { class: 'toggles', role: 'group', 'aria-label': `Series of ${this.output}` }, ...buttons);
  }

  private apply(): void {
    for (const { plot, drawn, first } of this.plots) {
      drawn.forEach((_, k) => {
        const on = !this.hidden.has(first + k);
        const base = 1 + k * STATS.length;
        STATS.forEach((stat, j) => {
          const band = stat === 'p50' || !this.hidden.has(stat === 'p5' || stat === 'p95' ? 'outer' : 'inner');
          plot.setSeries(base + j, { show: on && band });
        });
      });
    }
    this.showReadout(this.cursor);
  }

  resize(width: number): void {
    const w = columnWidth(width, this.plots.length);
    for (const { plot } of this.plots)
      plot.setSize({ width: w, height: Math.round(Math.min(300, Math.max(180, w * 0.5))) });
  }

  destroy(): void {
    for (const { plot } of this.plots) plot.destroy();
  }
}

/** The fan charts of the runs drawn, one figure per output; redrawn whole on every result. */
export class FanCharts {
  private figures: OutputFigure[] = [];
  private readonly observer: ResizeObserver;
  private width = 0;

  constructor(
    private readonly container: HTMLElement,
    private readonly onSvg: (output: string) => void,
  ) {
    this.observer = new ResizeObserver(() => {
      const w = this.innerWidth();
      if (Math.abs(w - this.width) < 4) return;
      this.width = w;
      for (const f of this.figures) f.resize(w);
    });
    this.observer.observe(container);
  }

  /** The width a figure's plots get: the container's, less a figure's border and padding. */
  private innerWidth(): number {
    return Math.max(240, this.container.clientWidth - FIGURE_INSET);
  }

  draw(drawn: readonly Drawn[], outputs: readonly string[], layout: Layout): void {
    for (const f of this.figures) f.destroy();
    this.width = this.innerWidth();
    this.figures = outputs.map((id) => new OutputFigure(id, drawn, layout, this.width, this.onSvg));
    this.container.replaceChildren(...this.figures.map((f) => f.element));
  }
}
