import {
  CalibrationResult,
  CalibrationSettings,
  CheckReport,
  ComparisonResult,
  ExploreResult,
  ExploreSettings,
  ProblemDocument,
  RunResult,
  ScenarioDocument,
  SensitivityResult,
  SensitivitySettings,
  SobolResult,
  TornadoResult,
} from '@foresight/core';
import { z } from 'zod';
import { describe } from './registry.js';

/*
 * Request and response shapes of the API. Results and documents are the
 * core's schemas themselves; only the request envelopes and the summaries
 * are defined here.
 */

describe(
  ScenarioDocument,
  'ScenarioDocument',
  'A complete scenario document, format 1 (docs/scenario-format.md), extends resolved.',
);
describe(RunResult, 'RunResult', 'The result document of a run: what `foresight run --format json` prints.');
describe(
  ComparisonResult,
  'ComparisonResult',
  'The comparison document: what `foresight compare --format json` prints.',
);
describe(CheckReport, 'CheckReport', 'The assumption check report: what `foresight check --format json` prints.');
describe(
  SensitivityResult,
  'SensitivityResult',
  'A tornado or Sobol indices: what `foresight sensitivity --format json` prints.',
);
describe(
  TornadoResult,
  'TornadoResult',
  'One at a time: each factor at its low and high percentile, every other at its median, largest swing first.',
);
describe(
  SobolResult,
  'SobolResult',
  'First-order and total Sobol indices with 95% bootstrap intervals, largest total first.',
);
describe(ProblemDocument, 'Problem', 'One problem, as the CLI prints it: `file:line:column code message`.');

export const InlineScenario = describe(
  z.record(z.string(), z.unknown()),
  'InlineScenario',
  'A scenario document given in the request (format 1, as ScenarioDocument). It may `extends` an id of the ' +
    "server's folder and then holds only what it changes. The engine checks it: problems come back as a 422 " +
    'whose details give file `<scenario>.json` (or `<base>.json`, `<alternatives[i]>.json`) and the line and ' +
    'column in the document printed as JSON with two-space indentation.',
);

export const InlineModel = describe(
  z.strictObject({
    format: z.enum(['xmile', 'vensim']),
    model: z.string(),
    file: z.string().max(200).optional(),
  }),
  'InlineModel',
  'A model of another tool given in the request: the text of an XMILE file (Stella, iThink, .xmile/.stmx) or a Vensim ' +
    "`.mdl` file, imported as `foresight import` would (docs/import.md). `file` is the model's own file name, which " +
    'names the imported scenario. Problems come back as a 422 whose details give file `<scenario>.mdl` (or ' +
    '`<scenario>.xmile`, `<base>.mdl`, ...) and the line and column in the model text.',
);

export const ScenarioRef = describe(
  z.union([z.string().min(1).max(200), InlineModel, InlineScenario]),
  undefined,
  "A scenario: the id of one in the server's folder (see GET /scenarios), a whole document, or another tool's model with its format.",
);

const Trials = describe(z.int().min(1), undefined, "Monte Carlo trials (default: the scenario's, else 1000).");
const Seed = describe(z.int(), undefined, "Random seed (default: the scenario's, else 1).");
const Outputs = describe(
  z.array(z.string().min(1)).min(1),
  undefined,
  'Report only these ids (stocks, variables, parameters, series or shocks).',
);

export const RunRequest = describe(
  z.strictObject({
    scenario: ScenarioRef,
    trials: Trials.optional(),
    seed: Seed.optional(),
    outputs: Outputs.optional(),
  }),
  'RunRequest',
  'Run one scenario.',
  [
    { scenario: 'baseline', trials: 2000, seed: 7, outputs: ['workforce', 'vc_inflow'] },
    {
      scenario: {
        format: 1,
        id: 'less-room',
        extends: 'baseline',
        parameters: { ceiling_multiple: { mode: 2 } },
      },
      trials: 1000,
    },
  ],
);
export type RunRequest = z.infer<typeof RunRequest>;

export const CompareRequest = describe(
  z.strictObject({
    base: ScenarioRef,
    alternatives: z.array(ScenarioRef).min(1),
    trials: Trials.optional(),
    seed: Seed.optional(),
    outputs: describe(
      z.array(z.string().min(1)).min(1),
      undefined,
      'Compare only these ids; each must be an output of some compared scenario, and is narrowed per scenario to the ids it defines.',
    ).optional(),
  }),
  'CompareRequest',
  "Compare alternatives with a base on common random numbers: every scenario runs with the base's trials and seed (or the request's).",
  [
    {
      base: 'baseline',
      alternatives: ['decoupling-severe', 'talent-squeeze'],
      trials: 2000,
      outputs: ['workforce', 'vc_inflow'],
    },
  ],
);
export type CompareRequest = z.infer<typeof CompareRequest>;

