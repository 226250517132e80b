// What every ingest job receives, and the one-line summary it returns.
import type { Clock } from '../core/clock.js';
import type { Config } from '../config.js';
import type { Db } from '../store/db.js';
import type { Progress } from './progress.js';

export interface IngestContext {
  db: Db;
  config: Config;
  /** Reports per-item progress (the SEC step); a no-op outside a terminal. */
  progress: (total: number, label: string) => Progress;
  /** One human-readable line (warnings, per-company failures). */
  log: (line: string) => void;
  /** Marks everything written as generated demo data. */
  demo?: boolean;
  /** Paces requests and waits between retries (default the system clock; tests pass a virtual one). */
  clock?: Clock;
}

export interface IngestSummary {
  source: 'holdings' | 'sec' | 'prices' | 'odds' | 'screen' | 'cot';
  /** What was ingested: fund, symbol, series or file name. */
  subject: string;
  /** Rows made visible (0 when the ingest failed). */
  rows: number;
  asOf: string | null;
  /** Items that failed without stopping the others, each naming the item and the reason. */
  failures: string[];
  note?: string;
  /** HTTP requests made (every attempt, retries included), where the source counts them. */
  requests?: number;
  /** Wall-clock time the step took. */
  elapsedMs?: number;
}

export function formatSummary(summary: IngestSummary): string {
  const asOf = summary.asOf ? ` as of ${summary.asOf}` : '';
  const failed = summary.failures.length > 0 ? `, ${summary.failures.length} failed` : '';
  const note = summary.note ? ` (${summary.note})` : '';
  return `${summary.source} ${summary.subject}: ${summary.rows.toLocaleString('en-US')} rows${asOf}${failed}${note}${formatCost(summary)}`;
}

/** Runs one ingest step; a single summary that does not time itself gets the step's wall-clock time. */
export async function timed(run: () => Promise<IngestSummary | IngestSummary[]>): Promise<IngestSummary[]> {
  const started = Date.now();
  const result = await run();
  return Array.isArray(result) ? result : [{ ...result, elapsedMs: result.elapsedMs ?? Date.now() - started }];
}

/** " — 41 requests in 5.2s": what a step cost, when known. */
function formatCost(summary: IngestSummary): string {
  const parts = [
    summary.requests === undefined ? null : `${summary.requests.toLocaleString('en-US')} request${summary.requests === 1 ? '' : 's'}`,
    summary.elapsedMs === undefined ? null : `${(summary.elapsedMs / 1000).toFixed(1)}s`,
  ].filter((part) => part !== null);
  return parts.length === 0 ? '' : ` — ${parts.join(' in ')}`;
}
