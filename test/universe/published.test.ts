// Publish once per snapshot: a result is computed once per snapshots version, shared by concurrent requests,
// forgotten when it failed, and per-member results are bounded (least recently used dropped first).
import { describe, expect, it } from 'vitest';
import { Published } from '../../src/universe/published.js';

/** A store whose version the test sets, and a computation that counts its runs and resolves when told. */
function setup(maxRecent?: number) {
  let version = 'v1';
  const store = new Published(() => version, maxRecent);
  const runs: string[] = [];
  const compute = (key: string) => async () => {
    runs.push(key);
    return `${key}@${version}`;
  };
  return { store, runs, compute, setVersion: (next: string) => (version = next) };
}

describe('Published', () => {
  it('computes a key once per version and serves the stored result to later and concurrent requests', async () => {
    const { store, runs, compute } = setup();
    const concurrent = await Promise.all([store.once('view', compute('view')), store.once('view', compute('view'))]);
    expect(await store.once('view', compute('view'))).toBe('view@v1');
    expect(concurrent).toEqual(['view@v1', 'view@v1']);
    expect(runs).toEqual(['view']);
  });

  it('computes again once a snapshot completes (the version changed)', async () => {
    const { store, runs, compute, setVersion } = setup();
    await store.once('view', compute('view'));
    setVersion('v2');
    expect(await store.once('view', compute('view'))).toBe('view@v2');
    expect(await store.once('view', compute('view'))).toBe('view@v2');
    expect(runs).toEqual(['view', 'view']);
  });

  it('forgets a failed computation, so the next request tries again', async () => {
    const { store } = setup();
    await expect(store.once('view', () => Promise.reject(new Error('cache locked')))).rejects.toThrow('cache locked');
    expect(await store.once('view', async () => 'retried')).toBe('retried');
  });

  it('keeps at most maxRecent per-member results, dropping the least recently used', async () => {
    const { store, runs, compute } = setup(2);
    await store.recent('A', compute('A'));
    await store.recent('B', compute('B'));
    await store.recent('A', compute('A'));
    await store.recent('C', compute('C'));
    await store.recent('A', compute('A'));
    await store.recent('B', compute('B'));
    expect(runs).toEqual(['A', 'B', 'C', 'B']);
  });
});
