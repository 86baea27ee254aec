/*
 * How big a plan's result document is, known before any work: the numbers
 * it holds and an upper bound of its compact JSON in bytes (what a server
 * sends and a job store keeps). The bound holds for any values the engine
 * can produce: a finite number is at most 24 characters in JSON
 * (`-2.2250738585072014e-308`), a null 4, and every string is measured
 * as JSON.stringify writes it, in UTF-8.
 */
import type { Model } from '../model/model.js';
import type { SensitivityPlan } from '../sensitivity/plan.js';
import { comparisonQuantiles } from '../compare/paired.js';
import type { RunShape } from '../summarize/shape.js';
import { quantileKey } from '../summarize/document.js';

/** Characters of a number in JSON at most, with the comma after it. */
export const NUMBER_BYTES = 25;

/** A result document's size: `values` numbers, at most `bytes` bytes of compact JSON. */
export interface ResultSize {
  readonly values: number;
  readonly bytes: number;
}

/** UTF-8 bytes of `text` as a JSON string with its quotes, at most (escapes counted at their longest). */
export function jsonTextBytes(text: string): number {
  let bytes = 2;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c) bytes += 6;
    else if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    // A surrogate: half of a 4-byte pair, or `\udxxx` when alone.
    else if (c >= 0xd800 && c <= 0xdfff) bytes += 6;
    else bytes += 3;
  }
  return bytes;
}

/** Counts a document's numbers and bytes as its parts are added. */
class Tally {
  values = 0;
  bytes = 0;
  /** `n` numbers (or nulls) in arrays or fields. */
  numbers(n: number): this {
    this.values += n;
    this.bytes += n * NUMBER_BYTES;
    return this;
  }
  /** A string (a key, a value) with its colon or comma. */
  text(s: string | undefined): this {
    if (s !== undefined) this.bytes += jsonTextBytes(s) + 1;
    return this;
  }
  /** Keys, brackets and short literals of known size. */
  fixed(bytes: number): this {
    this.bytes += bytes;
    return this;
  }
  add(other: ResultSize): this {
    this.values += other.values;
    this.bytes += other.bytes;
    return this;
  }
  get size(): ResultSize {
    return { values: this.values, bytes: this.bytes };
  }
}

/** Keys and brackets of one output's summary, besides its numbers and strings. */
const SUMMARY_KEYS = 96;
/** A target's fields: a few numbers, its keys and a boolean, besides its strings. */
const TARGET_FIXED = 160;
const TARGET_NUMBERS = 5;
/** Provenance, trials, seed, keys and brackets of a document. */
const DOCUMENT_FIXED = 512;

/** A run's result document (`RunResult`) of a model with this shape. */
export function runResultSize(shape: RunShape, model: Model): ResultSize {
  const t = new Tally().fixed(DOCUMENT_FIXED).text(shape.scenario).text(shape.title).text(shape.documentSha256);
  const times = shape.times.length;
  t.numbers(times);
  const quantileKeys = shape.quantiles.reduce((sum, q) => sum + jsonTextBytes(quantileKey(q)) + 1, 0);
  for (const o of shape.outputs) {
    t.text(o.id)
      .text(o.label)
      .text(o.unit)
      .fixed(SUMMARY_KEYS + quantileKeys + 16);
    t.numbers((4 + shape.quantiles.length) * times);
  }
  for (const target of model.document.targets ?? []) {
    t.fixed(TARGET_FIXED).numbers(TARGET_NUMBERS).text(target.variable).text(String(target.stat));
    if ('source' in target) t.text(String(target.source));
  }
  return t.size;
}

/**
 * A comparison's document (`ComparisonResult`): every scenario's run, then
 * for each alternative the paired differences of the outputs compared
 * (`only`, else every output of either side) at the reporting times both
 * share (at most the base's).
 */
