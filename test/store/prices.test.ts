import { describe, expect, it } from 'vitest';
import { openDb } from '../../src/store/db.js';
import { appendCloses, insertPricePoints, priceSeries, type PricePoint } from '../../src/store/prices.js';
import { beginSnapshot, completeSnapshot, snapshotsVersion } from '../../src/store/snapshots.js';

function store(db: ReturnType<typeof openDb>, symbol: string, points: PricePoint[]) {
  const id = beginSnapshot(db, { source: 'prices', subject: symbol, origin: 'test', asOf: points.at(-1)!.date });
  insertPricePoints(db, id, points);
  completeSnapshot(db, id, { rowCount: points.length });
}

describe('appendCloses', () => {
  it('grows each stored series by the day, carrying its adjustment factor, and leaves the rest alone', () => {
    const db = openDb(':memory:');
    store(db, 'ADJ', [{ date: '2024-07-10', close: 20, adjClose: 19 }]);
    store(db, 'RAW', [{ date: '2024-07-10', close: 5, adjClose: null }]);
    store(db, 'AHEAD', [{ date: '2024-07-12', close: 7, adjClose: 7 }]);
    const before = snapshotsVersion(db);
    const closes = [
      { symbol: 'adj', close: 21 },
      { symbol: 'RAW', close: 6 },
      { symbol: 'AHEAD', close: 8 },
      { symbol: 'NONE', close: 1 },
    ];
    expect(appendCloses(db, '2024-07-11', closes)).toBe(2);
    expect(priceSeries(db, 'ADJ')!.points.at(-1)).toEqual({ date: '2024-07-11', close: 21, adjClose: 21 * (19 / 20) });
    expect(priceSeries(db, 'ADJ')!.snapshot).toMatchObject({ asOf: '2024-07-11', rowCount: 2 });
    expect(priceSeries(db, 'RAW')!.points.at(-1)).toEqual({ date: '2024-07-11', close: 6, adjClose: null });
    expect(priceSeries(db, 'RAW')!.adjusted).toBe(false);
    expect(priceSeries(db, 'AHEAD')!.points).toHaveLength(1);
    expect(priceSeries(db, 'NONE')).toBeNull();
    expect(snapshotsVersion(db)).not.toBe(before);
    expect(appendCloses(db, '2024-07-11', closes)).toBe(0);
  });
});
