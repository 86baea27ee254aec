import { Command, CommanderError } from 'commander';
import { ENGINE_VERSION } from '@foresight/core/version';
import { withExecutor } from './executor.js';
import { EXIT, type CliIO } from './io.js';
import {
  addCalibrateOptions,
  addCheckOptions,
  addExploreOptions,
  addExecutorOptions,
  addPerTrialOptions,
  addRunOptions,
  addSensitivityOptions,
  addServeOptions,
  addWorkerOptions,
  oneOf,
  type CalibrateCommandOptions,
  positiveInt,
  serverUrl,
  type CheckCommandOptions,
  type CompareCommandOptions,
  type ExploreCommandOptions,
  type RunLikeOptions,
  type SensitivityCommandOptions,
  type ServeCommandOptions,
  type WorkerCommandOptions,
} from './options.js';

/**
 * The command line as a value: tests build it with their own IO and read the
 * exit status; `bin.ts` builds it with the process's.
 *
 * Every command's module is imported when that command runs, not here: the
 * engine (mathjs above all) takes most of a second to load, and `--help`,
 * `--version` or a usage error should not wait for it. An analysis's
 * executor is made before its command loads, so its threads start first.
 */
export function makeProgram(io: CliIO, setExit: (code: number) => void): Command {
  const program = new Command('foresight')
    .description('Seeded Monte Carlo scenario simulation: run, compare, check and serve scenario files.')
    .version(ENGINE_VERSION)
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) });

  addExecutorOptions(
    addPerTrialOptions(
      addRunOptions(
        program
          .command('run')
          .description('run a scenario (a file path or an id in the scenario folder)')
          .argument('<scenario>', 'scenario file or id'),
      ),
    ),
  ).action(async (scenario: string, opts: RunLikeOptions) => {
    setExit(
      await withExecutor(io, opts, async (executor) =>
        (await import('./commands/run.js')).runCommand(io, scenario, opts, executor),
      ),
    );
  });

  addExecutorOptions(
    addRunOptions(
      program
        .command('compare')
        .description('compare alternatives with a base scenario on common random numbers')
        .argument('<base>', 'base scenario file or id')
        .argument('<alternatives...>', 'alternative scenario files or ids'),
    ),
  )
    .option(
      '--summary',
      'one screen (table or json): per output and future, the median and 90% band at two times and the paired change against the base',
    )
    .action(async (base: string, alternatives: string[], opts: CompareCommandOptions) => {
      setExit(
        await withExecutor(io, opts, async (executor) =>
          (await import('./commands/compare.js')).compareCommand(io, base, alternatives, opts, executor),
        ),
      );
    });

  program
    .command('validate')
    .description('check scenario files or folders: schema, expressions, cycles, targets')
    .argument('<paths...>', 'scenario files or folders')
    .option('--scenarios <dir>', 'the folder that parents are looked up in', 'scenarios')
    .action(async (paths: string[], opts: { scenarios: string }) => {
      const { validateCommand } = await import('./commands/validate.js');
      setExit(validateCommand(io, paths, opts.scenarios));
    });

  program
    .command('list')
    .description('list the scenarios of a folder: id, title, extends, file')
    .argument('[folder]', 'scenario folder', 'scenarios')
    .action(async (folder: string) => {
      const { listCommand } = await import('./commands/list.js');
      setExit(listCommand(io, folder));
    });

  addExecutorOptions(
    addCheckOptions(
      program
        .command('check')
        .description(
          "search a scenario's assumptions for counterexamples: holds / violated, with the smallest one found",
        )
        .argument('<scenario>', 'scenario file or id'),
    ),
    'the assumptions',
  ).action(async (scenario: string, opts: CheckCommandOptions) => {
    setExit(
      await withExecutor(io, opts, async (executor) =>
        (await import('./commands/check.js')).checkCommand(io, scenario, opts, executor),
      ),
    );
  });

  addExecutorOptions(
    addSensitivityOptions(
      program
        .command('sensitivity')
        .description(
          'which assumptions matter for one output: a tornado (one at a time) or Sobol indices with 95% intervals',
        )
        .argument('<scenario>', 'scenario file or id'),
    ),
    'the model runs',
  ).action(async (scenario: string, opts: SensitivityCommandOptions) => {
    setExit(
      await withExecutor(io, opts, async (executor) =>
        (await import('./commands/sensitivity.js')).sensitivityCommand(io, scenario, opts, executor),
      ),
    );
  });

  addExecutorOptions(
    addCalibrateOptions(
      program
        .command('calibrate')
        .description(
          "condition the scenario's per-trial parameters on its observations: a posterior sample, prior against posterior, the fit to each observation",
        )
        .argument('<scenario>', 'scenario file or id'),
    ),
    'the model runs',
  ).action(async (scenario: string, opts: CalibrateCommandOptions) => {
    setExit(
      await withExecutor(io, opts, async (executor) =>
        (await import('./commands/calibrate.js')).calibrateCommand(io, scenario, opts, executor),
      ),
    );
  });

  addExecutorOptions(
    addExploreOptions(
      program
        .command('explore')
        .description(
          'scenario discovery: which ranges of the assumptions lead to a condition (PRIM: a box, its coverage and density)',
        )
        .argument('<scenario>', 'scenario file or id'),
    ),
  ).action(async (scenario: string, opts: ExploreCommandOptions) => {
    setExit(
      await withExecutor(io, opts, async (executor) =>
        (await import('./commands/explore.js')).exploreCommand(io, scenario, opts, executor),
      ),
    );
  });

  addServeOptions(
    program
      .command('serve')
      .description('serve the HTTP API, its reference (/docs) and the web page (/) until interrupted'),
  ).action(async (opts: ServeCommandOptions) => {
    const { serveCommand } = await import('./commands/serve.js');
    setExit(await serveCommand(io, opts));
  });

  addWorkerOptions(
    program
      .command('worker')
      .description('compute pieces of analyses that `--redis` submitters send through Redis, until interrupted'),
  ).action(async (opts: WorkerCommandOptions) => {
    const { workerCommand } = await import('./commands/worker.js');
    setExit(await workerCommand(io, opts));
  });

  // A server's jobs: each subcommand loads its module when it runs.
  const jobs = program
    .command('jobs')
    .description("read and manage a server's jobs (analyses sent with Prefer: respond-async)");
  const server = (cmd: Command) =>
    cmd
      .requiredOption('--server <url>', 'the server (http://HOST:PORT)', serverUrl)
      .option('--format <format>', 'table or json', oneOf('--format', ['table', 'json'] as const), 'table');
  server(
    jobs
      .command('list')
      .description('jobs, newest first')
      .option('--kind <kind>', 'only jobs of this kind (run, compare, check, sensitivity)')
      .option('--status <status>', 'only jobs with this status (queued, running, done, failed, cancelled)')
      .option('--scenario <id>', 'only jobs naming this scenario')
      .option('--limit <n>', 'jobs per page', positiveInt('--limit'), 20)
      .option('--all', 'every page, not only the first'),
  ).action(async (opts: import('./commands/jobs.js').ListOptions) => {
    setExit(await (await import('./commands/jobs.js')).jobsList(io, opts));
  });
  server(
    jobs.command('show').description('one job: status, progress, times, request, problem').argument('<id>'),
  ).action(async (id: string, opts: import('./commands/jobs.js').JobsOptions) => {
    setExit(await (await import('./commands/jobs.js')).jobsShow(io, id, opts));
  });
  jobs
    .command('result')
    .description("a done job's result, as run/compare/sensitivity/check print theirs")
    .argument('<id>')
    .requiredOption('--server <url>', 'the server (http://HOST:PORT)', serverUrl)
    .option('--format <format>', 'table, csv or json', oneOf('--format', ['table', 'csv', 'json'] as const), 'table')
    .option('--out <file>', 'write the result to a file instead of stdout')
    .option('--chart <file>', 'also draw its chart (SVG), as --chart of the analysis does')
    .option('--wait', 'wait for a queued or running job to finish')
    .action(async (id: string, opts: import('./commands/jobs.js').ResultOptions) => {
      setExit(await (await import('./commands/jobs.js')).jobsResult(io, id, opts));
    });
  server(jobs.command('cancel').description('cancel a queued or running job').argument('<id>')).action(
    async (id: string, opts: import('./commands/jobs.js').JobsOptions) => {
      setExit(await (await import('./commands/jobs.js')).jobsCancel(io, id, opts));
    },
  );

  program
    .command('import')
    .description("read another tool's model (XMILE .xmile/.stmx/.xml, Vensim .mdl) and write it as a scenario (YAML)")
    .argument('<model>', 'model file')
    .option('--out <file>', 'write the scenario to a file instead of stdout')
    .action(async (model: string, opts: { out?: string }) => {
      const { importCommand } = await import('./commands/import.js');
      setExit(importCommand(io, model, opts));
    });

  program
    .command('export')
    .description('write a scenario as a model other tools open (XMILE)')
    .argument('<scenario>', 'scenario file or id')
    .requiredOption('--to <format>', 'the model format: xmile', oneOf('--to', ['xmile'] as const))
    .option('--out <file>', 'write the model to a file instead of stdout')
    .option('--scenarios <dir>', 'the scenario folder for ids and extends', 'scenarios')
    .action(async (scenario: string, opts: { to: 'xmile'; out?: string; scenarios: string }) => {
      const { exportCommand } = await import('./commands/export.js');
      setExit(exportCommand(io, scenario, opts));
    });

  program
    .command('schema')
    .description('print the JSON Schema of scenario files as written (for editors; docs/editors.md)')
    .option('--resolved', 'the schema of a resolved document instead (extends applied), as GET /scenarios/:id answers')
    .action(async (opts: { resolved?: boolean }) => {
      const { schemaCommand } = await import('./commands/schema.js');
      setExit(schemaCommand(io, opts));
    });

  for (const cmd of program.commands)
    cmd.exitOverride().configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) });
  return program;
}

/** Run the command line; resolves to the exit status. */
export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  let code: number = EXIT.ok;
  const program = makeProgram(io, (c) => (code = c));
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end through here with exit code 0.
      return e.exitCode === 0 ? EXIT.ok : EXIT.badInput;
    }
    // Output paths are checked before any work; a write can still fail at the end (a full disk, a
    // folder removed meanwhile): that is an `io` problem naming the file, not an internal error.
    const failed = e as NodeJS.ErrnoException;
    if (typeof failed?.path === 'string' && typeof failed.code === 'string') {
      io.stderr(`${failed.path}:1:1 io cannot write the file: ${failed.code}\n`);
      return EXIT.badInput;
    }
    io.stderr(`internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT.badInput;
  }
  return code;
}
