// `zombie positioning` on a cache holding real COT rows: a cache with legacy weeks only is told that positioning needs
// the TFF report (the legacy one gives open interest only); --as-of before the first TFF week says so.
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testCliApp } from '../support/cli-app.js';
import { registerPositioningCli } from '../../src/cli/positioning.js';
import { loadConfig } from '../../src/config.js';
import { importCotFile } from '../../src/ingest/cot.js';
import { silentProgress } from '../../src/ingest/progress.js';
import type { IngestContext } from '../../src/ingest/context.js';
import { openDb, type Db } from '../../src/store/db.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/cot/${name}`, import.meta.url));
const LEGACY_2026 = fixture('annual_2026_JPow_russell-lines.txt');
const TFF_2026 = fixture('FinFutYY_2026_sarafano_russell-lines.txt');

let db: Db;
let ctx: IngestContext;
let printed: string[];
beforeEach(() => {
  db = openDb(':memory:');
  ctx = { db, config: loadConfig({}), progress: silentProgress, log: () => undefined };
  printed = [];
});
afterEach(() => db.close());

function zombie(args: string[]): Promise<unknown> {
  const program = new Command('zombie').exitOverride();
  registerPositioningCli(program, testCliApp(db, { out: (text) => void printed.push(text) }));
  return program.parseAsync(['node', 'zombie', ...args]);
}

describe('zombie positioning', () => {
  it('says an empty cache needs "zombie ingest cot"', async () => {
    await expect(zombie(['positioning'])).rejects.toThrow('no COT report weeks in the cache: run "zombie ingest cot" first');
  });

  it('says legacy weeks alone give no positioning, and what would', async () => {
    await importCotFile(ctx, LEGACY_2026);
    await expect(zombie(['positioning', '--json'])).rejects.toThrow(
      /^no Traders in Financial Futures \(TFF\) report week in the cache: positioning needs one .*the legacy report weeks kept give open interest only$/,
    );
  });

  it('shows the TFF week on or before --as-of, and says when there is none that early', async () => {
    await importCotFile(ctx, TFF_2026);
    await zombie(['positioning', '--json', '--as-of', '2026-02-01']);
    expect(JSON.parse(printed.join('\n'))).toMatchObject({ reportDate: '2026-01-27' });
    await expect(zombie(['positioning', '--as-of', '2025-12-31'])).rejects.toThrow('no COT report weeks in the cache on or before 2025-12-31');
  });
});
