import { describe, expect, it } from 'vitest';
import { openDb } from '../../src/store/db.js';
import {
  abandonSnapshot,
  beginSnapshot,
  completeSnapshot,
  latestSnapshot,
  pruneAbandoned,
  snapshotsVersion,
  withSnapshot,
} from '../../src/store/snapshots.js';

const start = { source: 'prices', subject: 'IWM', origin: 'test', asOf: '2024-07-11' } as const;

describe('snapshots', () => {
  it('applies every migration and records user_version', () => {
    const db = openDb(':memory:');
    expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(1);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('keeps a building snapshot invisible until it completes', () => {
    const db = openDb(':memory:');
    const id = beginSnapshot(db, start);
    expect(latestSnapshot(db, 'prices', 'IWM')).toBeNull();
    completeSnapshot(db, id, { rowCount: 3 });
    expect(latestSnapshot(db, 'prices', 'IWM')).toMatchObject({ id, rowCount: 3, asOf: '2024-07-11' });
  });

  it('replaces an earlier snapshot of the same as-of date, keeps other dates', () => {
    const db = openDb(':memory:');
    const older = beginSnapshot(db, { ...start, asOf: '2024-07-10' });
    completeSnapshot(db, older, { rowCount: 1 });
    const first = beginSnapshot(db, start);
    completeSnapshot(db, first, { rowCount: 1 });
    const second = beginSnapshot(db, start);
    completeSnapshot(db, second, { rowCount: 2 });
    const ids = (db.prepare('SELECT id FROM snapshots ORDER BY id').all() as { id: number }[]).map((r) => r.id);
    expect(ids).toEqual([older, second]);
  });

  it('abandons and prunes snapshots that never completed, leaving the good one', () => {
    const db = openDb(':memory:');
    const good = beginSnapshot(db, start);
    completeSnapshot(db, good, { rowCount: 1 });
    const failed = beginSnapshot(db, start);
    abandonSnapshot(db, failed);
    beginSnapshot(db, start, new Date(Date.now() - 7 * 3600_000));
    expect(pruneAbandoned(db)).toBe(1);
    expect(latestSnapshot(db, 'prices', 'IWM')?.id).toBe(good);
  });
});

describe('withSnapshot', () => {
  const count = (db: ReturnType<typeof openDb>) => (db.prepare('SELECT count(*) AS n FROM snapshots').get() as { n: number }).n;

  it('returns what the fill returns once it completed the snapshot', async () => {
    const db = openDb(':memory:');
    const complete = (rowCount: number) => (id: number) => {
      completeSnapshot(db, id, { rowCount });
      return id;
    };
    expect(withSnapshot(db, start, complete(2))).toBe(latestSnapshot(db, 'prices', 'IWM')!.id);
    const later = withSnapshot(db, { ...start, asOf: '2024-07-12' }, async (id) => complete(1)(id));
    await expect(later).resolves.toBe(latestSnapshot(db, 'prices', 'IWM')!.id);
    expect(latestSnapshot(db, 'prices', 'IWM')).toMatchObject({ asOf: '2024-07-12', rowCount: 1 });
  });

  it('abandons the snapshot and rethrows when the fill throws, leaving the last good one', () => {
    const db = openDb(':memory:');
    withSnapshot(db, start, (id) => completeSnapshot(db, id, { rowCount: 3 }));
    expect(() =>
      withSnapshot(db, { ...start, asOf: '2024-07-12' }, () => {
        throw new Error('bad row');
      }),
    ).toThrow('bad row');
    expect(count(db)).toBe(1);
    expect(latestSnapshot(db, 'prices', 'IWM')).toMatchObject({ asOf: '2024-07-11', rowCount: 3 });
  });

  it('abandons the snapshot when the fill rejects', async () => {
    const db = openDb(':memory:');
    await expect(
      withSnapshot(db, start, async () => {
        throw new Error('upstream down');
      }),
    ).rejects.toThrow('upstream down');
    expect(count(db)).toBe(0);
  });
});

describe('snapshotsVersion', () => {
  it('changes when a snapshot completes or replaces another, not while one is building', () => {
    const db = openDb(':memory:');
    const empty = snapshotsVersion(db);
    const id = beginSnapshot(db, start);
    expect(snapshotsVersion(db)).toBe(empty);
    completeSnapshot(db, id, { rowCount: 1 });
    const first = snapshotsVersion(db);
    expect(first).not.toBe(empty);
    completeSnapshot(db, beginSnapshot(db, start), { rowCount: 1 });
    expect(snapshotsVersion(db)).not.toBe(first);
  });
});
