import { InvalidArgumentError } from 'commander';
import type { Command } from 'commander';

export function positiveInt(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1) {
      throw new InvalidArgumentError(`${name} must be a whole number >= 1`);
    }
    return n;
  };
}

export function integer(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(n))
      throw new InvalidArgumentError(`${name} must be a whole number`);
    return n;
  };
}

export function timeList(value: string): number[] {
  return value.split(',').map((s) => finiteNumber('--at')(s.trim()));
}

export function idList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

export function oneOf<T extends string>(name: string, values: readonly T[]) {
  return (value: string): T => {
    if (!(values as readonly string[]).includes(value)) {
      throw new InvalidArgumentError(`${name} is one of ${values.join(', ')}`);
    }
    return value as T;
  };
}

/*
 * Option shapes and their parsers live here, apart from the commands: the
 * program registers every command (for --help) without loading any of them,
 * and a command's module, with the engine behind it, loads only when it runs.
 */

export const FORMATS = ['table', 'json', 'csv'] as const;
export type Format = (typeof FORMATS)[number];

export interface RunLikeOptions extends ExecutorOptions {
  perTrial?: string;
  at?: number[];
  trials?: number;
  seed?: number;
  outputs?: string[];
  format: Format;
  out?: string;
  chart?: string;
  scenarios: string;
}

/** Where an analysis's pieces are computed: `--workers N` threads or `--redis URL` worker processes. */
export interface ExecutorOptions {
  workers?: number;
  redis?: string;
}

export function redisUrl(value: string): string {
  if (!/^rediss?:\/\/[^\s]+$/.test(value.trim()))
    throw new InvalidArgumentError('--redis is a redis://HOST:PORT (or rediss://) URL');
  return value.trim();
}

/** `--workers N` and `--redis URL`: they choose where pieces are computed, never a byte of the result. */
export function addExecutorOptions(cmd: Command, what = 'trials'): Command {
  return cmd
    .option(
      '--workers <n>',
      `worker threads to split ${what} over (default: none, in this process); results are the same for any n`,
      positiveInt('--workers'),
    )
    .option(
      '--redis <url>',
      'send the pieces to `foresight worker` processes through this Redis (redis://HOST:PORT); results are the same',
      redisUrl,
    );
}

export interface CompareCommandOptions extends RunLikeOptions {
  /** One screen instead of the full comparison: medians, 90% bands and paired changes at two times. */
  summary?: boolean;
}

/** The options `run` and `compare` share. */
export function addRunOptions(cmd: Command): Command {
  return cmd
    .option('--trials <n>', "Monte Carlo trials (default: the scenario's, else 1000)", positiveInt('--trials'))
    .option('--seed <s>', "random seed (default: the scenario's, else 1)", integer('--seed'))
    .option('--outputs <ids>', 'comma-separated ids to report', idList)
    .option('--format <format>', 'table, json or csv', oneOf('--format', FORMATS), 'table')
    .option('--out <file>', 'write the result to a file instead of stdout')
    .option('--chart <file.svg>', 'also write an SVG fan chart')
    .option('--scenarios <dir>', 'the scenario folder for ids and extends', 'scenarios');
}

/** `run --per-trial FILE.csv [--at TIMES]`: every trial's inputs and chosen values, streamed to a file. */
export function addPerTrialOptions(cmd: Command): Command {
  return cmd
    .option(
      '--per-trial <file.csv>',
      "also write one row per trial: its drawn parameters, each shock's event count, the outputs at the --at times",
    )
    .option('--at <times>', '--per-trial: comma-separated reporting times (default: every one)', timeList);
}

export const CHECK_FORMATS = ['table', 'json'] as const;

export interface CheckCommandOptions extends ExecutorOptions {
  runs?: number;
  seed?: number;
  format: (typeof CHECK_FORMATS)[number];
  scenarios: string;
}

