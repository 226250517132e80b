// The alert state built from a real-format cache: odds, closes, the 30-day correlation and ingest times.
import { describe, expect, it } from 'vitest';
import { loadAlertState } from '../../src/alerts/load-state.js';
import { loadConfig } from '../../src/config.js';
import { importOddsFile } from '../../src/ingest/odds.js';
import { importPriceCsv } from '../../src/ingest/prices.js';
import { silentProgress } from '../../src/ingest/progress.js';
import { openDb } from '../../src/store/db.js';
import { storeHoldings } from '../support/history.js';

describe('loadAlertState', () => {
  it('reads the configured odds series, IWM closes and the 30-day correlation from the cache', async () => {
    const db = openDb(':memory:');
    const config = loadConfig({});
    const ctx = { db, config, progress: silentProgress, log: () => undefined };
    await importPriceCsv(ctx, 'data/demo/prices/IWM.csv', 'IWM');
    await importOddsFile(ctx, 'data/demo/odds/polymarket-price-data-hourly.csv', {
      column: 'Donald Trump',
      name: 'presidential-election-winner-2024/donald-trump',
    });
    const state = loadAlertState(db, config);
    expect(state.odds.series).toBe('presidential-election-winner-2024/donald-trump');
    expect(state.iwmCloses.at(-1)).toEqual({ date: '2026-07-31', close: expect.closeTo(291.2, 4) });
    // The odds end on 2024-11-06, so the 30-day window is the last 30 pairs up to then.
    expect(state.trumpTradeCorrelation30d.asOfDate).toBe('2024-11-06');
    expect(state.trumpTradeCorrelation30d.now).toBeGreaterThan(0.5);
    expect(state.members).toEqual([]);
    expect(state.lastIngestAt.prices).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(state.lastIngestAt.sec).toBeNull();
  });

  it('sees a reconstitution when at least 5% of the previous kept list left, not for daily churn', () => {
    const db = openDb(':memory:');
    const config = loadConfig({});
    const names = (prefix: string, n: number) => Array.from({ length: n }, (_, i): [string, number] => [`${prefix}${i}`, 10]);
    storeHoldings(db, 'IWM', '2024-06-27', [...names('K', 19), ['GONE', 10]]);
    storeHoldings(db, 'IWM', '2024-06-28', [...names('K', 19), ['NEW', 10]]);
    // 1 of 20 left (5%): a reconstitution by the rule; the lists compared are the two newest.
    expect(loadAlertState(db, config).reconstitution).toMatchObject({ from: '2024-06-27', to: '2024-06-28', left: 1, joined: { count: 1 } });
    storeHoldings(db, 'IWM', '2024-07-01', [...names('K', 19), ['NEW', 10], ['MORE', 10]]);
    expect(loadAlertState(db, config).reconstitution).toBeNull();
  });
});
