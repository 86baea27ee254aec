import type { CalibrationResult } from '@foresight/core';
import { formatCell, formatCount, formatNumber, formatPercent } from './format.js';
import { renderTable } from './table.js';

/** The posterior as CSV: a header of parameter ids, one row per draw, every digit kept (what `parameters_from` reads). */
export function renderPosteriorCsv(result: CalibrationResult): string {
  const lines = [
    `# posterior of ${result.scenario}: ${result.trials} draws, seed ${result.seed}, ${result.method}, engine ${result.provenance.engine}`,
    result.sample.columns.join(','),
    ...result.sample.rows.map((r) => r.map((x) => String(x)).join(',')),
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * A calibration for people: the rounds (tolerance, proposals, acceptance,
 * effective sample size), prior against posterior quantiles per parameter,
 * and the fit of every observation before and after.
 */
export function renderCalibrationTable(result: CalibrationResult): string {
  const out: string[] = [];
  out.push(
    `calibration of ${result.scenario} (${result.method}): ${formatCount(result.trials)} posterior draws from ${formatCount(result.model_runs)} model runs, effective sample size ${formatNumber(result.ess)}\n\n`,
  );
  out.push(
    renderTable(
      ['round', 'tolerance', 'proposals', 'accepted', 'acceptance', 'ess'],
      result.rounds.map((r, i) => [
        String(i),
        r.tolerance === null ? '-' : formatNumber(r.tolerance),
        formatCount(r.proposals),
        formatCount(r.accepted),
        formatPercent(r.acceptance_rate),
        formatNumber(r.ess),
      ]),
      ['right', 'right', 'right', 'right', 'right', 'right'],
    ),
  );
  out.push('\n');
  out.push(
    renderTable(
      ['parameter', 'prior p5', 'p50', 'p95', 'posterior p5', 'p50', 'p95'],
      result.parameters.map((p) => [
        p.id,
        formatCell(p.prior.p5),
        formatCell(p.prior.p50),
        formatCell(p.prior.p95),
        formatCell(p.posterior.p5),
        formatCell(p.posterior.p50),
        formatCell(p.posterior.p95),
      ]),
      ['left', 'right', 'right', 'right', 'right', 'right', 'right'],
    ),
  );
  out.push('\n');
  out.push(
    renderTable(
      ['observation', 'value', 'error', 'prior p50', 'fit', 'posterior p50', 'fit'],
      result.observations.map((o) => [
        `${o.variable}@${o.time}${o.relative_to === undefined ? '' : ` / @${o.relative_to}`}${o.over === 'year' ? ' (year)' : ''}`,
        formatCell(o.value),
        o.error === 'tolerance' ? `±${formatPercent(o.width)}` : `${o.error} ${formatNumber(o.width)}`,
        formatCell(o.prior_p50),
        formatPercent(o.prior_fit),
        formatCell(o.posterior_p50),
        formatPercent(o.posterior_fit),
      ]),
      ['left', 'right', 'right', 'right', 'right', 'right', 'right'],
    ),
  );
  out.push("\nfit: the share of trials inside the observation's band (a normal or lognormal error: within 1.96 sd)\n");
  for (const w of result.warnings) out.push(`warning: ${w}\n`);
  return out.join('');
}
