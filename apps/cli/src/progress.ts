import { formatCount } from '@foresight/report';
import type { CliIO } from './io.js';

/** A run shorter than this shows no bar at all. */
const SHOW_AFTER_MS = 500;
/** Redraw at most this often. */
const REDRAW_MS = 100;
const BAR = 24;

const thousands = (n: number): string => formatCount(Math.round(n));

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.max(0, Math.round(seconds));
  const m = Math.floor(s / 60);
  return m >= 60
    ? `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`
    : `${m}:${String(s % 60).padStart(2, '0')}`;
}

/** One line of the bar: trials done, rate, time left. */
export function progressLine(done: number, total: number, elapsedMs: number): string {
  const share = total > 0 ? Math.min(1, done / total) : 0;
  const filled = Math.round(share * BAR);
  const rate = elapsedMs > 0 ? (done * 1000) / elapsedMs : 0;
  const left = rate > 0 ? (total - done) / rate : Infinity;
  return (
    `[${'#'.repeat(filled)}${'.'.repeat(BAR - filled)}] ${String(Math.floor(share * 100)).padStart(3)}%  ` +
    `${thousands(done)}/${thousands(total)} trials  ${thousands(rate)} trials/s  ${duration(left)} left`
  );
}

/**
 * Progress of a long run on stderr, redrawn in place, only when stderr is a
 * terminal (nothing at all otherwise, so piped and captured output stays
 * clean), and only once the run has lasted SHOW_AFTER_MS. `finish` erases it.
 */
export class ProgressBar {
  readonly #io: CliIO;
  readonly #now: () => number;
  readonly #started: number;
  #drawnAt = -Infinity;
  #drawn = false;

  constructor(io: CliIO) {
    this.#io = io;
    this.#now = io.now ?? (() => performance.now());
    this.#started = this.#now();
  }

  readonly update = (done: number, total: number): void => {
    if (!this.#io.stderrIsTTY) return;
    const now = this.#now();
    const elapsed = now - this.#started;
    if (elapsed < SHOW_AFTER_MS || (now - this.#drawnAt < REDRAW_MS && done < total)) return;
    this.#drawnAt = now;
    this.#drawn = true;
    this.#io.stderr(`\r${progressLine(done, total, elapsed)}\x1b[K`);
  };

  finish(): void {
    if (this.#drawn) this.#io.stderr('\r\x1b[K');
    this.#drawn = false;
  }
}
