// The bundled demo as a member sees it: dated on its holdings, plausible Russell 2000 economics, the IVV
// comparison covered, no split artefacts, nothing printed but summaries, everything generated labelled.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { IngestSummary } from '../../src/ingest/context.js';
import type { Db } from '../../src/store/db.js';
import { latestHoldings } from '../../src/store/holdings.js';
import { priceSeries } from '../../src/store/prices.js';
import { latestSnapshot } from '../../src/store/snapshots.js';
import { indexFigures, type IndexFigures } from '../../src/universe/figures.js';
import { loadUniverse } from '../../src/universe/load.js';
import { generatePrices } from '../../src/demo/generate.js';
import { demoBuild, openDemoCopy } from '../support/demo-db.js';

let db: Db;
let figures: IndexFigures;
let summaries: IngestSummary[];
let logged: string[];

beforeAll(async () => {
  // The demo ingest runs once per test run (test/support/demo-db.ts): its database, summaries and log.
  ({ summaries, logged } = await demoBuild());
  db = await openDemoCopy();
  figures = indexFigures(db, loadConfig({}), loadUniverse(db)!);
}, 180_000);

describe('npm run demo', () => {
  it('dates the generated fundamentals on the holdings they stand for, not on the day it runs', () => {
    const holdingsAsOf = latestHoldings(db, 'IWM')!.snapshot.asOf;
    expect(holdingsAsOf).toBe('2024-07-11');
    expect(latestSnapshot(db, 'sec', 'companyfacts')?.asOf).toBe(holdingsAsOf);
    expect(figures.asOf.fundamentals).toBe(holdingsAsOf);
    expect(summaries.filter((s) => s.source === 'sec').map((s) => s.asOf)).toEqual([holdingsAsOf, holdingsAsOf]);
  });

  it('has positive aggregate TTM earnings, so the IWM P/E is a plausible number', () => {
    const iwm = figures.valuation.IWM!;
    expect(iwm.earningsUsd).toBeGreaterThan(0);
    expect(iwm.pe).not.toBeNull();
    expect(iwm.pe!).toBeGreaterThan(10);
    expect(iwm.pe!).toBeLessThan(60);
    expect(iwm.negativeEarners / iwm.covered).toBeGreaterThan(0.25); // the zombie-beta argument still has its loss-makers
  });

  it('covers the IVV comparison with generated (labelled) fundamentals', () => {
    const ivv = figures.valuation.IVV!;
    expect(ivv.members).toBe(503);
    expect(ivv.covered).toBeGreaterThan(490);
    expect(ivv.pe).not.toBeNull();
    expect(
      loadUniverse(db, 'IVV')!
        .members.filter((m) => m.fundamentals !== null)
        .every((m) => m.demo),
    ).toBe(true);
  });

  it('adds up the capital engaged as of an earlier date from the holdings and the COT report on or before it', () => {
    // The bundled IWM holdings of 2024-07-11 pair with the COT report of 2024-07-16 (5 days later); the latest
    // figures' weekly series holds the same week, computed from the whole history.
    const week = figures.capitalEngaged.series.find((w) => w.reportDate === '2024-07-16');
    expect(week?.total).not.toBeNull();
    const asOf = indexFigures(db, loadConfig({}), loadUniverse(db, 'IWM', '2024-07-20')!).capitalEngaged;
    expect(asOf.futures.map((part) => part.reportDate)).toEqual(['2024-07-16', '2024-07-16']);
    expect(asOf.etf.asOf).toBe('2024-07-11');
    expect(asOf.total).toBeCloseTo(week!.total!, 0);
  });

  it('shows 1-year returns without split artefacts', () => {
    const returns = loadUniverse(db)!.members.flatMap((m) => (m.return1y === null ? [] : [m.return1y]));
    expect(returns.length).toBeGreaterThan(1900);
    expect(Math.max(...returns)).toBeLessThan(5); // best under +500%
    expect(Math.min(...returns)).toBeGreaterThan(-0.95);
    // INO did a 1-for-12 reverse split in Jan 2024, between the screener export and the holdings file.
    const ino = priceSeries(db, 'INO')!.points;
    const dailyMoves = ino.slice(1).map((p, i) => Math.abs(Math.log(p.close / ino[i]!.close)));
    expect(Math.max(...dailyMoves)).toBeLessThan(Math.log(1.5));
  });

  it('ends every generated path at the real holdings price, deterministically', () => {
    const member = { ticker: 'INO', name: 'INOVIO', sector: 'Health Care', priceUsd: 8.4, marketValueUsd: 1e6 };
    const dates = ['2024-07-08', '2024-07-09', '2024-07-10', '2024-07-11'];
    const path = generatePrices(member, dates, 0);
    expect(path.at(-1)!.close).toBe(8.4);
    expect(generatePrices(member, dates, 0)).toEqual(path);
  });

  it('prints no file errors and labels everything generated', () => {
    expect(logged.filter((line) => /ENOENT|cannot read/.test(line))).toEqual([]);
    expect(figures.demoData).toBe(true);
  });
});
