// Publish once per snapshot: what commands show (figures, embeds, chart images) is a pure function of the
// completed snapshots, so each result is computed once per snapshots version and served to every request until
// a snapshot completes. Concurrent requests for a result being computed share that computation (single-flight);
// a failed computation is forgotten so the next request tries again. Per-member results live in a bounded LRU.
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Config } from '../config.js';
import type { Db } from '../store/db.js';
import { snapshotsVersion } from '../store/snapshots.js';
import { indexFigures, type IndexFigures } from './figures.js';
import { loadUniverse, type Universe } from './load.js';

/** Per-member results (ticker cards with their chart) kept per version; about 100 KB each. */
export const RECENT_ENTRIES = 256;

export class Published {
  private version: string | null = null;
  private readonly kept = new Map<string, Promise<unknown>>();
  private readonly recentEntries = new Map<string, Promise<unknown>>();

  constructor(
    private readonly currentVersion: () => string,
    private readonly maxRecent = RECENT_ENTRIES,
  ) {}

  /** Drops the stored results when the snapshots version changed. */
  private check(): void {
    const version = this.currentVersion();
    if (version === this.version) return;
    this.version = version;
    this.kept.clear();
    this.recentEntries.clear();
  }

  /** The result for `key`, computed once per version and kept until the version changes. */
  once<T>(key: string, compute: () => Promise<T>): Promise<T> {
    this.check();
    return this.shared(this.kept, key, compute);
  }

  /** Like `once`, among the `maxRecent` most recently used keys (the least recently used is dropped). */
  recent<T>(key: string, compute: () => Promise<T>): Promise<T> {
    this.check();
    const hit = this.recentEntries.get(key);
    if (hit !== undefined) {
      this.recentEntries.delete(key);
      this.recentEntries.set(key, hit);
      return hit as Promise<T>;
    }
    const result = this.shared(this.recentEntries, key, compute);
    if (this.recentEntries.size > this.maxRecent) this.recentEntries.delete(this.recentEntries.keys().next().value!);
    return result;
  }

  private shared<T>(entries: Map<string, Promise<unknown>>, key: string, compute: () => Promise<T>): Promise<T> {
    const hit = entries.get(key);
    if (hit !== undefined) return hit as Promise<T>;
    const result = compute();
    entries.set(key, result);
    result.catch(() => {
      if (entries.get(key) === result) entries.delete(key);
    });
    return result;
  }
}

const byDb = new WeakMap<Db, Published>();

/** The published results of a database (one store per open database, shared by every command). */
export function published(db: Db): Published {
  let store = byDb.get(db);
  if (store === undefined) {
    store = new Published(() => snapshotsVersion(db));
    byDb.set(db, store);
  }
  return store;
}

export interface PublishedIndex {
  universe: Universe;
  figures: IndexFigures;
}

/** The fund's members and index figures, once per version; each heavy step waits for the event loop's next turn
 * first, so interactions that arrived meanwhile are acknowledged before it. Null without holdings. */
export function publishedIndex(db: Db, config: Config): Promise<PublishedIndex | null> {
  return published(db).once('index', async () => {
    await nextTurn();
    const universe = loadUniverse(db);
    if (!universe) return null;
    await nextTurn();
    return { universe, figures: indexFigures(db, config, universe) };
  });
}
