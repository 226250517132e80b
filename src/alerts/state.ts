// What the alert rules and the digest look at, as plain data. The runtime builds it from the stores and metrics
// (loadAlertState); tests build it by hand.
import type { Evictions } from '../metrics/evictions.js';
import type { Positioning } from '../metrics/positioning.js';
import type { AltmanZone, DailyClose } from '../store/alerts/memory.js';
import type { OddsPoint } from '../store/odds.js';
import type { SnapshotSource } from '../store/snapshots.js';

export interface MemberZone {
  ticker: string;
  name: string;
  zone: AltmanZone | null;
}

export interface AlertState {
  /** The configured odds series (e.g. "Donald Trump — presidential-election-winner-2024"), oldest point first. */
  odds: { series: string; points: OddsPoint[] };
  /** Daily closes, oldest first. */
  iwmCloses: DailyClose[];
  spyCloses: DailyClose[];
  /**
   * The 30-day correlation of IWM daily returns with daily odds changes: `now` at `asOfDate`, `previous` at the
   * trading day before. Rules compare `now` with what the server saw at its previous check, else with `previous`.
   */
  trumpTradeCorrelation30d: { now: number | null; previous: number | null; asOfDate: string | null };
  /** Every member of the fund with its Altman zone. */
  members: MemberZone[];
  /** ISO 8601 time of the last successful (complete) ingest per source; null or absent when never. */
  lastIngestAt: Partial<Record<SnapshotSource, string | null>>;
  /** The dates (YYYY-MM-DD) the data describes. */
  asOf: { odds: string | null; prices: string | null; fundamentals: string | null };
  /** Evictions between the newest kept IWM list and the one just before it, when that was a reconstitution. */
  reconstitution?: Evictions | null;
  /** The newest COT report's positioning (Russell 2000 futures); null or absent without one. */
  positioning?: Positioning | null;
  /** Leveraged funds' net in the newest report against the one before, E-mini equivalents and as a share of open interest. */
  leveragedMove?: { reportDate: string; previousDate: string; move: number; share: number } | null;
}
