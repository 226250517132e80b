// The alert state built from a real-format cache: odds, closes, the 30-day correlation and ingest times.
import { describe, expect, it } from 'vitest';
import { loadAlertState } from '../../src/alerts/load-state.js';
import { loadConfig } from '../../src/config.js';
import { importOddsFile } from '../../src/ingest/odds.js';
import { importPriceCsv } from '../../src/ingest/prices.js';
import { silentProgress } from '../../src/ingest/progress.js';
import { openDb } from '../../src/store/db.js';

describe('loadAlertState', () => {
  it('reads the configured odds series, IWM closes and the 30-day correlation from the cache', async () => {
    const db = openDb(':memory:');
    const config = loadConfig({});
    const ctx = { db, config, progress: silentProgress, log: () => undefined };
    await importPriceCsv(ctx, 'data/demo/prices/IWM.csv', 'IWM');
    await importOddsFile(ctx, 'data/demo/odds/polymarket-price-data-hourly.csv', { column: 'Donald Trump', name: 'presidential-election-winner-2024/donald-trump' });
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
});
