// vitest globalSetup of the postgres project: one throwaway PostgreSQL cluster for the whole run (see
// postgres-cluster.ts), whose superuser URL the test files receive as `inject('postgresUrl')` and in which each file
// creates its own database (test/support/postgres.ts). Without any Postgres binary on the machine the URL is null
// and the Postgres tests skip, saying so; CI installs PostgreSQL first (.ci/run).
import type { TestProject } from 'vitest/node';
import { startPostgresCluster } from './postgres-cluster.js';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cluster = await startPostgresCluster();
  if (cluster === null) {
    process.stderr.write('\nPostgreSQL tests SKIPPED: no initdb/pg_ctl on PATH or in /usr/lib/postgresql/*/bin (apt-get install postgresql)\n');
  }
  project.provide('postgresUrl', cluster?.url ?? null);
  return async () => {
    await cluster?.stop();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string | null;
  }
}
