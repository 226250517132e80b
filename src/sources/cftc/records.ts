// What every CFTC Commitments of Traders format shares: fields found by name, whatever the spelling. The yearly text
// files write `Lev_Money_Positions_Long_All` (TFF) or `Noncommercial Positions-Long (All)` (legacy), the public
// reporting API `lev_money_positions_long`; names are compared after lower-casing and turning every run of other
// characters into one space, and each field lists the names it goes by.
// Decisions:
//   - contracts are selected by code (RUSSELL_CODES), never by market name; rows of other codes are skipped;
//   - the layout is told by the fields present: TFF has leveraged-fund positions, legacy non-commercial ones;
//   - the report date is 'YYYY-MM-DD' (text) or 'YYYY-MM-DDT00:00:00.000' (API), a real calendar date;
//   - the futures-only report is read; a row of the futures-and-options combined report (FinComYY.txt, dataset
//     yw9f-hn96: `FutOnly_or_Combined` = Combined, its positions including options' deltas) refuses the input;
//   - positions are whole numbers of contracts; a required one that is blank or no number refuses the input
//     (naming where); an optional one ('.', blank) is null;
//   - a contract listed twice for one week is kept once when the two agree and refuses the input when not.
import { RUSSELL_CODES } from '../../core/futures.js';
import type { CotLayout, CotRow } from '../../store/cot.js';
import { SourceError } from '../http.js';

