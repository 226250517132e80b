// Screener export ingest: fetch one export CSV, parse and validate all of it, then write it as one snapshot
// whose subject is the file name (re-ingesting the same file replaces it; other files stay alongside).
import { insertScreenRows } from '../store/screen.js';
import { completeSnapshot, withSnapshot } from '../store/snapshots.js';
import { parseScreenExport, screenFileName } from '../sources/screen.js';
import { fetchText, SourceError } from '../sources/http.js';
import type { IngestContext, IngestSummary } from './context.js';

/**
 * Ingests one screener export from a local path, file:// URL or http(s) URL. `asOf` (YYYY-MM-DD) dates it, so
 * the export can serve as an index membership list for evictions (exports carry no date of their own).
 */
export async function ingestScreen(ctx: IngestContext, location: string, asOf: string | null = null): Promise<IngestSummary> {
  const fileName = screenFileName(location);
  const source = `screener export ${fileName}`;
  const text = await fetchText(location, { source, timeoutMs: ctx.config.HTTP_TIMEOUT_MS, clock: ctx.clock });
  if (text === null) throw new SourceError(source, `nothing at ${location}`);
  const file = parseScreenExport(text, fileName);
  withSnapshot(ctx.db, { source: 'screen', subject: fileName, origin: location, asOf, demo: ctx.demo }, (snapshotId) => {
    insertScreenRows(ctx.db, snapshotId, file.rows);
    completeSnapshot(ctx.db, snapshotId, { rowCount: file.rows.length, note: file.note });
  });
  return {
    source: 'screen',
    subject: fileName,
    rows: file.rows.length,
    asOf,
    failures: [],
    ...(file.note ? { note: file.note } : {}),
  };
}
