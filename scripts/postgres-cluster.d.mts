export interface PostgresCluster {
  /** `postgres://postgres@127.0.0.1:<port>/postgres`. */
  readonly url: string;
  /** A new empty database in the cluster, and its URL: each suite starts clean. */
  database(name: string): Promise<string>;
  stop(): Promise<void>;
}
export function postgresBin(): string | undefined;
export function startPostgres(): Promise<PostgresCluster>;