/** A scenario to validate: as ScenarioRef, or the text of a file. */
const ScenarioOrText = describe(
  z.union([z.string().min(1), InlineModel, InlineScenario]),
  undefined,
  "A scenario: the id of one in the server's folder (see GET /scenarios), a whole document, another tool's model " +
    'with its format, or the text of a scenario file, YAML or JSON (any string with a colon or a line break: an id ' +
    'has neither).',
);

export const ValidateRequest = describe(
  z.strictObject({ scenario: ScenarioOrText }),
  'ValidateRequest',
  'Check a scenario without running it. The body may also be the text of a scenario file itself, sent with ' +
    'Content-Type application/yaml (or text/yaml, text/plain); problems then carry the file `<scenario>.yaml` ' +
    'and positions in that text.',
  [
    {
      scenario: {
        format: 1,
        id: 'typo',
        extends: 'baseline',
        parameters: { ceiling_multiple: { mode: 5 } },
      },
    },
  ],
);
export type ValidateRequest = z.infer<typeof ValidateRequest>;

export const ValidateResponse = describe(
  z.strictObject({ valid: z.boolean(), errors: z.array(ProblemDocument) }),
  'ValidateResult',
  'Every problem found (schema, expressions, cycles, targets, extends), as the CLI prints them; empty when valid.',
);

export const CheckRequest = describe(
  z.strictObject({
    scenario: ScenarioRef,
    runs: describe(z.int().min(1), undefined, 'Property runs per assumption (default 200).').optional(),
    seed: describe(z.int(), undefined, "Search seed (default: the scenario's, else 1).").optional(),
  }),
  'CheckRequest',
  "Search a scenario's assumptions for counterexamples.",
  [{ scenario: 'baseline', runs: 200, seed: 5 }],
);
export type CheckRequest = z.infer<typeof CheckRequest>;

// Descriptions of the core's settings for the reference (the API's registry only: the schemas stay the core's).
const settingsHelp: Record<keyof typeof SensitivitySettings.shape, string> = {
  output: 'The stock or variable whose drivers are wanted (any the scenario defines, output or not).',
  at: 'A reporting time (default: the last).',
  method:
    '`tornado` (default): one at a time, 2D + 1 deterministic runs; `sobol`: variance-based indices, samples x (D + 2) runs.',
  samples: 'Sobol only: N, the rows of each base matrix (default 1024).',
  resamples: 'Sobol only: bootstrap resamples for the 95% intervals (default 1000).',
  over_time: 'Sobol only: the indices at every reporting time too.',
  seed: "Random seed (default: the scenario's, else 1).",
  percentiles: 'Tornado only: the low and high percentile each parameter is set to (default [0.1, 0.9]).',
};
for (const [key, help] of Object.entries(settingsHelp))
  describe(SensitivitySettings.shape[key as keyof typeof settingsHelp], undefined, help);

export const SensitivityRequest = describe(
  z.strictObject({ scenario: ScenarioRef, ...SensitivitySettings.shape }),
  'SensitivityRequest',
  'Which assumptions matter for one output at one reporting time: the settings of `foresight sensitivity` (method `tornado` ' +
    'by default: 2D + 1 runs for D factors; `sobol`: samples x (D + 2) runs), with the scenario. Options of the other ' +
    'method, an output the scenario does not have and a time it does not report are a 422.',
  [
    { scenario: 'baseline', output: 'vc_inflow', at: 2030 },
    { scenario: 'baseline', output: 'workforce', method: 'sobol', samples: 1024, resamples: 1000, seed: 7 },
  ],
);
export type SensitivityRequest = z.infer<typeof SensitivityRequest>;

export const ScenarioQuery = describe(
  z.strictObject({
    format: describe(
      z.enum(['json', 'source']).optional(),
      undefined,
      "`json` (default): the document with `extends` resolved; `source`: the file as written (YAML or JSON; another tool's model as the scenario it imports to), as an editor starts from it.",
    ),
    version: describe(
      z
        .string()
        .regex(/^[0-9a-f]{64}$/)
        .optional(),
      undefined,
      "A stored scenario's version (the sha256 `PUT /scenarios/{id}` answered); default its latest.",
    ),
  }),
  undefined,
  'How to answer GET /scenarios/{id}.',
);
export type ScenarioQuery = z.infer<typeof ScenarioQuery>;

export const SensitivityQuery = describe(
  z.strictObject({
    format: describe(
      z.enum(['json', 'svg']).optional(),
      undefined,
      '`json` (default): the result document; `svg`: its chart, as `foresight sensitivity --chart` draws it.',
    ),
  }),
  undefined,
  'How to answer.',
);

export const OutputInfo = z.strictObject({
  id: z.string(),
  unit: z.string().optional(),
  description: z.string().optional(),
});

