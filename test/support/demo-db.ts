// The demo database of this test run (`npm run demo`'s ingest), built once by whichever test file asks first
// (an atomic mkdir decides who), then copied for each file that opens it.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { inject } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { ingestDemo } from '../../src/demo/ingest.js';
import type { IngestSummary } from '../../src/ingest/context.js';
import { silentProgress } from '../../src/ingest/progress.js';
import { openDb, type Db } from '../../src/store/db.js';

export interface DemoBuild {
  /** The built database file (closed; tests open copies). */
  path: string;
  /** The ingest's summaries and logged lines, as `npm run demo` prints them. */
  summaries: IngestSummary[];
  logged: string[];
}

type Outcome = DemoBuild | { error: string };

async function build(dir: string): Promise<Outcome> {
  const path = join(dir, 'demo.db');
  try {
    const db = openDb(path);
    const logged: string[] = [];
    const summaries = await ingestDemo({ db, config: loadConfig({}), progress: silentProgress, log: (line) => logged.push(line) });
    db.close(); // checkpoints the write-ahead log into the file that is copied
    return { path, summaries, logged };
  } catch (error) {
    return { error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
}

/** The run's demo build: built here if no other file has started it, else awaited. */
export async function demoBuild(): Promise<DemoBuild> {
  const dir = inject('demoDir');
  const done = join(dir, 'build.json');
  let started = false;
  try {
    mkdirSync(join(dir, 'building'));
    started = true;
  } catch {
    // Another test file builds it.
  }
  if (started) {
    writeFileSync(`${done}.tmp`, JSON.stringify(await build(dir)));
    renameSync(`${done}.tmp`, done);
  }
  while (!existsSync(done)) await sleep(100);
  const outcome = JSON.parse(readFileSync(done, 'utf8')) as Outcome;
  if ('error' in outcome) throw new Error(`the demo build failed: ${outcome.error}`);
  return outcome;
}

/** Opens a fresh copy of the demo database (the caller may write to it). */
export async function openDemoCopy(): Promise<Db> {
  const copy = join(mkdtempSync(join(tmpdir(), 'zombie-demo-')), 'demo.db');
  copyFileSync((await demoBuild()).path, copy);
  return openDb(copy);
}
