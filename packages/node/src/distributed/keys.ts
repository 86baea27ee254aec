/*
 * Where a plan's data lives in Redis, and for how long. Everything a plan
 * writes expires unless its submitter keeps renewing it: when the submitter
 * dies, its pieces are skipped by workers and its keys vanish on their own.
 */

/** A plan's keys live this long past the submitter's last sign of life. */
export const ALIVE_MS = 30_000;
/** How often a submitter renews them. */
export const HEARTBEAT_MS = 5_000;
/** Answers wait this long for the submitter to collect them (it does at once). */
export const ANSWER_MS = 600_000;
/** Documents stay this long after the last plan that sent them (any later plan refreshes them). */
export const DOCUMENT_MS = 3_600_000;

export interface PieceJob {
  /** The plan's id (its keys), the engine version that made it. */
  readonly plan: string;
  readonly engine: string;
  readonly stage: number;
  readonly index: number;
  /** The piece, encoded (codec.ts), base64. */
  readonly piece: string;
  /** Stage inputs the piece reads: name to key. */
  readonly inputs: Readonly<Record<string, string>>;
}

export const keys = (queue: string) => ({
  document: (sha: string) => `foresight:${queue}:doc:${sha}`,
  alive: (plan: string) => `foresight:${queue}:plan:${plan}`,
  input: (plan: string, stage: number, name: string) => `foresight:${queue}:plan:${plan}:in:${stage}:${name}`,
  answer: (plan: string, stage: number, index: number) => `foresight:${queue}:plan:${plan}:out:${stage}.${index}`,
  unwanted: (plan: string) => `foresight:${queue}:plan:${plan}:unwanted`,
  job: (plan: string, stage: number, index: number) => `${plan}.${stage}.${index}`,
});
