/** Everything a command touches outside itself, so tests run commands in-process. */
export interface CliIO {
  readonly cwd: string;
  /** Progress goes to stderr only when it is a terminal. */
  readonly stderrIsTTY: boolean;
  /** A clock in milliseconds for progress rates (performance.now by default; tests pass their own). */
  readonly now?: () => number;
  stdout(text: string): void;
  stderr(text: string): void;
}

/** Exit statuses of the contract: 0 done, 1 a target/assumption/check failed, 2 bad input. */
export const EXIT = { ok: 0, failed: 1, badInput: 2 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export class UsageError extends Error {
  override readonly name = 'UsageError';
}
