// The demo database of this test run (`npm run demo`'s ingest), built once per run in the background
// (test/support/demo-setup.ts), then copied for each file that opens it.
import { copyFileSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { inject } from 'vitest';
import type { IngestSummary } from '../../src/ingest/context.js';
import { openDb, type Db } from '../../src/store/db.js';

export interface DemoBuild {
  /** The built database file (closed; tests open copies). */
  path: string;
  /** The ingest's summaries and logged lines, as `npm run demo` prints them. */
  summaries: IngestSummary[];
  logged: string[];
}

export type DemoOutcome = DemoBuild | { error: string };

/** The run's demo build, once it is done. */
export async function demoBuild(): Promise<DemoBuild> {
  const done = join(inject('demoDir'), 'build.json');
  while (!existsSync(done)) await sleep(100);
  const outcome = JSON.parse(readFileSync(done, 'utf8')) as DemoOutcome;
  if ('error' in outcome) throw new Error(`the demo build failed: ${outcome.error}`);
  return outcome;
}

/** Opens a fresh copy of the demo database (the caller may write to it). */
export async function openDemoCopy(): Promise<Db> {
  const copy = join(mkdtempSync(join(tmpdir(), 'zombie-demo-')), 'demo.db');
  copyFileSync((await demoBuild()).path, copy);
  return openDb(copy);
}
