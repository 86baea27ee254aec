/*
 * The functions of every piece kind core's plans use, by kind: what a worker
 * loads to compute any of them. (Other packages add their own: the
 * assumption check's pieces are @foresight/check's.)
 */
import { CALIBRATE_PIECES } from './calibrate.js';
import { EXPLORE_PIECES } from './explore.js';
import { PER_TRIAL_PIECES } from './per-trial.js';
import { RUN_PIECES } from './runs.js';
import { SENSITIVITY_PIECES } from './sensitivity.js';
import type { PieceRegistry } from './types.js';

export const PIECES: PieceRegistry = {
  ...RUN_PIECES,
  ...SENSITIVITY_PIECES,
  ...CALIBRATE_PIECES,
  ...PER_TRIAL_PIECES,
  ...EXPLORE_PIECES,
};
