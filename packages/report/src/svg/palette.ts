/**
 * Okabe–Ito colours: distinguishable with the common forms of colour
 * blindness and in greyscale print. Yellow is last because it is faint on
 * white; black is kept for a ninth scenario before the palette repeats.
 */
const OKABE_ITO = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#F0E442'];

export function scenarioColour(index: number): string {
  return OKABE_ITO[index % OKABE_ITO.length] ?? '#000000';
}

export const INK = '#222222';
export const MUTED = '#666666';
/** Warnings under a chart (too few samples, wide intervals). */
export const WARNING = '#B35900';
export const GRID = '#e6e6e6';
export const AXIS = '#888888';
