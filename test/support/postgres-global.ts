// vitest globalSetup: one PostgreSQL server for the whole run (initdb + start take about a
// second), shared by every test file, each of which makes its own database (usePostgres).
import type { TestProject } from 'vitest/node';
import { findPgBinaries, startCluster } from './pg-cluster.ts';

export type PostgresForTests = { ok: true; url: string } | { ok: false; reason: string };

declare module 'vitest' {
  export interface ProvidedContext {
    postgres: PostgresForTests;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const bins = findPgBinaries();
  if (!bins.ok) {
    // why: a developer without PostgreSQL still gets a green run of everything else; CI installs
    // it (.ci/run), so a missing server there is a broken CI machine, not a reason to skip.
    if (process.env.CI) throw new Error(`CI must run the PostgreSQL tests: ${bins.reason}`);
    project.provide('postgres', { ok: false, reason: bins.reason });
    return async () => {};
  }
  const cluster = await startCluster();
  project.provide('postgres', { ok: true, url: cluster.url() });
  return () => cluster.stop();
}
