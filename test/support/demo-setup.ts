// vitest globalSetup of the e2e project: a directory for this run's demo database, which the first test file that
// needs it builds (test/support/demo-db.ts) while the others wait, so the ~15 s build runs once per run, and not at
// all when only tests without it run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'zombie-demo-build-'));
  project.provide('demoDir', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    demoDir: string;
  }
}