/** Lower case, every run of characters other than letters and digits one space: `Open Interest (All)` → `open interest all`. */
export function fieldKey(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

type NumberField = Exclude<keyof CotRow, 'reportDate' | 'code' | 'market'>;

/** Each field's names (as fieldKey writes them) and whether a row of its layout must have it. */
const FIELDS = {
  reportDate: ['report date as yyyy mm dd', 'as of date in form yyyy mm dd'],
  code: ['cftc contract market code'],
  market: ['market and exchange names'],
  futOnlyOrCombined: ['futonly or combined'],
} as const;

const NUMBERS: Record<NumberField, { names: string[]; layout: CotLayout | 'both'; required: boolean }> = {
  openInterest: { names: ['open interest all'], layout: 'both', required: true },
  dealerLong: { names: ['dealer positions long all', 'dealer positions long'], layout: 'tff', required: false },
  dealerShort: { names: ['dealer positions short all', 'dealer positions short'], layout: 'tff', required: false },
  dealerSpread: { names: ['dealer positions spread all', 'dealer positions spread'], layout: 'tff', required: false },
  assetMgrLong: { names: ['asset mgr positions long all', 'asset mgr positions long'], layout: 'tff', required: true },
  assetMgrShort: { names: ['asset mgr positions short all', 'asset mgr positions short'], layout: 'tff', required: true },
  assetMgrSpread: { names: ['asset mgr positions spread all', 'asset mgr positions spread'], layout: 'tff', required: false },
  levLong: { names: ['lev money positions long all', 'lev money positions long'], layout: 'tff', required: true },
  levShort: { names: ['lev money positions short all', 'lev money positions short'], layout: 'tff', required: true },
  levSpread: { names: ['lev money positions spread all', 'lev money positions spread'], layout: 'tff', required: false },
  otherLong: { names: ['other rept positions long all', 'other rept positions long'], layout: 'tff', required: false },
  otherShort: { names: ['other rept positions short all', 'other rept positions short'], layout: 'tff', required: false },
  otherSpread: { names: ['other rept positions spread all', 'other rept positions spread'], layout: 'tff', required: false },
  noncommLong: { names: ['noncommercial positions long all', 'noncomm positions long all'], layout: 'legacy', required: true },
  noncommShort: { names: ['noncommercial positions short all', 'noncomm positions short all'], layout: 'legacy', required: true },
  noncommSpread: {
    // The API's legacy dataset spells it `noncomm_postions_spread_all`.
    names: ['noncommercial positions spreading all', 'noncomm positions spread all', 'noncomm postions spread all'],
    layout: 'legacy',
    required: false,
  },
  commLong: { names: ['commercial positions long all', 'comm positions long all'], layout: 'legacy', required: true },
  commShort: { names: ['commercial positions short all', 'comm positions short all'], layout: 'legacy', required: true },
  nonreptLong: { names: ['nonrept positions long all', 'nonreportable positions long all'], layout: 'both', required: false },
  nonreptShort: { names: ['nonrept positions short all', 'nonreportable positions short all'], layout: 'both', required: false },
};

/** Which field sits where: an index into a text line's cells, or a key of an API row. */
export type FieldLocator<K> = Record<keyof CotRow | keyof typeof FIELDS, K | null>;

/** Tells the layout from the field names present and locates each field; throws when it is no COT layout. */
export function locateFields<K>(names: readonly [key: K, name: string][], source: string): { layout: CotLayout; at: FieldLocator<K> } {
  const find = (wanted: readonly string[]): K | null => names.find(([, name]) => wanted.includes(fieldKey(name)))?.[0] ?? null;
  const at = {} as FieldLocator<K>;
  for (const [field, wanted] of Object.entries(FIELDS)) at[field as keyof typeof FIELDS] = find(wanted);
  for (const [field, spec] of Object.entries(NUMBERS)) at[field as NumberField] = find(spec.names);
  const layout: CotLayout | null = at.levLong !== null ? 'tff' : at.noncommLong !== null ? 'legacy' : null;
  if (layout === null) {
    throw new SourceError(source, 'not a Commitments of Traders layout: no leveraged-fund (TFF) or non-commercial (legacy) positions');
  }
  const missing = [
    ...(['reportDate', 'code'] as const).filter((field) => at[field] === null).map((field) => FIELDS[field][0]),
    ...Object.entries(NUMBERS)
      .filter(([field, spec]) => spec.required && (spec.layout === 'both' || spec.layout === layout) && at[field as NumberField] === null)
      .map(([, spec]) => spec.names[0]),
  ];
  if (missing.length > 0) throw new SourceError(source, `${layout === 'tff' ? 'TFF' : 'legacy'} layout without ${missing.join(', ')}`);
  return { layout, at };
}

/** The row of a Russell contract read through the locator, or null for another contract. `where` names it in errors. */
export function readCotRow<K>(layout: CotLayout, at: FieldLocator<K>, cell: (key: K) => string | undefined, where: string): CotRow | null {
  const text = (field: keyof FieldLocator<K>) => {
    const key = at[field];
    return key === null ? '' : (cell(key) ?? '').trim();
  };
  const code = text('code').toUpperCase();
  if (!RUSSELL_CODES.includes(code)) return null;
  if (text('futOnlyOrCombined').toLowerCase() === 'combined') {
    throw new SourceError(
      where,
      'a futures-and-options combined report: positioning follows the futures-only one (FinFutYY.txt, API dataset gpe5-46if)',
    );
  }
  const numbers = Object.fromEntries(
    (Object.entries(NUMBERS) as [NumberField, (typeof NUMBERS)[NumberField]][]).map(([field, spec]) => {
      const mine = spec.layout === 'both' || spec.layout === layout;
      return [field, mine ? contracts(text(field), spec.required, `${where}: ${spec.names[0]}`) : null];
    }),
  ) as Record<NumberField, number | null>;
  // Open interest is required in both layouts, so contracts() returned a number for it.
  return { reportDate: reportDate(text('reportDate'), where), code, market: text('market'), ...numbers, openInterest: numbers.openInterest! };
}

function reportDate(text: string, where: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})(T00:00:00(\.000)?)?$/.exec(text);
  const date = match?.[1];
  if (!date || new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) !== date) {
    throw new SourceError(where, `report date "${text.slice(0, 30)}" is not YYYY-MM-DD`);
  }
  return date;
}

function contracts(text: string, required: boolean, where: string): number | null {
  if (/^-?\d+$/.test(text)) return Number(text);
  if (!required && (text === '' || text === '.')) return null;
  throw new SourceError(where, `"${text.slice(0, 20)}" is not a number of contracts`);
}

/** Keeps one row per contract and week: an exact repeat is dropped, a conflicting one refuses the input. */
export function uniqueRows(rows: readonly CotRow[], source: string): CotRow[] {
  const seen = new Map<string, CotRow>();
  for (const row of rows) {
    const key = `${row.reportDate} ${row.code}`;
    const before = seen.get(key);
    if (before === undefined) seen.set(key, row);
    else if (JSON.stringify({ ...before, market: '' }) !== JSON.stringify({ ...row, market: '' })) {
      throw new SourceError(source, `contract ${row.code} is listed twice for ${row.reportDate} with different positions`);
    }
  }
  return [...seen.values()].sort((a, b) => a.reportDate.localeCompare(b.reportDate) || a.code.localeCompare(b.code));
}
