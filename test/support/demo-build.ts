// Builds this test run's demo database (`npm run demo`'s ingest) into DIR/demo.db and writes DIR/build.json with the
// ingest's summaries and logged lines, or the error. Run as a child process by test/support/demo-setup.ts:
//   node --import tsx test/support/demo-build.ts DIR
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.js';
import { ingestDemo } from '../../src/demo/ingest.js';
import { silentProgress } from '../../src/ingest/progress.js';
import { openDb } from '../../src/store/db.js';
import type { DemoOutcome } from './demo-db.js';

async function build(dir: string): Promise<DemoOutcome> {
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

const dir = process.argv[2];
if (!dir) throw new Error('usage: node --import tsx test/support/demo-build.ts DIR');
const done = join(dir, 'build.json');
writeFileSync(`${done}.tmp`, JSON.stringify(await build(dir)));
renameSync(`${done}.tmp`, done);
