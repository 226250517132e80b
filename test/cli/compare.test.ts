// `zombie compare [funds...] [--json]` on a cache holding the real IWM (Jul 2024) and IJR (Jun 2026) downloads:
// the holdings figures (members, overlap) need no fundamentals; an unknown fund is refused in one line.
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testCliApp } from '../support/cli-app.js';
import { registerCompareCli } from '../../src/cli/compare.js';
import { loadConfig } from '../../src/config.js';
import { ingestHoldings } from '../../src/ingest/holdings.js';
import { silentProgress } from '../../src/ingest/progress.js';
import { openDb, type Db } from '../../src/store/db.js';

const demo = (name: string) => fileURLToPath(new URL(`../../data/demo/holdings/${name}`, import.meta.url));

let db: Db;
let printed: string[];
beforeEach(async () => {
  db = openDb(':memory:');
  printed = [];
  const ctx = { db, config: loadConfig({}), progress: silentProgress, log: () => undefined };
  await ingestHoldings(ctx, demo('IWM_holdings.csv'));
  await ingestHoldings(ctx, demo('IJR_holdings.csv'));
});
afterEach(() => db.close());

function zombie(args: string[]): Promise<unknown> {
  const app = testCliApp(db, { out: (text) => void printed.push(text) });
  const program = new Command('zombie').exitOverride();
  registerCompareCli(program, app);
  return program.parseAsync(['node', 'zombie', ...args]);
}

describe('zombie compare', () => {
  it('compares the kept default funds (IWM, IJR) in JSON, n/a where no fundamentals or prices are kept', async () => {
    await zombie(['compare', '--json']);
    const json = JSON.parse(printed.join('\n'));
    expect(json.funds.map((f: { fund: string }) => f.fund)).toEqual(['IWM', 'IJR']);
    expect(json.funds[1]).toMatchObject({
      fund: 'IJR',
      asOf: '2026-06-19',
      members: 605,
      negativeEps: { covered: 0, count: 0 },
      pe: null,
      returns: { '1y': null, '3y': null, '5y': null, '10y': null },
    });
    // python3 on the two files: 492 common tickers, 40.49 % of IWM's member weight, 77.30 % of IJR's.
    expect(json.overlap).toEqual({
      funds: ['IWM', 'IJR'],
      count: 492,
      weight: { IWM: expect.closeTo(0.40488638648703845, 9), IJR: expect.closeTo(0.7730346149964686, 9) },
    });
    // Without EPS data nothing can be removed: every outside member is uncovered.
    expect(json.earningsRuleRemoves).toMatchObject({
      count: null,
      weight: null,
      negativeEps: { covered: 0, count: 0 },
      outside: { count: 1491 },
      lists: ['IJR'],
    });
  });

  it('prints the view for the funds given, and refuses a fund whose holdings are not kept', async () => {
    await zombie(['compare', 'ijr', 'IWM']);
    expect(printed.join('\n')).toMatch(/^IJR vs IWM\n/);
    await expect(zombie(['compare', 'IWM', 'QQQ'])).rejects.toThrow('No holdings kept for "QQQ". Kept funds: IJR, IWM.');
  });
});