export function comparisonResultSize(
  shapes: readonly RunShape[],
  models: readonly Model[],
  only: readonly string[] | undefined,
): ResultSize {
  const [base] = shapes;
  const t = new Tally().fixed(DOCUMENT_FIXED);
  if (base === undefined) return t.size;
  shapes.forEach((s, i) => t.add(runResultSize(s, models[i]!)));
  const quantiles = comparisonQuantiles(base);
  const quantileKeys = quantiles.reduce((sum, q) => sum + jsonTextBytes(quantileKey(q)) + 1, 0);
  const baseIds = new Set(base.outputs.map((o) => o.id));
  for (const alt of shapes.slice(1)) {
    const times = Math.min(base.times.length, alt.times.length);
    t.fixed(128).text(alt.scenario).numbers(times);
    const altIds = new Set(alt.outputs.map((o) => o.id));
    const ids = [...new Set([...baseIds, ...altIds])].filter((id) => only === undefined || only.includes(id));
    for (const id of ids) {
      t.text(id);
      if (!baseIds.has(id) || !altIds.has(id)) {
        t.fixed(32);
        continue;
      }
      const unit = base.outputs.find((o) => o.id === id)?.unit ?? alt.outputs.find((o) => o.id === id)?.unit;
      t.text(unit).fixed(96 + quantileKeys);
      t.numbers((quantiles.length + 3) * times);
    }
  }
  return t.size;
}

/** Room for a sensitivity document's notes and warnings (sentences about the model's inputs), besides their ids. */
const NOTES_FIXED = 16_384;

/** A tornado's or a Sobol analysis's document (`SensitivityResult`). */
export function sensitivityResultSize(model: Model, plan: SensitivityPlan): ResultSize {
  const t = new Tally()
    .fixed(DOCUMENT_FIXED + NOTES_FIXED)
    .text(model.document.id)
    .text(model.document.title);
  t.text(plan.output).numbers(8);
  const ids = model.parameters.reduce((sum, p) => sum + jsonTextBytes(p.id) + 1, 0);
  const p = model.parameters.length;
  // Notes and warnings name parameters and shocks.
  t.fixed(2 * ids + model.shocks.reduce((sum, s) => sum + 2 * (jsonTextBytes(s.id) + 1), 0));
  if (plan.method === 'tornado') {
    // One bar per parameter at most, each moved with at most every other one.
    t.fixed(p * (160 + 2 * ids + 64 * p)).numbers(p * (7 + 3 * Math.max(0, p - 1)) + p);
    for (const s of model.shocks)
      t.text(s.id)
        .fixed(64)
        .numbers(1 + s.maxEvents);
    return t.size;
  }
  const factors = plan.factors.length;
  t.fixed(factors * 160 + 2 * ids).numbers(factors * 6);
  if (plan.overTime) {
    const times = model.time.times.length;
    t.fixed(128 + factors * 128 + ids).numbers(times * (3 + 6 * factors));
  }
  return t.size;
}

/** An assumption check's report (`CheckReport`): per assumption, its statement and at most one counterexample. */
export function checkReportSize(model: Model): ResultSize {
  const t = new Tally().fixed(DOCUMENT_FIXED).text(model.document.id);
  const perTrial = model.parameters.filter((p) => p.per === 'trial');
  const perStep = model.parameters.filter((p) => p.per === 'step');
  const steps = model.time.steps + 1;
  const values = new Tally();
  for (const p of perTrial) values.text(p.id).numbers(1);
  for (const p of perStep) values.text(p.id).fixed(2).numbers(steps);
  for (const s of model.shocks) values.text(s.id).fixed(2).numbers(s.maxEvents);
  // Values of the symbols in a condition, or of the output in a pair of runs: at most every symbol.
  for (const id of model.symbols.keys()) values.text(id).numbers(1);
  for (const a of model.document.assumptions ?? []) {
    t.fixed(256).text(a.name).text(JSON.stringify(a)).add(values.size);
    // A note, and a monotone pair's ids and six numbers.
    t.fixed(512).numbers(7);
  }
  return t.size;
}
