/**
 * Messages between the page and its Web Worker. The worker holds the engine
 * (@foresight/core, bundled for the browser) and answers one call at a time;
 * every answer carries the id of its call. Types only: both sides import them.
 */
import type { CheckReport, ComparisonResult, Problem, RunResult, SensitivityResult } from '@foresight/core';

/** What the page asks of a scenario besides its text: the toolbar's settings. */
export interface RunSettings {
  readonly trials?: number | undefined;
  readonly seed?: number | undefined;
  /** Outputs to report; the document's own when absent. */
  readonly outputs?: readonly string[] | undefined;
  /** Folder scenarios compared with the edited one (the base), trial by trial. */
  readonly alternatives: readonly string[];
}

export interface SensitivityAsk {
  readonly output: string;
  readonly at?: number | undefined;
  readonly method: 'tornado' | 'sobol';
  readonly samples?: number | undefined;
  readonly seed?: number | undefined;
}

/** Where an analysis ran: the page's worker, or the server. */
export type Where = 'browser' | 'server';

export interface OutputFacts {
  readonly id: string;
  readonly unit?: string | undefined;
  readonly description?: string | undefined;
}

/** What the page learns of the edited text once the engine has read and compiled it. */
export interface Prepared {
  readonly id: string;
  readonly title?: string | undefined;
  /** The document as a value, `extends` kept: the body the server's routes take inline. */
  readonly value: unknown;
  readonly times: readonly number[];
  readonly trials: number;
  readonly seed: number;
  /** Every output the document reports (before the settings narrow them). */
  readonly outputs: readonly OutputFacts[];
  readonly targets: number;
  readonly assumptions: number;
  /** Operations of the asked run or comparison, as core counts them (runOperations): the browser's work measure. */
  readonly operations: number;
}

export type Calls = {
  /** The folder's ids, so `extends` can fetch its parents as it meets them. */
  folder: { args: { entries: readonly { readonly id: string; readonly file: string }[] }; result: null };
  schema: { args: Record<string, never>; result: Record<string, unknown> };
  prepare: { args: { text: string; file: string; settings: RunSettings }; result: Outcome<Prepared> };
  run: { args: { text: string; file: string; settings: RunSettings }; result: Outcome<RunResult | ComparisonResult> };
  sensitivity: { args: { text: string; file: string; ask: SensitivityAsk }; result: Outcome<SensitivityResult> };
  check: {
    args: { text: string; file: string; runs: number; seed?: number | undefined };
    result: Outcome<CheckReport>;
  };
  /** The report package's renderings of results the page holds. */
  fanSvg: { args: { runs: readonly RunResult[]; outputs: readonly string[]; width: number }; result: string };
  sensitivitySvg: { args: { result: SensitivityResult }; result: string };
  csv: { args: { run: RunResult }; result: string };
};

export type CallName = keyof Calls;

/**
 * A result; or the engine's problems with it (positioned, with codes); or
 * the work it would take, when over the browser's limit (the page then asks
 * the server).
 */
export type Outcome<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly problems: Problem[] }
  | { readonly ok: false; readonly over: number };

export interface CallMessage<K extends CallName = CallName> {
  readonly id: number;
  readonly name: K;
  readonly args: Calls[K]['args'];
}

export type ReplyMessage =
  | { readonly id: number; readonly ok: true; readonly result: unknown }
  | { readonly id: number; readonly ok: false; readonly error: string }
  | { readonly id: number; readonly progress: { readonly done: number; readonly total: number } };
