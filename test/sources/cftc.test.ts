import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { zipSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { parseCotJson, tffPageUrl } from '../../src/sources/cftc/api.js';
import { parseCotFile } from '../../src/sources/cftc/file.js';
import { fieldKey } from '../../src/sources/cftc/records.js';
import { parseCotText } from '../../src/sources/cftc/text.js';

const fixturePath = (name: string) => fileURLToPath(new URL(`../fixtures/cot/${name}`, import.meta.url));
const fixture = (name: string) => readFileSync(fixturePath(name), 'utf8');
const TFF_2026 = fixture('FinFutYY_2026_sarafano_russell-lines.txt');
const TFF_2022 = fixture('FinFutYY_2022_awesome-ai-bot_russell-q1-lines.txt');
const LEGACY_2026 = fixture('annual_2026_JPow_russell-lines.txt');
const SELECTED_JSON = fixture('gpe5-46if_select_239742_ko-aggregator.json');
const FULL_ROW_JSON = fixture('gpe5-46if_full-row_23977A_2008-07-22_ko-aggregator.json');

describe('fieldKey', () => {
  it('spells the text headers and the API fields alike', () => {
    expect(fieldKey('Report_Date_as_YYYY-MM-DD')).toBe(fieldKey('report_date_as_yyyy_mm_dd'));
    expect(fieldKey('Open Interest (All)')).toBe(fieldKey('Open_Interest_All'));
  });
});

describe('parseCotText (TFF)', () => {
  it('reads the Russell contracts of a real FinFutYY.txt by code, skipping the Russell 1000 value contract', () => {
    const parsed = parseCotText(TFF_2026, 'FinFutYY.txt');
    expect(parsed.layout).toBe('tff');
    expect(parsed.otherRows).toBe(11); // the 239744 Russell 1000 Value lines
    expect(parsed.rows).toHaveLength(22);
    expect(parsed.rows.map((r) => r.code)).toEqual(expect.arrayContaining(['239742', '239747']));
    // The roll week: open interest jumps from 402,664 to 481,226 on 2026-03-17.
    const rty = parsed.rows.filter((r) => r.code === '239742');
    expect(rty.at(-2)).toMatchObject({ reportDate: '2026-03-10', openInterest: 402_664 });
    expect(rty.at(-1)).toEqual({
      reportDate: '2026-03-17',
      code: '239742',
      market: 'RUSSELL E-MINI - CHICAGO MERCANTILE EXCHANGE',
      openInterest: 481_226,
      dealerLong: 103_829,
      dealerShort: 91_418,
      dealerSpread: 32_054,
      assetMgrLong: 160_372,
      assetMgrShort: 116_152,
      assetMgrSpread: 28_283,
      levLong: 75_598,
      levShort: 129_576,
      levSpread: 48_697,
      otherLong: 2_033,
      otherShort: 6_221,
      otherSpread: expect.any(Number),
      noncommLong: null,
      noncommShort: null,
      noncommSpread: null,
      commLong: null,
      commShort: null,
      nonreptLong: expect.any(Number),
      nonreptShort: expect.any(Number),
    });
  });

  it('selects by code across the Feb 2022 name change', () => {
    const rows = parseCotText(TFF_2022, 'FinFutYY.txt').rows.filter((r) => r.code === '239742');
    expect(rows).toHaveLength(13);
    expect(rows[0]).toMatchObject({ reportDate: '2022-01-04', market: 'E-MINI RUSSELL 2000 INDEX - CHICAGO MERCANTILE EXCHANGE' });
    expect(rows.find((r) => r.reportDate === '2022-02-08')?.market).toBe('RUSSELL E-MINI - CHICAGO MERCANTILE EXCHANGE');
  });

  it('refuses a file cut inside a line, and a file of no Russell contract', () => {
    const lines = TFF_2026.split('\n');
    const cut = [...lines.slice(0, 5), lines[5]!.slice(0, 120)].join('\n');
    expect(() => parseCotText(cut, 'FinFutYY.txt')).toThrow(/FinFutYY.txt line 6: expected 87 columns, got \d+ \(file cut short\?\); nothing stored/);
    const otherOnly = lines.filter((line, i) => i === 0 || line.includes(',239744,')).join('\n');
    expect(() => parseCotText(otherOnly, 'FinFutYY.txt')).toThrow(/no rows for the Russell 2000 contracts \(codes 239742, 239747, 23977A\)/);
  });

  it('refuses a Russell line whose leveraged-fund position is no number, naming the line', () => {
    const lines = TFF_2026.split('\n');
    const cells = lines[1]!.split(',');
    cells[14] = '  12x45';
    expect(() => parseCotText([lines[0], cells.join(',')].join('\n'), 'FinFutYY.txt')).toThrow(
      /FinFutYY.txt line 2: lev money positions long all: "12x45" is not a number of contracts/,
    );
  });

  it('refuses the futures-and-options combined report (FutOnly_or_Combined = Combined), naming the line', () => {
    // FinComYY.txt has the same columns; its last cell says "Combined" and its positions include options' deltas.
    const lines = TFF_2026.split('\n');
    expect(lines[1]!.trimEnd().endsWith(',"FutOnly"')).toBe(true);
    const combined = [lines[0], lines[1]!.replace(/,"FutOnly"(\r?)$/, ',"Combined"$1'), ''].join('\n');
    expect(() => parseCotText(combined, 'FinComYY.txt')).toThrow(
      'FinComYY.txt line 2: a futures-and-options combined report: positioning follows the futures-only one (FinFutYY.txt, API dataset gpe5-46if)',
    );
    expect(() => parseCotJson(JSON.parse(FULL_ROW_JSON.replace('"FutOnly"', '"Combined"')), 'api')).toThrow(
      /api row 1: a futures-and-options combined report/,
    );
  });

  it('refuses what is no COT layout', () => {
    expect(() => parseCotText('Date,Close\n2024-01-02,1\n', 'prices.csv')).toThrow(/prices.csv line 1: not a Commitments of Traders layout/);
    expect(() => parseCotText('<!doctype html><p>blocked', 'x')).toThrow(/HTML page/);
  });
});

describe('parseCotText (legacy)', () => {
  it('reads open interest and the commercial / non-commercial split of a real annual.txt; no TFF split', () => {
    const parsed = parseCotText(LEGACY_2026, 'annual.txt');
    expect(parsed.layout).toBe('legacy');
    expect(parsed.otherRows).toBe(2);
    const rty = parsed.rows.find((r) => r.code === '239742' && r.reportDate === '2026-01-13');
    expect(rty).toMatchObject({
      openInterest: 397_732,
      noncommLong: 80_925,
      noncommShort: 69_488,
      noncommSpread: 20_639,
      commLong: 264_701,
      commShort: 289_088,
      nonreptLong: 31_467,
      nonreptShort: 18_517,
      levLong: null,
      assetMgrLong: null,
    });
    // The micro's week without a previous report writes '.' for every change: those columns are not read.
    expect(parsed.rows.find((r) => r.code === '239747' && r.reportDate === '2026-01-06')?.openInterest).toBe(22_658);
  });
});

describe('parseCotJson', () => {
  it('reads rows of the fields asked for ($select) by name, across the name change', () => {
    const parsed = parseCotJson(JSON.parse(SELECTED_JSON), 'api');
    expect(parsed.layout).toBe('tff');
    expect(parsed.rows.map((r) => r.reportDate)).toEqual(['2018-11-06', '2018-11-13', '2026-08-18', '2026-08-25', '2026-09-01', '2026-09-08']);
    expect(parsed.rows.at(-1)).toMatchObject({
      code: '239742',
      openInterest: 431_147,
      levLong: 59_759,
      levShort: 169_906,
      assetMgrLong: 157_704,
      assetMgrShort: 134_140,
    });
    expect(parsed.rows[0]?.market).toBe('E-MINI RUSSELL 2000 INDEX - CHICAGO MERCANTILE EXCHANGE');
  });

  it('reads a whole API row (every field, Contract_Units ignored) of the ICE mini', () => {
    const [row] = parseCotJson(JSON.parse(FULL_ROW_JSON), 'api').rows;
    expect(row).toMatchObject({
      reportDate: '2008-07-22',
      code: '23977A',
      openInterest: 20_183,
      levLong: 1_807,
      levShort: 11_909,
      assetMgrLong: 10_238,
      assetMgrShort: 0,
    });
  });

  it('answers nothing for an empty page and refuses a body that is not rows', () => {
    expect(parseCotJson([], 'api')).toEqual({ layout: null, rows: [], count: 0 });
    expect(() => parseCotJson({ error: true, message: 'Invalid SoQL' }, 'api')).toThrow(
      /api: unexpected response: \(top level\): expected a JSON array of rows/,
    );
    expect(() =>
      parseCotJson(
        [
          {
            report_date_as_yyyy_mm_dd: 'soon',
            cftc_contract_market_code: '239742',
            open_interest_all: '1',
            lev_money_positions_long: '1',
            lev_money_positions_short: '1',
            asset_mgr_positions_long: '1',
            asset_mgr_positions_short: '1',
          },
        ],
        'api',
      ),
    ).toThrow(/api row 1: report date "soon" is not YYYY-MM-DD/);
  });

  it('asks only for the weeks after the newest stored, the Russell codes, a page at a time', () => {
    const url = new URL(tffPageUrl('https://publicreporting.cftc.gov', '2026-09-08', 1000));
    expect(url.pathname).toBe('/resource/gpe5-46if.json');
    expect(url.searchParams.get('$where')).toBe(
      "cftc_contract_market_code in('239742','239747','23977A') AND report_date_as_yyyy_mm_dd > '2026-09-08T00:00:00.000'",
    );
    expect(url.searchParams.get('$offset')).toBe('1000');
    expect(url.searchParams.get('$select')?.split(',')).toContain('lev_money_positions_long');
  });
});

describe('parseCotFile', () => {
  it('reads a saved API response that starts with a byte order mark', () => {
    const file = parseCotFile(Buffer.from(`\uFEFF${SELECTED_JSON}`, 'utf8'), 'gpe5-46if.json');
    expect(file.layouts.map((l) => [l.layout, l.rows.length])).toEqual([['tff', parseCotJson(JSON.parse(SELECTED_JSON), 'api').rows.length]]);
  });

  it('reads a zip of text files, each by its own layout', () => {
    const zip = Buffer.from(zipSync({ 'FinFutYY.txt': strToU8(TFF_2026), 'annual.txt': strToU8(LEGACY_2026) }));
    const file = parseCotFile(zip, 'cot.zip');
    expect(file.parts).toEqual(['annual.txt', 'FinFutYY.txt']);
    expect(file.layouts.map((l) => [l.layout, l.rows.length, l.otherRows])).toEqual([
      ['legacy', 4, 2],
      ['tff', 22, 11],
    ]);
  });

  it("refuses the legacy futures-and-options combined file by the CFTC's name for it (no column says so)", () => {
    const combined = /a futures-and-options combined report, by its CFTC file name/;
    expect(() => parseCotFile(Buffer.from(LEGACY_2026), 'annualof.txt')).toThrow(combined);
    expect(() => parseCotFile(Buffer.from(zipSync({ 'annualof.txt': strToU8(LEGACY_2026) })), 'cot.zip')).toThrow(
      /^COT file cot.zip: annualof.txt: a futures-and-options combined report/,
    );
    expect(() => parseCotFile(Buffer.from(zipSync({ 'annual.txt': strToU8(LEGACY_2026) })), 'deahistfo2026.zip')).toThrow(combined);
    expect(parseCotFile(Buffer.from(LEGACY_2026), 'annual.txt').layouts[0]?.rows).toHaveLength(4);
  });

  it('refuses a damaged zip in one line, and reads a saved API response', () => {
    const zip = Buffer.from(zipSync({ 'FinFutYY.txt': strToU8(TFF_2026) }));
    expect(() => parseCotFile(zip.subarray(0, zip.length - 40), 'fut_fin_txt_2026.zip')).toThrow(
      /^COT file fut_fin_txt_2026.zip: damaged zip \(.+\); nothing stored$/,
    );
    expect(parseCotFile(Buffer.from(SELECTED_JSON), 'saved.json').layouts[0]?.rows).toHaveLength(6);
  });

  it('refuses two files that disagree on a week', () => {
    const changed = TFF_2026.replace('  481226,', '  481227,');
    const zip = Buffer.from(zipSync({ 'a.txt': strToU8(TFF_2026), 'b.txt': strToU8(changed) }));
    expect(() => parseCotFile(zip, 'two.zip')).toThrow(/contract 239742 is listed twice for 2026-03-17 with different positions/);
  });
});