export function addCheckOptions(cmd: Command): Command {
  return cmd
    .option('--runs <n>', 'property runs per assumption (default 200)', positiveInt('--runs'))
    .option('--seed <s>', "search seed (default: the scenario's, else 1)", integer('--seed'))
    .option('--format <format>', 'table or json', oneOf('--format', CHECK_FORMATS), 'table')
    .option('--scenarios <dir>', 'the scenario folder for ids and extends', 'scenarios');
}

export const SENSITIVITY_FORMATS = ['table', 'json'] as const;
export const SENSITIVITY_METHODS = ['tornado', 'sobol'] as const;

export interface SensitivityCommandOptions extends ExecutorOptions {
  output: string;
  at?: number;
  method: (typeof SENSITIVITY_METHODS)[number];
  samples?: number;
  resamples?: number;
  overTime?: boolean;
  chart?: string;
  format: (typeof SENSITIVITY_FORMATS)[number];
  seed?: number;
  scenarios: string;
}

export function finiteNumber(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$/.test(value) || !Number.isFinite(n)) {
      throw new InvalidArgumentError(`${name} must be a number`);
    }
    return n;
  };
}

export function addSensitivityOptions(cmd: Command): Command {
  return cmd
    .requiredOption('--output <id>', 'the stock or variable whose drivers are wanted')
    .option('--at <time>', 'the reporting time (default: the last)', finiteNumber('--at'))
    .option('--method <method>', 'tornado or sobol', oneOf('--method', SENSITIVITY_METHODS), 'tornado')
    .option(
      '--samples <n>',
      'sobol: rows N of each base matrix, N x (factors + 2) runs (default 1024)',
      positiveInt('--samples'),
    )
    .option(
      '--resamples <n>',
      'sobol: bootstrap resamples for the 95% intervals (default 1000)',
      positiveInt('--resamples'),
    )
    .option('--over-time', 'sobol: indices at every reporting time too')
    .option('--chart <file.svg>', 'also write an SVG chart (tornado, Sobol bars, or Sobol over time)')
    .option('--format <format>', 'table or json', oneOf('--format', SENSITIVITY_FORMATS), 'table')
    .option('--seed <s>', "random seed (default: the scenario's, else 1)", integer('--seed'))
    .option('--scenarios <dir>', 'the scenario folder for ids and extends', 'scenarios');
}

export const ANALYSIS_FORMATS = ['table', 'json'] as const;

export interface CalibrateCommandOptions extends ExecutorOptions {
  trials?: number;
  seed?: number;
  targets?: boolean;
  maxRuns?: number;
  out?: string;
  format: (typeof ANALYSIS_FORMATS)[number];
  scenarios: string;
}

export function addCalibrateOptions(cmd: Command): Command {
  return cmd
    .option('--trials <n>', "posterior draws (default: the scenario's trials, else 1000)", positiveInt('--trials'))
    .option('--seed <s>', "random seed (default: the scenario's, else 1)", integer('--seed'))
    .option('--targets', "read the scenario's targets as observations too (bands of their tolerance)")
    .option(
      '--max-runs <n>',
      'model runs at most, all rounds together (default 100 x trials)',
      positiveInt('--max-runs'),
    )
    .option('--out <file.csv>', 'write the posterior sample (one row per draw) for `parameters_from`')
    .option('--format <format>', 'table or json', oneOf('--format', ANALYSIS_FORMATS), 'table')
    .option('--scenarios <dir>', 'the scenario folder for ids and extends', 'scenarios');
}

export interface ExploreCommandOptions extends ExecutorOptions {
  where: string;
  trials?: number;
  seed?: number;
  peel?: number;
  minMass?: number;
  bootstrap?: number;
  chart?: string;
  format: (typeof ANALYSIS_FORMATS)[number];
  scenarios: string;
}

