import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { eminiEquivalents, leveragedMoveShare, positioning, reportNear, weeklyPositions } from '../../src/metrics/positioning.js';
import { parseCotText } from '../../src/sources/cftc/text.js';

const text = (name: string) => readFileSync(new URL(`../fixtures/cot/${name}`, import.meta.url), 'utf8');
/** Real TFF rows of RTY and M2K, 2026-01-06 … 2026-03-17 (the March roll in the last week). */
const WEEKS_2026 = weeklyPositions(parseCotText(text('FinFutYY_2026_sarafano_russell-lines.txt'), 'FinFutYY.txt').rows);
/** Real TFF rows, Q1 2022: RTY every week, M2K reported only on 2022-03-15. */
const WEEKS_2022 = weeklyPositions(parseCotText(text('FinFutYY_2022_awesome-ai-bot_russell-q1-lines.txt'), 'FinFutYY.txt').rows);

describe('E-mini equivalents', () => {
  it('are contracts × multiplier ÷ $50: the micro ÷ 10, the ICE mini × 2', () => {
    expect(eminiEquivalents(10_871, 5)).toBeCloseTo(1_087.1, 9);
    expect(eminiEquivalents(1_807, 100)).toBe(3_614);
    expect(eminiEquivalents(75_598, 50)).toBe(75_598);
  });

  it('sum RTY and M2K each week (hand-checked 2026-03-17)', () => {
    const last = WEEKS_2026.at(-1)!;
    expect(last.codes).toEqual(['239742', '239747']);
    // 481,226 + 42,742 ÷ 10; leveraged long 75,598 + 4,355 ÷ 10, short 129,576 + 10,871 ÷ 10.
    expect(last.openInterest).toBeCloseTo(485_500.2, 6);
    expect(last.leveraged.long).toBeCloseTo(76_033.5, 6);
    expect(last.leveraged.short).toBeCloseTo(130_663.1, 6);
    expect(last.assetManagers).toEqual({ long: expect.closeTo(161_285.1, 6), short: 116_152 });
  });
});

describe('positioning', () => {
  const p = positioning(WEEKS_2026, { since: '2026-01-06' })!;

  it('gives nets, shares of open interest and changes (hand-checked with python on the real rows)', () => {
    expect(p.reportDate).toBe('2026-03-17');
    expect(p.code).toBe('239742+239747');
    expect(p.openInterest).toBeCloseTo(485_500.2, 6);
    expect(p.leveraged.net).toBeCloseTo(-54_629.6, 6);
    expect(p.leveraged.netShare).toBeCloseTo(-54_629.6 / 485_500.2, 12); // −11.25 %
    expect(p.assetManagers.net).toBeCloseTo(45_133.1, 6);
    expect(p.assetManagers.netShare).toBeCloseTo(0.09296, 5);
    // 1 week: −54,629.6 − (−43,270.5); 4 weeks (2026-02-17): −54,629.6 − (−26,111.7).
    expect(p.leveraged.change['1']).toBeCloseTo(-11_359.1, 6);
    expect(p.leveraged.change['4']).toBeCloseTo(-28_517.9, 6);
    expect(p.assetManagers.change['1']).toBeCloseTo(-388.9, 6);
    expect(p.assetManagers.change['4']).toBeCloseTo(-11_890.9, 6);
    // The file starts on 2026-01-06: 13 and 52 weeks back were not reported in it.
    expect(p.leveraged.change['13']).toBeNull();
    expect(p.leveraged.change['52']).toBeNull();
    expect(p.since).toEqual({ date: '2026-01-06', reportDate: '2026-01-06' });
    expect(p.leveraged.changeSince).toBeCloseTo(-54_629.6 - -14_775.7, 6);
  });

  it('ranks the net among the other weeks of the window, ties counting half', () => {
    // Leveraged funds' −54,629.6 is below all ten earlier weeks; asset managers' 45,133.1 is above 4 of 10.
    expect(p.leveraged).toMatchObject({ pctile1y: 0, weeks1y: 10, pctile3y: 0, weeks3y: 10 });
    expect(p.assetManagers).toMatchObject({ pctile1y: 0.4, weeks1y: 10 });
  });

  it('takes the year before 29 February from 28 February, as the other yearly windows do', () => {
    const week = (reportDate: string, net: number) => ({
      reportDate,
      codes: ['239742'],
      openInterest: 400_000,
      leveraged: { long: 100_000 + net, short: 100_000 },
      assetManagers: { long: 0, short: 0 },
    });
    // 2027-03-01 (a Monday report, a holiday week) lies after 2027-02-28: inside the year before 2028-02-29.
    const p = positioning([week('2027-03-01', -5_000), week('2028-02-29', 1_000)])!;
    expect(p.leveraged).toMatchObject({ weeks1y: 1, pctile1y: 1 });
  });

  it('counts the since-changes from the newest report on or before the date given, and stops at asOf', () => {
    expect(positioning(WEEKS_2026, { since: '2026-01-12' })!.since).toEqual({ date: '2026-01-12', reportDate: '2026-01-06' });
    expect(positioning(WEEKS_2026, { since: '2025-12-01' })!.since).toBeNull();
    expect(positioning(WEEKS_2026, { asOf: '2026-03-16' })!.reportDate).toBe('2026-03-10');
    expect(positioning([], {})).toBeNull();
  });

  it('takes a week without the micro as the E-mini alone (a missing week), and a report within 3 days for a holiday week', () => {
    expect(WEEKS_2022.map((w) => w.codes.join('+'))).toEqual([...Array(10).fill('239742'), '239742+239747', '239742', '239742']);
    expect(reportNear(WEEKS_2022, '2022-03-14')?.reportDate).toBe('2022-03-15');
    expect(reportNear(WEEKS_2022, '2021-12-30')).toBeNull();
  });
});

describe('leveraged funds move in one report', () => {
  it('is (net − previous net) ÷ open interest', () => {
    const move = leveragedMoveShare(WEEKS_2026)!;
    expect(move).toMatchObject({ reportDate: '2026-03-17', previousDate: '2026-03-10' });
    expect(move.move).toBeCloseTo(-11_359.1, 6);
    expect(move.share).toBeCloseTo(-11_359.1 / 485_500.2, 12); // −2.34 % of open interest
  });

  it('is no move in one report when the week before is not kept', () => {
    // Without 2026-03-10, the newest report (2026-03-17) would be set against 2026-03-03, two weeks apart.
    const gap = WEEKS_2026.filter((w) => w.reportDate !== '2026-03-10');
    expect(leveragedMoveShare(gap)).toBeNull();
  });
});
