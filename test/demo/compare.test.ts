// `zombie compare --json` and /zombie compare on the demo data, every figure against an independent computation:
// test/demo/compare_check.py reads the bundled holdings and price CSVs and the generated SEC files and computes the
// figures again in python3 (it shares no code with the project); its output is written out below.
import { beforeAll, describe, expect, it } from 'vitest';
import type { CommandContext } from '../../src/bot/command.js';
import { loadConfig } from '../../src/config.js';
import { compareJson } from '../../src/metrics/compare.js';
import { limitViolations } from '../../src/render/limits.js';
import { replyToText } from '../../src/render/text.js';
import type { Db } from '../../src/store/db.js';
import { chooseFunds, loadComparison } from '../../src/universe/compare.js';
import * as zombie from '../../commands/zombie.js';
import { openDemoCopy } from '../support/demo-db.js';

let db: Db;
let json: ReturnType<typeof compareJson>;

beforeAll(async () => {
  db = await openDemoCopy();
  json = compareJson(loadComparison(db, ['IWM', 'IJR', 'IVV']));
}, 180_000);

/** python3 test/demo/compare_check.py (after npm run demo), per fund. */
const EXPECTED = {
  IWM: {
    asOf: '2024-07-11',
    members: 1983,
    negativeEps: { covered: 1981, count: 860 },
    altmanZ: { scored: 1493, distress: 304 },
    zombies: { covered: 1601, count: 682, excluded: 380, narrow: { covered: 1601, count: 459 } },
    fcf: { covered: 1981, positive: 1270, sbcOverHalf: 459 },
    smallRevenue: { covered: 1981, count: 1215 },
    dividendYield: 0.015851636976871978,
    pe: 26.287107603315494,
    peExLosses: 13.55348585735845,
    medianMarketCap: 798293226.0799999,
    returns: { '1y': 0.42438918930361025, '3y': 0.16793669450839976, '5y': 0.04427273260791886, '10y': 0.09520760625588354 },
  },
  IJR: {
    asOf: '2026-06-19',
    members: 605,
    negativeEps: { covered: 605, count: 137 },
    altmanZ: { scored: 438, distress: 81 },
    zombies: { covered: 478, count: 106, excluded: 127, narrow: { covered: 478, count: 72 } },
    fcf: { covered: 605, positive: 477, sbcOverHalf: 135 },
    smallRevenue: { covered: 605, count: 175 },
    dividendYield: 0.016928750489128886,
    pe: 21.702621509272433,
    peExLosses: 15.292789727508183,
    medianMarketCap: 2499045265.0800004,
    returns: { '1y': 0.3641687587236353, '3y': 0.13511877557066465, '5y': 0.04452475729133787, '10y': 0.09207965903552817 },
  },
  IVV: {
    asOf: '2025-05-08',
    members: 503,
    negativeEps: { covered: 503, count: 44 },
    altmanZ: { scored: 399, distress: 64 },
    zombies: { covered: 430, count: 34, excluded: 73, narrow: { covered: 430, count: 22 } },
    fcf: { covered: 503, positive: 445, sbcOverHalf: 123 },
    smallRevenue: { covered: 503, count: 0 },
    dividendYield: 0.01741002755940887,
    pe: 16.348029959051193,
    peExLosses: 15.043877240196828,
    medianMarketCap: 36039116584.8,
    returns: { '1y': 0.2903174576584977, '3y': 0.20155757955604603, '5y': 0.11565775380850862, '10y': 0.1331333409975437 },
  },
} as const;

const close = (value: number) => expect.closeTo(value, 9);

describe('zombie compare --json on the demo', () => {
  it('has exactly the contract keys, in the default order IWM, IJR, IVV', () => {
    expect(Object.keys(json)).toEqual(['funds', 'overlap', 'earningsRuleRemoves']);
    expect(json.funds.map((f) => f.fund)).toEqual(['IWM', 'IJR', 'IVV']);
    for (const fund of json.funds) {
      expect(Object.keys(fund)).toEqual([
        'fund',
        'asOf',
        'members',
        'negativeEps',
        'altmanZ',
        'zombies',
        'fcf',
        'smallRevenue',
        'dividendYield',
        'pe',
        'peExLosses',
        'forwardPe',
        'medianMarketCap',
        'returns',
      ]);
      expect(Object.keys(fund.returns)).toEqual(['1y', '3y', '5y', '10y']);
    }
    expect(Object.keys(json.earningsRuleRemoves!)).toEqual(expect.arrayContaining(['count', 'weight', 'negativeEps']));
  });

  it.each(Object.entries(EXPECTED))('matches the independent computation for %s', (symbol, expected) => {
    const fund = json.funds.find((f) => f.fund === symbol)!;
    const { dividendYield, pe, peExLosses, medianMarketCap, returns, ...counts } = expected;
    expect(fund).toMatchObject(counts);
    expect(fund.dividendYield).toEqual(close(dividendYield));
    expect(fund.pe).toEqual(close(pe));
    expect(fund.peExLosses).toEqual(close(peExLosses));
    expect(fund.medianMarketCap).toEqual(expect.closeTo(medianMarketCap, 2));
    // No screener column gives a forward P/E in the demo.
    expect(fund.forwardPe).toBeNull();
    // Price returns (the bundled IWM file has no adjusted closes) to 2026-05-01, IJR's and IVV's last day.
    for (const [key, value] of Object.entries(returns)) expect(fund.returns[key as keyof typeof returns]).toEqual(close(value));
  });

  it('gives the IWM / IJR overlap by ticker with each fund weight share', () => {
    // python3: 492 common tickers; 40.49 % of IWM's member weight, 77.30 % of IJR's.
    expect(json.overlap).toEqual({ funds: ['IWM', 'IJR'], count: 492, weight: { IWM: close(0.40488638648703845), IJR: close(0.7730346149964686) } });
  });

  it('counts what the earnings rule removes: IWM members outside IJR and IJH with negative EPS', () => {
    // python3: 1,393 of IWM's members are in neither (41.83 % of its weight); 1,391 have an EPS, 718 negative
    // (21.27 % of IWM's weight); of those 718, 612 non-financials have three evaluable years and 563 are BIS zombies.
    expect(json.earningsRuleRemoves).toMatchObject({
      count: 718,
      weight: close(0.21274884375628653),
      negativeEps: { covered: 1391, count: 718 },
      outside: { count: 1393, weight: close(0.41825859642067237) },
      lists: ['IJR', 'IJH'],
      health: { zombies: { covered: 612, count: 563 } },
    });
  });
});

