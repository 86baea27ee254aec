/**
 * @foresight/report: results for people. Plain functions from a result
 * document to text; no I/O, no runtime dependencies.
 *
 * ```ts
 * import { renderRunTable, renderRunCsv, renderFanChart } from '@foresight/report';
 *
 * process.stdout.write(renderRunTable(result, { stats: ['p5', 'p50', 'p95'] }));
 * writeFileSync('run.csv', renderRunCsv(result));
 * for (const chunk of jsonChunks(result)) socket.write(chunk);   // a large document, a chunk at a time
 * writeFileSync('run.svg', renderFanChart(result, { outputs: ['workforce', 'vc_inflow'] }));
 * writeFileSync('compare.svg', renderFanChart([base, alternative]));
 * process.stdout.write(renderComparisonSummary(summarizeComparison(comparison))); // summarizeComparison: @foresight/core
 * writeFileSync('tornado.svg', renderSensitivityChart(sensitivityResult));
 * ```
 */
export { formatCell, formatNumber, formatTime } from './format.js';
export { formatCount } from './format.js';
export { renderRunTable, renderTable } from './table.js';
export type { Align, RunTableOptions } from './table.js';
export { renderRunCsv, runCsvChunks } from './csv.js';
export { compareCsvChunks, renderCompareCsv, renderCompareTable } from './compare.js';
export { JSON_CHUNK, jsonChunks } from './json.js';
export type { JsonChunkOptions } from './json.js';
export { renderComparisonSummary } from './summary.js';
export { renderFanChart } from './svg/fanChart.js';
export { scenarioColour } from './svg/palette.js';
export type { FanChartOptions } from './svg/fanChart.js';
export { renderSensitivityTable } from './sensitivity.js';
export { renderCalibrationTable, renderPosteriorCsv } from './calibration.js';
export { describeRestriction, renderExploreChart, renderExploreTable } from './explore.js';
export { renderSensitivityChart } from './svg/sensitivityChart.js';
export type { SensitivityChartOptions } from './svg/sensitivityChart.js';
export { renderTornadoChart } from './svg/tornado.js';
export type { TornadoChartOptions } from './svg/tornado.js';
export { renderSobolChart } from './svg/sobolBars.js';
export type { SobolChartOptions } from './svg/sobolBars.js';
export { renderSobolTimeChart } from './svg/sobolTime.js';
export type { SobolTimeChartOptions } from './svg/sobolTime.js';
