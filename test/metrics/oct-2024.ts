// A small hand-made market: sixteen trading days of IWM and SPY closes and Trump odds, shared by the Trump-trade
// and event-study tests.
import type { OddsPoint, PricePoint } from '../../src/metrics/inputs.js';

const t = (iso: string) => Date.parse(iso) / 1000;

// Sixteen trading days (weekdays 2024-10-01 .. 10-22) with odds observed at 20:00 UTC each day except 10-10, which
// under the 21:00 UTC rule keeps 10-09's 58. The expected values below were computed independently with python3
// (plain loops over the same numbers: odds per day by the rule, log returns and odds changes on the trading-day
// index, shifted by one day for the lead/lag).
const OCT = [
  '2024-10-01',
  '2024-10-02',
  '2024-10-03',
  '2024-10-04',
  '2024-10-07',
  '2024-10-08',
  '2024-10-09',
  '2024-10-10',
  '2024-10-11',
  '2024-10-14',
  '2024-10-15',
  '2024-10-16',
  '2024-10-17',
  '2024-10-18',
  '2024-10-21',
  '2024-10-22',
];
const OCT_IWM = [200, 202, 201, 205, 204, 210, 208, 207, 212, 215, 214, 213, 218, 220, 219, 222];
const OCT_SPY = [500, 501, 503, 502, 506, 507, 505, 509, 510, 512, 511, 515, 516, 515, 518, 520];
const OCT_ODDS = [50, 52, 51, 55, 54, 60, 58, null, 57, 62, 70, 60, 66, 65, 64, 70];
const octPrices = (closes: number[]): PricePoint[] => OCT.map((date, i) => ({ date, close: closes[i]!, adjClose: null }));
export const OCT_IWM_POINTS = octPrices(OCT_IWM);
export const OCT_SPY_POINTS = octPrices(OCT_SPY);
export const OCT_ODDS_POINTS: OddsPoint[] = OCT.flatMap((date, i) =>
  OCT_ODDS[i] === null ? [] : [{ t: t(`${date}T20:00:00Z`), p: OCT_ODDS[i]! / 100 }],
);
