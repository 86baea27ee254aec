import type { SensitivityResult } from '@foresight/core';
import { renderSobolChart, type SobolChartOptions } from './sobolBars.js';
import { renderSobolTimeChart, type SobolTimeChartOptions } from './sobolTime.js';
import { renderTornadoChart, type TornadoChartOptions } from './tornado.js';

export type SensitivityChartOptions = TornadoChartOptions & SobolChartOptions & SobolTimeChartOptions;

/**
 * The chart that fits a sensitivity result: tornado bars, Sobol bars, or
 * Sobol indices over time when the result carries them.
 */
export function renderSensitivityChart(result: SensitivityResult, options: SensitivityChartOptions = {}): string {
  if (result.method === 'tornado') return renderTornadoChart(result, options);
  return result.over_time === undefined ? renderSobolChart(result, options) : renderSobolTimeChart(result, options);
}
