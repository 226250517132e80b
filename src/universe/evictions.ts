// Gathers the membership lists behind evictions from the kept history — IWM holdings snapshots and dated
// imported lists (screener exports, index-constituents CSVs), plus the later IWB/IWV holdings — normalises their
// tickers, and hands plain lists to the pure classifier in src/metrics/evictions.ts.
import { classifyEvictions, type Evictions, type ListedMember, type MembershipList } from '../metrics/evictions.js';
import { memberFigures } from '../metrics/member-figures.js';
import { priceReturnBetween } from '../metrics/returns.js';
import type { Db } from '../store/db.js';
import { holdingsOf, holdingsSnapshots } from '../store/holdings.js';
import { priceSeries } from '../store/prices.js';
import { screenRowsOf } from '../store/screen.js';
import { completeSnapshots, snapshotsVersion, type Snapshot } from '../store/snapshots.js';
import { loadUniverse } from './load.js';
import { indexMember } from '../core/members.js';
import { normaliseSymbol } from '../core/ticker.js';

/** The Russell 1000 and Russell 3000 ETFs: a leaver found in their later holdings moved up. */
export const LARGER_FUNDS = ['IWB', 'IWV'] as const;
/** Without a `from` date, the previous list is the newest one dated at least this long before the current. */
export const DEFAULT_SPAN_DAYS = 180;

/** A kept membership list: a holdings snapshot of the fund, or a dated imported list (a screen snapshot). */
export interface ListSnapshot {
  snapshot: Snapshot & { asOf: string };
  kind: 'holdings' | 'screen';
}

const dated = (s: Snapshot): s is Snapshot & { asOf: string } => s.asOf !== null;
const byDate = (a: ListSnapshot, b: ListSnapshot) =>
  a.snapshot.asOf < b.snapshot.asOf ? -1 : a.snapshot.asOf > b.snapshot.asOf ? 1 : a.snapshot.id - b.snapshot.id;

/** Every kept membership list of the fund, oldest first. */
export function membershipLists(db: Db, fund = 'IWM'): ListSnapshot[] {
  const holdings = holdingsSnapshots(db, fund)
    .filter(dated)
    .map((snapshot): ListSnapshot => ({ snapshot, kind: 'holdings' }));
  const screens = completeSnapshots(db, 'screen')
    .filter(dated)
    .map((snapshot): ListSnapshot => ({ snapshot, kind: 'screen' }));
  return [...holdings, ...screens].sort(byDate);
}

/** A list's members by the one member rule (indexMember: normalised ticker; rights, warrants, CVRs, escrows out). */
export function readList(db: Db, list: ListSnapshot): MembershipList {
  const rows: ListedMember[] =
    list.kind === 'holdings'
      ? (holdingsOf(db, list.snapshot)?.holdings ?? []).map((h) => ({ ticker: h.ticker, name: h.name, priceUsd: h.priceUsd }))
      : screenRowsOf(db, list.snapshot.id).map((r) => ({ ticker: r.ticker, name: r.name ?? r.ticker, priceUsd: r.priceUsd }));
  const members = rows.flatMap((m) => {
    const verdict = indexMember(m);
    return verdict.member ? [{ ...m, ticker: verdict.ticker }] : [];
  });
  return { asOf: list.snapshot.asOf, members };
}

export interface EvictionsRequest {
  /** The previous list: the newest kept list dated on or before it (default: DEFAULT_SPAN_DAYS before `to`). */
  from?: string;
  /** The current list: the fund's newest holdings snapshot dated on or before it (default: the newest). */
  to?: string;
}

/** Picks the two lists: current = fund holdings; previous = another list dated before it. */
export function pickLists(lists: readonly ListSnapshot[], request: EvictionsRequest): { previous: ListSnapshot; current: ListSnapshot } | null {
  const current = lists.findLast((l) => l.kind === 'holdings' && (request.to === undefined || l.snapshot.asOf <= request.to));
  if (!current) return null;
  const earlier = lists.filter((l) => l.snapshot.asOf < current.snapshot.asOf);
  const limit = request.from ?? shiftDays(current.snapshot.asOf, -DEFAULT_SPAN_DAYS);
  const previous = earlier.findLast((l) => l.snapshot.asOf <= limit) ?? (request.from === undefined ? earlier[0] : undefined);
  return previous ? { previous, current } : null;
}

/**
 * The larger funds' holdings to look leavers up in: per fund, the earliest snapshot dated on or after the current
 * list, else the newest dated after the previous list.
 */
function largerLists(db: Db, from: string, to: string): MembershipList[] {
  return LARGER_FUNDS.flatMap((fund) => {
    const snapshots = holdingsSnapshots(db, fund).filter(dated);
    const chosen = snapshots.find((s) => s.asOf >= to) ?? snapshots.findLast((s) => s.asOf > from);
    return chosen ? [readList(db, { snapshot: chosen, kind: 'holdings' })] : [];
  });
}

/** Evictions already classified, per database and request, valid while the snapshots are unchanged. */
const cache = new WeakMap<Db, Map<string, { version: string; evictions: Evictions | null }>>();

/** Evictions between two kept lists of the fund; null when fewer than two lists are kept. Cached per snapshot version. */
export function loadEvictions(db: Db, request: EvictionsRequest = {}, fund = 'IWM'): Evictions | null {
  const version = snapshotsVersion(db);
  const byRequest = cache.get(db) ?? new Map<string, { version: string; evictions: Evictions | null }>();
  cache.set(db, byRequest);
  const key = `${fund}:${request.from ?? ''}:${request.to ?? ''}`;
  const hit = byRequest.get(key);
  if (hit?.version === version) return hit.evictions;
  const evictions = classifyFromCache(db, request, fund);
  byRequest.set(key, { version, evictions });
  return evictions;
}

function classifyFromCache(db: Db, request: EvictionsRequest, fund: string): Evictions | null {
  const picked = pickLists(membershipLists(db, fund), request);
  if (!picked) return null;
  const previous = readList(db, picked.previous);
  const current = readList(db, picked.current);
  const currentTickers = new Set(current.members.map((m) => m.ticker));
  const cachedReturns = new Map<string, number>();
  for (const leaver of previous.members) {
    if (currentTickers.has(leaver.ticker)) continue;
    const points = priceSeries(db, leaver.ticker)?.points;
    const change = points ? priceReturnBetween(points, previous.asOf, current.asOf) : null;
    if (change !== null) cachedReturns.set(leaver.ticker, change);
  }
  // Market caps as the current list's universe has them: the latest one when the current list is the newest.
  const latest = loadUniverse(db, fund);
  const universe = latest?.holdingsSnapshot.id === picked.current.snapshot.id ? latest : loadUniverse(db, fund, current.asOf);
  const marketCapsUsd = new Map<string, number>();
  for (const member of universe?.members ?? []) {
    const cap = memberFigures(member).marketCapUsd;
    const ticker = normaliseSymbol(member.ticker);
    if (cap !== null && ticker) marketCapsUsd.set(ticker, cap);
  }
  return classifyEvictions({ previous, current, larger: largerLists(db, previous.asOf, current.asOf), cachedReturns, marketCapsUsd });
}

/** The YYYY-MM-DD date `days` days after (before, when negative) `date`. */
export function shiftDays(date: string, days: number): string {
  return new Date(Date.parse(date) + days * 86_400_000).toISOString().slice(0, 10);
}