describe('/zombie compare on the demo', () => {
  let context: CommandContext;
  beforeAll(() => {
    context = { db, config: loadConfig({}), now: () => new Date('2026-07-01T12:00:00Z') };
  });
  const request = (options: Record<string, string> = {}) => ({
    command: 'zombie',
    subcommand: 'compare',
    options,
    guildId: null,
    channelId: null,
    userId: 'u',
    memberPermissions: null,
  });

  it('shows each fund with coverage, the earnings rule, the overlap and a chart, within Discord limits', async () => {
    const reply = await zombie.execute(request(), context);
    expect(limitViolations(reply.embeds ?? [])).toEqual([]);
    const text = replyToText(reply);
    expect(text).toContain('IWM vs IJR vs IVV');
    expect(text).toContain('Negative EPS: 43.4% of 1,981');
    expect(text).toContain('BIS zombies: 22.2% of 478 (127 financials out)');
    expect(text).toContain('P/E: 16.3 (503) · ex losses 15.0 (459)');
    expect(text).toContain('Removed: 718 members, 21.3% of IWM');
    expect(text).toContain('IWM and IJR share 492 members');
    expect(text).toContain('price returns of the ETFs to 2026-05-01');
    expect(text).toContain('DEMO DATA');
    expect(reply.files?.map((f) => f.name)).toEqual(['compare.png']);
  });

  it('compares the funds asked for, in that order, and refuses unknown ones with an ephemeral note', async () => {
    const reply = await zombie.execute(request({ funds: 'ijh, IWV vs iwm' }), context);
    expect(reply.embeds?.[0]?.title).toBe('IJH vs IWV vs IWM');
    // Every kept fund at once still fits Discord's embed limits.
    const all = await zombie.execute(request({ funds: 'IWM IJR IJH IVV IWV' }), context);
    expect(all.embeds?.[0]?.fields?.filter((f) => f.inline)).toHaveLength(5);
    expect(limitViolations(all.embeds ?? [])).toEqual([]);
    const unknown = await zombie.execute(request({ funds: 'IWM QQQ <@1>' }), context);
    expect(unknown).toEqual({
      ephemeral: true,
      content: expect.stringMatching(/^No holdings kept for `QQQ`, `<@1>`\. Kept funds: IJH, IJR, IVV, IWM, IWV\.$/),
    });
    expect(chooseFunds(db, 'IWM IJR IJH IVV IWV IWM')).toEqual({ funds: ['IWM', 'IJR', 'IJH', 'IVV', 'IWV'] });
    expect(chooseFunds(db, 'a b c d e f g')).toMatchObject({ problem: expect.stringMatching(/No holdings kept/) });
  });

  it('autocompletes the funds option: the last word typed to each kept fund not yet given', async () => {
    const choices = await zombie.autocomplete({ ...request(), focused: { name: 'funds', value: 'iwm i' } }, context);
    expect(choices.map((c) => c.value)).toEqual(['IWM IJH', 'IWM IJR', 'IWM IVV', 'IWM IWV']);
    expect(await zombie.autocomplete({ ...request(), focused: { name: 'funds', value: 'Q' } }, context)).toEqual([]);
  });

  it('ranks every kept fund by P/E in /zombie valuation', async () => {
    const text = replyToText(await zombie.execute({ ...request(), subcommand: 'valuation' }, context));
    const ranked = [...text.matchAll(/^(\d)\. (\w+) P\/E/gm)].map((m) => `${m[1]} ${m[2]}`);
    expect(ranked).toEqual(['1 IWM', '2 IJR', '3 IJH', '4 IWV', '5 IVV']);
  });
});
