// Types of postgres-cluster.mjs for the TypeScript that starts a cluster too (the e2e's shared server on PostgreSQL).
export interface TestCluster {
  /** The `postgres` superuser's address on the cluster's `postgres` database. */
  url: string;
  /** Stops the cluster and deletes its folder. */
  stop(): void;
  dir: string;
}

export function postgresBinDir(): string | null;

/** Starts a throwaway cluster, or null when PostgreSQL is not installed. */
export function startTestCluster(): Promise<TestCluster | null>;
