/**
 * The Sensitivity and Assumptions views: a tornado or Sobol indices of one
 * output at one time, and the assumption check, each run in the page's
 * worker when within the browser's work limit, else on the server
 * (`POST /sensitivity`, `POST /check`): the same result document either way.
 */
import type { CheckReport, Problem, SensitivityResult } from '@foresight/core';
import { byId, el, numberIn } from '../dom.js';
import { setStatus } from '../feedback.js';
import { fmtOperations, fmtTime } from '../format.js';
import type { Outcome, Prepared, SensitivityAsk, Where } from '../protocol.js';
import { analysis, describeError } from '../server.js';
import type { WorkerClient } from '../worker-client.js';
import { checkView, sensitivityView } from './analyses.js';

export interface AnalysisContext {
  readonly worker: WorkerClient;
  /** The edited text, its file name, and what the engine last read of it. */
  document(): { text: string; file: string; prepared: Prepared | undefined };
  showProblems(problems: readonly Problem[]): void;
}

export class AnalysisPanel {
  private svgUrls: string[] = [];

  constructor(private readonly ctx: AnalysisContext) {
    byId('sensitivity-form').addEventListener('submit', (e) => {
      e.preventDefault();
      void this.sensitivity();
    });
    byId('check-form').addEventListener('submit', (e) => {
      e.preventDefault();
      void this.check();
    });
    for (const radio of document.querySelectorAll<HTMLInputElement>('input[name=method]'))
      radio.addEventListener('change', () => {
        byId('samples-field').hidden = radio.value !== 'sobol' || !radio.checked;
      });
  }

  /** The output and time choices of the document the engine last read. */
  update(p: Prepared | undefined): void {
    if (p === undefined) return;
    const output = byId<HTMLSelectElement>('sens-output');
    const keep = output.value;
    output.replaceChildren(...p.outputs.map((o) => el('option', { value: o.id, text: o.id })));
    if (p.outputs.some((o) => o.id === keep)) output.value = keep;
    const at = byId<HTMLSelectElement>('sens-at');
    const keepAt = at.value;
    at.replaceChildren(...p.times.map((t) => el('option', { value: String(t), text: fmtTime(t) })));
    at.value = p.times.map(String).includes(keepAt) ? keepAt : String(p.times[p.times.length - 1]);
  }

  /** An analysis in the browser when it fits the limit, else on the server: the same result document either way. */
  private async browserOrServer<T>(
    inBrowser: (onProgress: (done: number, total: number) => void) => Promise<Outcome<T>>,
    path: string,
    body: () => unknown,
    statusId: string,
  ): Promise<{ value: T; where: Where } | undefined> {
    setStatus(statusId, 'Working in your browser…', true);
    const started = performance.now();
    const local = await inBrowser((done, total) =>
      setStatus(statusId, 'Working in your browser…', true, { done, total }),
    );
    try {
      if (local.ok) return { value: local.value, where: 'browser' };
      if ('problems' in local) {
        this.ctx.showProblems(local.problems);
        setStatus(statusId, local.problems.map((p) => p.message).join('; '));
        return undefined;
      }
      setStatus(
        statusId,
        `About ${fmtOperations(local.over)} operations: over the browser's limit, working on the server…`,
        true,
      );
      return {
        value: await analysis<T>(path, body(), (d, t) =>
          setStatus(statusId, 'Working on the server…', true, { done: d, total: t }),
        ),
        where: 'server',
      };
    } catch (e) {
      const { headline, lines } = describeError(e);
      setStatus(statusId, [headline, ...lines].join(' '));
      return undefined;
    } finally {
      const status = byId(statusId);
      if (status.classList.contains('busy')) setStatus(statusId, '');
      status.dataset['ms'] = String(Math.round(performance.now() - started));
    }
  }

  private async sensitivity(): Promise<void> {
    const { text, file, prepared: p } = this.ctx.document();
    if (p === undefined) return;
    const method = (document.querySelector<HTMLInputElement>('input[name=method]:checked')?.value ??
      'tornado') as SensitivityAsk['method'];
    const ask: SensitivityAsk = {
      output: byId<HTMLSelectElement>('sens-output').value,
      at: Number(byId<HTMLSelectElement>('sens-at').value),
      method,
      samples: method === 'sobol' ? numberIn('sens-samples') : undefined,
      seed: numberIn('seed'),
    };
    const done = await this.browserOrServer<SensitivityResult>(
      (onProgress) => this.ctx.worker.call('sensitivity', { text, file, ask }, onProgress),
      '/sensitivity',
      () => ({ scenario: p.value, ...JSON.parse(JSON.stringify(ask)) }),
      'sensitivity-status',
    );
    if (done === undefined) return;
    for (const u of this.svgUrls) URL.revokeObjectURL(u);
    const svg = await this.ctx.worker.call('sensitivitySvg', { result: done.value });
    const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
    this.svgUrls = [url];
    byId('sensitivity-result').replaceChildren(sensitivityView(done.value, url));
    setStatus(
      'sensitivity-status',
      `${done.value.method === 'tornado' ? 'Tornado' : 'Sobol indices'} computed ${done.where === 'browser' ? 'in your browser' : 'on the server'}.`,
    );
    byId('sensitivity-status').dataset['where'] = done.where;
  }

  private async check(): Promise<void> {
    const { text, file, prepared: p } = this.ctx.document();
    if (p === undefined) return;
    const runs = numberIn('check-runs') ?? 100;
    const seed = numberIn('seed');
    const done = await this.browserOrServer<CheckReport>(
      () => this.ctx.worker.call('check', { text, file, runs, seed }),
      '/check',
      () => ({ scenario: p.value, runs, ...(seed !== undefined ? { seed } : {}) }),
      'check-status',
    );
    if (done === undefined) return;
    byId('check-result').replaceChildren(checkView(done.value));
    setStatus('check-status', `Checked ${done.where === 'browser' ? 'in your browser' : 'on the server'}.`);
    byId('check-status').dataset['where'] = done.where;
  }
}
