import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { IngestContext } from '../../src/ingest/context.js';
import { importCotFile } from '../../src/ingest/cot.js';
import { ingestHoldings } from '../../src/ingest/holdings.js';
import { importPriceCsv } from '../../src/ingest/prices.js';
import { silentProgress } from '../../src/ingest/progress.js';
import { openDb, type Db } from '../../src/store/db.js';
import { futuresFigures } from '../../src/universe/futures.js';

const path = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));
const IWM_2024 = path('../../data/demo/holdings/IWM_holdings.csv');
const TFF_ZIP = path('../../data/demo/cot/russell_tff_2017-2026.zip');
const LEGACY_2026 = path('../fixtures/cot/annual_2026_JPow_russell-lines.txt');
const NO_ETF = { fund: 'IWM', netAssets: null, asOf: null };

describe('the futures side from the cache', () => {
  let db: Db;
  let ctx: IngestContext;
  beforeEach(() => {
    db = openDb(':memory:');
    ctx = { db, config: loadConfig({}), progress: silentProgress, log: () => undefined };
  });
  afterEach(() => db.close());

  it("values open interest at the RTY futures price of a holdings file when no ^RUT close is stored (RTYU4's 2,145.60)", async () => {
    await ingestHoldings(ctx, IWM_2024);
    await importCotFile(ctx, TFF_ZIP);
    const { capitalEngaged } = futuresFigures(db, { fund: 'IWM', netAssets: 63_857_726_694.14, asOf: '2024-07-11' }, { asOf: '2024-07-16' });
    // FinFut24.txt, 2024-07-16: RTY 488,061 and M2K 21,359 contracts at the holdings' RTYU4 price of 5 days before (python3).
    expect(capitalEngaged.futures).toEqual([
      expect.objectContaining({
        openInterest: 488_061,
        indexLevel: 2_145.6,
        indexLevelSource: 'RTYU4 price in the IWM holdings of 2024-07-11',
        notional: expect.closeTo(52_359_184_080, 2),
        reportDate: '2024-07-16',
      }),
      expect.objectContaining({ openInterest: 21_359, notional: expect.closeTo(229_139_352, 2) }),
    ]);
    expect(capitalEngaged.total).toBeCloseTo(116_446_050_126.14, 1);
    // 2024-07-23 is 12 days after the holdings: too old a level and too old a holdings file, so n/a, never a zero.
    const series = futuresFigures(db, { fund: 'IWM', netAssets: null, asOf: null }).capitalEngaged.series;
    expect(series.find((w) => w.reportDate === '2024-07-16')).toMatchObject({ etfAsOf: '2024-07-11', total: expect.closeTo(116_446_050_126.14, 1) });
    expect(series.find((w) => w.reportDate === '2024-07-23')).toMatchObject({ futuresNotional: null, etfNetAssets: null, total: null });
  });

  it('takes open interest from a legacy file, which has no leveraged-fund split: no positioning from it', async () => {
    await importCotFile(ctx, LEGACY_2026);
    const csv = join(mkdtempSync(join(tmpdir(), 'zombie-rut-')), 'RUT.csv');
    writeFileSync(
      csv,
      'date,open,high,low,close,volume,wap,count\n2026-01-12,2614.09,2636.72,2606.9,2635.69,5019040000.0,0.0,4320.0\n2026-01-13,2644.49,2647.04,2627.4,2633.11,5091730000.0,0.0,4377.0\n',
    );
    await importPriceCsv(ctx, csv, '^RUT');
    const figures = futuresFigures(db, NO_ETF);
    expect(figures.positioning).toBeNull();
    // 397,732 × $50 × 2,633.11 + 23,106 × $5 × 2,633.11 (the ^RUT close of the report date).
    expect(figures.capitalEngaged.futures.map((f) => [f.contract, f.openInterest, f.indexLevelSource])).toEqual([
      ['RTY', 397_732, '^RUT close 2026-01-13'],
      ['M2K', 23_106, '^RUT close 2026-01-13'],
    ]);
    expect(figures.capitalEngaged.futures[0]!.notional).toBeCloseTo(52_363_605_326, 0);
    expect(figures.capitalEngaged.total).toBeNull(); // no ETF part
  });
});