export const ScenarioSummary = describe(
  z.strictObject({
    id: z.string(),
    title: z.string().optional(),
    description: z.string().optional(),
    extends: z.string().optional(),
    file: z.string(),
    valid: z.boolean(),
    /** Present when valid. */
    trials: z.number().optional(),
    seed: z.number().optional(),
    times: z.array(z.number()).optional(),
    outputs: z.array(OutputInfo),
    targets: z.number(),
    assumptions: z.number(),
    problems: z.array(ProblemDocument),
  }),
  'ScenarioSummary',
  'One scenario of the folder: what it reports, its default trials and seed, and its problems when it is not valid.',
);
export type ScenarioSummary = z.infer<typeof ScenarioSummary>;

export const ScenarioList = describe(
  z.strictObject({ scenarios: z.array(ScenarioSummary), problems: z.array(ProblemDocument) }),
  'ScenarioList',
  'The scenarios of the server folder by id, and the files it could not read (problems).',
);
export type ScenarioList = z.infer<typeof ScenarioList>;

export const Health = describe(
  z.strictObject({
    status: z.literal('ok'),
    version: z.string(),
    uptime_s: z.number(),
    scenarios: z.number(),
    pool: z.strictObject({
      workers: z.number(),
      pending: describe(z.number(), undefined, 'Jobs running or waiting in the queue.'),
      max_queue: describe(
        z.number(),
        undefined,
        'Jobs the queue holds beyond those running; -1 when the pool was given without saying.',
      ),
    }),
    cache: describe(
      z.strictObject({
        entries: z.number(),
        bytes: z.number(),
        max_bytes: z.number(),
        hits: z.number(),
        misses: z.number(),
      }),
      undefined,
      "Run results kept for repeated requests: `bytes` held (each result weighed at its JSON's most), never over `max_bytes`.",
    ),
    jobs: describe(
      z.strictObject({ store: z.enum(['sqlite', 'postgres']), running: z.number(), concurrency: z.number() }),
      undefined,
      'The job store, and the jobs this server runs now of the most it runs at once (the rest wait in the store).',
    ),
  }),
  'Health',
  'Liveness: answers at once, also while runs are in progress (they run in worker threads).',
);
export type Health = z.infer<typeof Health>;

const idList = (what: string) =>
  describe(
    z
      .string()
      .regex(/^[^,]+(,[^,]+)*$/)
      .optional(),
    undefined,
    `Comma-separated ${what}.`,
  );

export const ChartQuery = describe(
  z.strictObject({
    output: describe(
      z.union([z.string().min(1), z.array(z.string().min(1))]).optional(),
      undefined,
      'An output to draw (repeatable); with `outputs`, the union.',
    ),
    outputs: idList('outputs to draw, one panel each, in this order (default: every output)'),
    overlay: idList('scenario ids to draw over this one, compared on common random numbers'),
    trials: z.coerce.number().int().min(1).optional(),
    seed: z.coerce.number().int().optional(),
    width: describe(z.coerce.number().int().min(1).optional(), undefined, 'Width in pixels (default 960; clamped).'),
    colour: describe(
      z.coerce.number().int().min(0).max(1000).optional(),
      undefined,
      'Palette position of this scenario (default 0), so a chart drawn beside others keeps its colour in their overlay.',
    ),
    scale_with: idList(
      "scenario ids whose values widen each panel's value axis (run on common random numbers, not drawn), so charts drawn side by side share their scales",
    ),
  }),
  undefined,
  'What to draw.',
);
export type ChartQuery = z.infer<typeof ChartQuery>;

describe(
  CalibrationResult,
  'CalibrationResult',
  'A calibration: what `foresight calibrate --format json` prints (the posterior sample under `sample`).',
);
describe(
  ExploreResult,
  'ExploreResult',
  'Scenario discovery with PRIM: what `foresight explore --format json` prints.',
);

export const CalibrateRequest = describe(
  z.strictObject({ scenario: ScenarioRef, ...CalibrationSettings.shape }),
  'CalibrateRequest',
  "Condition a scenario's per-trial parameters on its observations (with `targets: true` its targets too): the " +
    'settings of `foresight calibrate`, with the scenario. Evidence that conflicts with the priors is a 422 that names ' +
    'the observations (code `conflict`).',
  [{ scenario: 'baseline', targets: true, trials: 1000, seed: 1 }],
);
export type CalibrateRequest = z.infer<typeof CalibrateRequest>;

export const ExploreRequest = describe(
  z.strictObject({ scenario: ScenarioRef, ...ExploreSettings.shape }),
  'ExploreRequest',
  'Which ranges of the drawn parameters and shock counts lead to a condition (`id@time < value`): the settings of ' +
    '`foresight explore`, with the scenario.',
  [{ scenario: 'baseline', where: 'robotaxi_fleet@2030 < 20000', trials: 5000, bootstrap: 20 }],
);
export type ExploreRequest = z.infer<typeof ExploreRequest>;

export const ExploreQuery = describe(
  z.strictObject({
    format: describe(
      z.enum(['json', 'svg']),
      undefined,
      '`svg`: the trade-off curve and the box as a chart.',
    ).optional(),
  }),
  undefined,
  'Answer with the document (default) or its chart.',
);
