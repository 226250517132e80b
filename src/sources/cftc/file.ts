// A Commitments of Traders file as an operator downloads it: a yearly text file (TFF or legacy), the CFTC's zip of
// one (fut_fin_txt_YYYY.zip, deacotYYYY.zip; several text files in one zip are read alike), or a saved API
// response (a JSON array of rows). Read in full and validated before anything is stored: a bad file is refused
// with one line naming it.
import { unzipSync } from 'fflate';
import { parseJson, SourceError } from '../http.js';
import type { CotLayout, CotRow } from '../../store/cot.js';
import { parseCotJson } from './api.js';
import { checkedRows, parseCotText } from './text.js';
import { uniqueRows } from './records.js';

export const COT_FILE_SOURCE = 'COT file';

export interface CotFile {
  /** The rows by layout (a zip may hold both), each oldest week first, with the rows of other markets skipped. */
  layouts: { layout: CotLayout; rows: CotRow[]; otherRows: number }[];
  /** What was read: the zip's entries, or the file itself. */
  parts: string[];
}

const isZip = (bytes: Uint8Array) => bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;

/**
 * The CFTC's names for its futures-and-options combined files: annualof.txt (legacy, in deahistfoYYYY.zip), FinComYY.txt
 * (TFF, in com_fin_txt_YYYY.zip). A legacy file has no column saying which report it is (TFF has
 * FutOnly_or_Combined), so its name is all there is: a combined file's open interest counts options too.
 */
const COMBINED_NAME = /(^|[\\/])(annualof[^\\/]*|deahistfo[^\\/]*|fincom[^\\/]*|com_fin_[^\\/]*)$/i;

export function parseCotFile(bytes: Buffer, name: string): CotFile {
  const source = `${COT_FILE_SOURCE} ${name}`;
  refuseCombined(name, source);
  const parts = isZip(bytes) ? zipEntries(bytes, source) : [{ name, text: bytes.toString('utf8') }];
  const byLayout = new Map<CotLayout, { rows: CotRow[]; otherRows: number }>();
  for (const part of parts) {
    const where = parts.length > 1 || part.name !== name ? `${source}: ${part.name}` : source;
    refuseCombined(part.name, where);
    const parsed = /^\s*\[/.test(part.text) ? jsonPart(part.text, where) : parseCotText(part.text, where);
    const kept = byLayout.get(parsed.layout) ?? { rows: [], otherRows: 0 };
    byLayout.set(parsed.layout, { rows: [...kept.rows, ...parsed.rows], otherRows: kept.otherRows + parsed.otherRows });
  }
  const layouts = [...byLayout].map(([layout, { rows, otherRows }]) => ({ layout, rows: uniqueRows(rows, source), otherRows }));
  return { layouts, parts: parts.map((part) => part.name) };
}

function refuseCombined(name: string, where: string): void {
  if (COMBINED_NAME.test(name)) {
    throw new SourceError(
      where,
      'a futures-and-options combined report, by its CFTC file name: open interest and positioning follow the futures-only one (annual.txt in deacotYYYY.zip, FinFutYY.txt in fut_fin_txt_YYYY.zip, API dataset gpe5-46if)',
    );
  }
}

function jsonPart(text: string, source: string) {
  const parsed = parseCotJson(parseJson(text, source), source);
  if (parsed.layout === null) throw new SourceError(source, 'an empty array: no rows');
  return { layout: parsed.layout, rows: checkedRows(parsed.rows, source), otherRows: parsed.count - parsed.rows.length };
}

/** The zip's files (folders and macOS resource forks left out), decoded as UTF-8; a damaged zip is refused. */
function zipEntries(bytes: Buffer, source: string): { name: string; text: string }[] {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes);
  } catch (error) {
    throw new SourceError(source, `damaged zip (${(error as Error).message}); nothing stored`);
  }
  const entries = Object.entries(files)
    .filter(([entry]) => !entry.endsWith('/') && !entry.startsWith('__MACOSX/'))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([entry, data]) => ({ name: entry, text: Buffer.from(data).toString('utf8') }));
  if (entries.length === 0) throw new SourceError(source, 'the zip holds no file');
  return entries;
}
