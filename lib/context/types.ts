/** The Redis context store's configuration and the Context Store API it implements (Node-RED's). */

export interface RedisContextConfig {
  /** redis[s]://[[user]:password@]host[:port][/db]. Default redis://127.0.0.1:6379. */
  url?: string;
  /** Prefix of every Redis key this store writes. Default `nodered:context:`. Instances that run
   *  different flows against one Redis need different prefixes (see `clean`). */
  prefix?: string;
  /** Remove the context of deleted flows and nodes when flows are (re)deployed, as Node-RED's own
   *  stores do. Default true. */
  cleanOnDeploy?: boolean;
  /** How long open() waits for the first connection, ms. Default 10,000. */
  connectTimeoutMs?: number;
  /** How long one command may take before it fails, ms. Default 10,000. */
  commandTimeoutMs?: number;
  /** Keep a local copy, kept current through pub/sub, and allow synchronous access. Default false. */
  cache?: boolean;
}

export type Callback = (err?: Error | null, ...values: unknown[]) => void;

export interface ContextStore {
  open(): Promise<void>;
  close(): Promise<void>;
  get(scope: string, key: string | string[], callback?: Callback): unknown;
  set(scope: string, key: string | string[], value: unknown, callback?: (err?: Error | null) => void): void;
  keys(scope: string, callback?: (err: Error | null, keys?: string[]) => void): string[] | undefined;
  delete(scope: string): Promise<void>;
  clean(activeNodes: string[]): Promise<void>;
}