export function addExploreOptions(cmd: Command): Command {
  return cmd
    .requiredOption('--where <condition>', "the cases of interest, e.g. 'robotaxi_fleet@2030 < 20000'")
    .option('--trials <n>', "trials to explore (default: the scenario's, else 1000)", positiveInt('--trials'))
    .option('--seed <s>', "random seed (default: the scenario's, else 1)", integer('--seed'))
    .option('--peel <share>', "share of the box's trials each peel removes (default 0.05)", finiteNumber('--peel'))
    .option('--min-mass <share>', 'smallest box, as a share of the trials (default 0.05)', finiteNumber('--min-mass'))
    .option(
      '--bootstrap <n>',
      'resamples for the stability of each restriction (default 20, 0 for none)',
      integer('--bootstrap'),
    )
    .option('--chart <file.svg>', 'also write the trade-off curve and the box as SVG')
    .option('--format <format>', 'table or json', oneOf('--format', ANALYSIS_FORMATS), 'table')
    .option('--scenarios <dir>', 'the scenario folder for ids and extends', 'scenarios');
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'silent'] as const;

export interface ServeCommandOptions extends ExecutorOptions {
  host: string;
  port: number;
  scenarios: string;
  cors?: string[];
  logLevel: (typeof LOG_LEVELS)[number];
  data: string;
  database?: string;
  rateLimit: number;
  rateLimitLoopback?: boolean;
  jobConcurrency?: number;
  jobsPerClient?: number;
}

export function serverUrl(value: string): string {
  if (!/^https?:\/\/[^\s]+$/.test(value.trim()))
    throw new InvalidArgumentError('--server is the URL of a foresight server (http://HOST:PORT)');
  return value.trim();
}

export function postgresUrl(value: string): string {
  if (!/^postgres(ql)?:\/\/[^\s]+$/.test(value.trim()))
    throw new InvalidArgumentError('--database is a postgres://USER@HOST:PORT/DATABASE URL');
  return value.trim();
}

function wholeNumber(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n))
      throw new InvalidArgumentError(`${name} must be a whole number >= 0`);
    return n;
  };
}

export function port(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n > 65535)
    throw new InvalidArgumentError('--port must be a whole number from 0 to 65535 (0: any free port)');
  return n;
}

export function addServeOptions(cmd: Command): Command {
  return cmd
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <n>', 'port to listen on (0: any free port)', port, 3000)
    .option('--scenarios <dir>', 'the scenario folder for ids and extends', 'scenarios')
    .option('--workers <n>', 'worker threads for analyses (default: one per core)', positiveInt('--workers'))
    .option(
      '--redis <url>',
      'send analyses to `foresight worker` processes through this Redis (redis://HOST:PORT)',
      redisUrl,
    )
    .option('--cors <origins>', 'comma-separated origins whose pages may call the API (* for any)', idList)
    .option(
      '--data <dir>',
      'folder of the SQLite store of jobs, results and stored scenarios (made when missing)',
      '.foresight',
    )
    .option(
      '--database <url>',
      'keep them in this PostgreSQL instead (postgres://USER@HOST:PORT/DB), shared by replicas',
      postgresUrl,
    )
    .option(
      '--rate-limit <n>',
      'requests per minute per client (0: no limit); loopback clients are not limited',
      wholeNumber('--rate-limit'),
      600,
    )
    .option('--rate-limit-loopback', 'limit clients on 127.0.0.1 and ::1 too')
    .option(
      '--job-concurrency <n>',
      'jobs this server runs at once (default 2; the rest wait in the store)',
      positiveInt('--job-concurrency'),
    )
    .option(
      '--jobs-per-client <n>',
      'jobs one client may have queued or running (default 1000)',
      positiveInt('--jobs-per-client'),
    )
    .option(
      '--log-level <level>',
      `server log on stderr: ${LOG_LEVELS.join(', ')}`,
      oneOf('--log-level', LOG_LEVELS),
      'warn',
    );
}

export interface WorkerCommandOptions {
  redis: string;
  threads: number;
  lease: number;
}

export function addWorkerOptions(cmd: Command): Command {
  return cmd
    .requiredOption('--redis <url>', 'the Redis the submitters use (redis://HOST:PORT)', redisUrl)
    .option('--threads <n>', 'pieces computed at once, each on a thread of this process', positiveInt('--threads'), 1)
    .option(
      '--lease <ms>',
      "how long a piece's lock lasts unless renewed: a piece of a worker that stopped is computed again after about this long",
      positiveInt('--lease'),
      10_000,
    );
}
