// What the parts of `npm run bench` share: percentiles and units, the bot's resident memory, and the deterministic mix
// of interactions members send.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..');

/** The p-th percentile (nearest rank) of values, in their unit. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export const ms = (value: number) => (value < 10 ? value.toFixed(2) : value.toFixed(0));
export const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

/** Deterministic uniform numbers in (0, 1) (Park–Miller), so every run sends the same mix. */
function uniformSource(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 16807) % 2147483647;
    return state / 2147483647;
  };
}

// ---- The mix -------------------------------------------------------------------------------------------------

export interface Step {
  label: string;
  command: string;
  subcommand?: string;
  options?: Record<string, string>;
  /** The option being typed, for an autocomplete interaction. */
  focused?: string;
}

export const ZOMBIE_VIEWS = ['summary', 'health', 'valuation', 'returns', 'sectors', 'trump', 'seasonality', 'compare'];
const UNKNOWN = ['ZZZZQ', 'INSMX', 'AAPLE', 'QQQQ', 'XYZ1'];

/** A quarter /ticker <member>, a quarter /zombie summary, some other /zombie views, autocomplete, unknown symbols. */
export function mixedSteps(count: number, members: readonly string[], seed: number): Step[] {
  const uniform = uniformSource(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(uniform() * list.length)]!;
  return Array.from({ length: count }, (): Step => {
    const u = uniform();
    if (u < 0.25) return { label: '/ticker <member>', command: 'ticker', options: { symbol: pick(members) } };
    if (u < 0.5) return { label: '/zombie summary', command: 'zombie', subcommand: 'summary' };
    if (u < 0.6) return { label: '/zombie returns', command: 'zombie', subcommand: 'returns' };
    if (u < 0.7) return { label: '/zombie <view>', command: 'zombie', subcommand: pick(ZOMBIE_VIEWS) };
    if (u < 0.9) return { label: 'autocomplete', command: 'ticker', focused: 'symbol', options: { symbol: pick(members).slice(0, 2) } };
    return { label: '/ticker <unknown>', command: 'ticker', options: { symbol: pick(UNKNOWN) } };
  });
}

/** Resident memory of a process and of its children (the chart workers), from /proc (Linux). */
export function rss(pid: number): { bot: number; workers: number } {
  const read = (p: number) => {
    try {
      const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${p}/status`, 'utf8'));
      return match ? Number(match[1]) * 1024 : 0;
    } catch {
      return 0;
    }
  };
  let children: number[] = [];
  try {
    children = readdirSync(`/proc/${pid}/task`).flatMap((task) =>
      readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number),
    );
  } catch {
    children = [];
  }
  return { bot: read(pid), workers: children.reduce((sum, child) => sum + read(child), 0) };
}
