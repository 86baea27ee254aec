import { trialsAndSeed } from '@foresight/core';
import { renderFanChart, type FanChartOptions } from '@foresight/report';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { storedRefs } from '../analyses.js';
import type { AppContext } from '../context.js';
import { ApiError, ErrorResponse } from '../errors.js';
import { comparePlanned, compareScenarios, runPlanned, runScenario } from '../jobs.js';
import { prepare, prepareAll } from '../prepare.js';
import { ChartQuery } from '../schemas/api.js';

const list = (text: string | undefined): string[] =>
  text === undefined
    ? []
    : text
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');

/** `output` (one id, repeatable) and `outputs` (a list) together, in order, without repeats. */
function outputsOf(query: ChartQuery): string[] | undefined {
  const one = query.output === undefined ? [] : Array.isArray(query.output) ? query.output : [query.output];
  const all = [...new Set([...one, ...list(query.outputs)])];
  return all.length > 0 ? all : undefined;
}

/**
 * A fan chart (p5-p95 and p25-p75 bands around the median) of a folder
 * scenario, one panel per output; with `overlay`, the alternatives drawn over
 * it, run on common random numbers as by `POST /compare`; with `scale_with`,
 * value axes wide enough for those scenarios too, so charts drawn side by side
 * compare at a glance. The same SVG as the CLI's `--chart`.
 */
export const chartRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/charts/:id.svg',
      {
        schema: {
          tags: ['charts'],
          summary: 'A fan chart of a scenario (SVG)',
          params: z.strictObject({ id: z.string() }),
          querystring: ChartQuery,
          response: {
            200: { description: 'The chart', content: { 'image/svg+xml': { schema: z.string() } } },
            400: ErrorResponse,
            404: ErrorResponse,
            422: ErrorResponse,
            503: ErrorResponse,
            504: ErrorResponse,
          },
        },
      },
      async (request, reply) => {
        const { id } = request.params;
        const { query } = request;
        const outputs = outputsOf(query);
        const overlay = list(query.overlay);
        const drawn = [id, ...overlay];
        const scaleWith = list(query.scale_with).filter((s) => !drawn.includes(s));
        const chart: FanChartOptions = {
          ...(outputs ? { outputs } : {}),
          ...(query.width !== undefined ? { width: query.width } : {}),
          ...(query.colour !== undefined ? { colour: query.colour } : {}),
        };
        // Scenarios users stored are drawn by id too.
        const { stored } = await storedRefs(ctx, [...drawn, ...scaleWith]);
        let svg: string;
        if (overlay.length === 0 && scaleWith.length === 0) {
          svg = renderFanChart(
            await runScenario(ctx, reply, prepare(ctx.catalog, id, 'scenario', outputs, stored), query),
            chart,
          );
        } else {
          const all = prepareAll(
            ctx.catalog,
            [
              [id, 'base'],
              ...overlay.map((a, i) => [a, `overlay[${i}]`] as const),
              ...scaleWith.map((a, i) => [a, `scale_with[${i}]`] as const),
            ],
            outputs,
            stored,
          );
          // Checked against the budgets first, as the comparison would be.
          comparePlanned(ctx, all, { ...query, outputs });
          const [base] = all;
          if (base === undefined) throw new Error('a chart draws at least one scenario');
          const asked = trialsAndSeed(base, query);
          // The runs of a comparison just made (the page's, say) are in the cache; else compare, as --chart does.
          const cached = all.map((m) => ctx.cache.get(runPlanned(ctx, m, asked).identity));
          const runs = cached.every((r) => r !== undefined)
            ? cached
            : (await compareScenarios(ctx, reply, all, { ...query, outputs })).runs;
          svg = renderFanChart(
            runs.slice(0, drawn.length),
            scaleWith.length > 0 ? { ...chart, scaleWith: runs } : chart,
          );
        }
        if (svg === '') throw new ApiError('invalid-request', 'nothing to draw', null);
        return reply.type('image/svg+xml; charset=utf-8').send(svg);
      },
    );
  };
