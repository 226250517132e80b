// Which funds /zombie compare and `zombie compare` set side by side: the member's words, checked against the kept funds.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../src/store/db.js';
import { completeSnapshot, withSnapshot } from '../../src/store/snapshots.js';
import { chooseFunds } from '../../src/universe/compare.js';

describe('chooseFunds', () => {
  let db: Db;
  beforeEach(() => {
    db = openDb(':memory:');
    for (const fund of ['IWM', 'IJR', 'IVV']) {
      withSnapshot(db, { source: 'holdings', subject: fund, asOf: '2026-06-19', origin: 'test' }, (id) => completeSnapshot(db, id, { rowCount: 0 }));
    }
  });
  afterEach(() => db.close());

  it('splits on spaces, commas and "vs", with or without its dot', () => {
    expect(chooseFunds(db, 'IWM vs IJR')).toEqual({ funds: ['IWM', 'IJR'] });
    expect(chooseFunds(db, 'IWM vs. IJR VS. ivv')).toEqual({ funds: ['IWM', 'IJR', 'IVV'] });
    expect(chooseFunds(db, 'IWM,IVV')).toEqual({ funds: ['IWM', 'IVV'] });
  });

  it('names an unknown fund without the backticks, controls or direction marks it was typed with', () => {
    expect(chooseFunds(db, '\u202eIWM QQQ`x` a\u200bb')).toEqual({
      problem: 'No holdings kept for `\\u202eIWM`, `QQQ\u02cbx\u02cb`, `a\\u200bb`. Kept funds: IJR, IVV, IWM.',
    });
  });
});
