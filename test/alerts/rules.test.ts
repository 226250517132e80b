import { describe, expect, it } from 'vitest';
import { activeKinds, effectiveSettings, evaluateRules, FRESHNESS_GRACE_MS, nextRuleMemory, tooOld } from '../../src/alerts/rules.js';
import type { AlertState } from '../../src/alerts/state.js';
import { ODDS_SERIES, quietState, readCloses, readPolymarketOdds, REAL_POSITIONING } from './support.js';
import type { RuleMemory } from '../../src/store/alerts/memory.js';
import type { KindSetting } from '../../src/store/alerts/rules.js';

const NOW = new Date('2024-11-06T21:30:00Z');
const NO_MEMORY: RuleMemory = { zones: null, correlation: null };
/** Every kind on, at its default threshold. */
const DEFAULTS = activeKinds(effectiveSettings([]));

const only = (kind: KindSetting['kind'], threshold: number | null = null): KindSetting[] => [{ kind, enabled: true, threshold, pausedReason: null }];

// Polymarket hourly export, Trump "Yes" price: 2024-11-05 04:00 UTC 0.5975, 2024-11-06 04:00 UTC 0.9245.
const ELECTION_NIGHT_END = 1_730_865_603; // 11-06-2024 04:00
const NOV_4_16H = 1_730_736_003; // 0.6055, 24 h after 11-03 16:00 (0.5395)
const NOV_4_19H = 1_730_746_804; // 0.585, 24 h after 11-03 19:00 (0.5385)
const NOV_5_23H = 1_730_847_602; // 0.6155; 22:00 is missing from the export

describe('odds moved by N points in a day', () => {
  const oddsUpTo = (t: number): AlertState => quietState({ odds: { series: ODDS_SERIES, points: readPolymarketOdds('Donald Trump', t) } });

  it('flags the election-night jump in the real hourly odds (59.8% → 92.5%, +32.7 points)', () => {
    const [finding] = evaluateRules(oddsUpTo(ELECTION_NIGHT_END), only('odds-move'), NO_MEMORY, NOW);
    expect(finding).toMatchObject({
      rule: 'odds-move',
      subject: ODDS_SERIES,
      period: '2024-11-06',
      title: 'Election odds rose 32.7 points in 24 hours',
    });
    expect(finding!.detail).toContain('59.8% at 2024-11-05 04:00 UTC → 92.5% at 2024-11-06 04:00 UTC');
  });

  it('compares with the latest point at least 24 hours earlier: +6.6 points fires, +4.65 does not', () => {
    expect(evaluateRules(oddsUpTo(NOV_4_16H), only('odds-move'), NO_MEMORY, NOW).map((f) => f.title)).toEqual([
      'Election odds rose 6.6 points in 24 hours',
    ]);
    expect(evaluateRules(oddsUpTo(NOV_4_19H), only('odds-move'), NO_MEMORY, NOW)).toEqual([]);
  });

  it('steps over a missing hour to the point before it', () => {
    // 23:00 on Nov 5 against 23:00 on Nov 4 (0.5975): +1.8 points, quiet at 5, flagged at 1.5.
    expect(evaluateRules(oddsUpTo(NOV_5_23H), only('odds-move'), NO_MEMORY, NOW)).toEqual([]);
    expect(evaluateRules(oddsUpTo(NOV_5_23H), only('odds-move', 1.5), NO_MEMORY, NOW)).toHaveLength(1);
  });

  it('honours an adjusted threshold (40 points: the 32.7-point night stays quiet)', () => {
    expect(evaluateRules(oddsUpTo(ELECTION_NIGHT_END), only('odds-move', 40), NO_MEMORY, NOW)).toEqual([]);
  });

  it('counts a move of exactly the threshold despite floating point (0.513 → 0.563 computes as 4.99999…)', () => {
    const state = quietState({
      odds: {
        series: 'x',
        points: [
          { t: 0, p: 0.513 },
          { t: 86_400, p: 0.563 },
        ],
      },
    });
    expect(evaluateRules(state, only('odds-move', 5), NO_MEMORY, NOW)).toHaveLength(1);
  });

  it('flags falls as well as rises, and stays quiet without a point a day earlier', () => {
    const falling = quietState({
      odds: {
        series: 'x',
        points: [
          { t: 0, p: 0.6 },
          { t: 90_000, p: 0.5 },
        ],
      },
    });
    expect(evaluateRules(falling, only('odds-move'), NO_MEMORY, NOW)[0]?.title).toBe('Election odds fell 10.0 points in 24 hours');
    const young = quietState({
      odds: {
        series: 'x',
        points: [
          { t: 0, p: 0.2 },
          { t: 3600, p: 0.9 },
        ],
      },
    });
    expect(evaluateRules(young, only('odds-move'), NO_MEMORY, NOW)).toEqual([]);
  });
});

describe('IWM moved by N% on the day', () => {
  const pricesThrough = (date: string): AlertState =>
    quietState({
      iwmCloses: readCloses('IWM_2024-10-28_2024-11-08_excerpt.csv', date),
      spyCloses: readCloses('SPY_2024-10-28_2024-11-08_excerpt.csv', date),
    });

  it('flags 2024-11-06 (IWM 224.23 → 237.22, +5.8%) with SPY +2.5% and IWM − SPY +3.3 points', () => {
    const [finding] = evaluateRules(pricesThrough('2024-11-06'), only('iwm-move'), NO_MEMORY, NOW);
    expect(finding).toMatchObject({ rule: 'iwm-move', subject: 'IWM', period: '2024-11-06', title: 'IWM closed +5.8% on 2024-11-06' });
    expect(finding!.detail).toContain('$224.23 (2024-11-05) → $237.22 (2024-11-06)');
    expect(finding!.detail).toContain('SPY +2.5%; IWM − SPY +3.3 pts');
  });

  it('leaves 2024-11-05 (+1.9%) quiet at the default 2% and flags it at 1.5%', () => {
    expect(evaluateRules(pricesThrough('2024-11-05'), only('iwm-move'), NO_MEMORY, NOW)).toEqual([]);
    expect(evaluateRules(pricesThrough('2024-11-05'), only('iwm-move', 1.5), NO_MEMORY, NOW)).toHaveLength(1);
  });

  it('flags a fall (2024-10-31: 221.44 → 217.76, −1.7%) at 1.5% and omits SPY when its dates differ', () => {
    const state = quietState({
      iwmCloses: readCloses('IWM_2024-10-28_2024-11-08_excerpt.csv', '2024-10-31'),
      spyCloses: readCloses('SPY_2024-10-28_2024-11-08_excerpt.csv', '2024-10-30'),
    });
    const [finding] = evaluateRules(state, only('iwm-move', 1.5), NO_MEMORY, NOW);
    expect(finding?.title).toBe('IWM closed −1.7% on 2024-10-31');
    expect(finding?.detail).not.toContain('SPY');
  });

  it('needs two closes', () => {
    expect(evaluateRules(quietState({ iwmCloses: [{ date: '2024-11-06', close: 237.22 }] }), only('iwm-move'), NO_MEMORY, NOW)).toEqual([]);
  });
});

describe('the 30-day correlation crossed a level or changed sign', () => {
  const correlation = (now: number | null, previous: number | null): AlertState =>
    quietState({ trumpTradeCorrelation30d: { now, previous, asOfDate: '2024-11-06' } });

  it('flags |ρ| rising past the level, against the previous trading day when the server saw nothing yet', () => {
    const [finding] = evaluateRules(correlation(0.57, 0.42), only('correlation'), NO_MEMORY, NOW);
    expect(finding).toMatchObject({ rule: 'correlation', period: '2024-11-06', title: 'Trump-trade correlation strengthened past ±0.50' });
    expect(finding!.detail).toContain('0.42 → 0.57');
  });

  it("compares with the server's previous check rather than the previous day when it has one", () => {
    // Yesterday already strong, but the server last saw 0.30 (it was down): the crossing is still reported.
    expect(evaluateRules(correlation(0.6, 0.55), only('correlation'), { zones: null, correlation: 0.3 }, NOW)).toHaveLength(1);
    // Yesterday weak, but the server already saw 0.58 at an earlier check today: nothing new.
    expect(evaluateRules(correlation(0.6, 0.3), only('correlation'), { zones: null, correlation: 0.58 }, NOW)).toEqual([]);
  });

  it('flags weakening below the level and strong negative values', () => {
    expect(evaluateRules(correlation(0.45, 0.52), only('correlation'), NO_MEMORY, NOW)[0]?.title).toBe(
      'Trump-trade correlation weakened below ±0.50',
    );
    expect(evaluateRules(correlation(-0.61, -0.4), only('correlation'), NO_MEMORY, NOW)[0]?.title).toBe(
      'Trump-trade correlation strengthened past ±0.50',
    );
  });

  it('flags a change of sign below the level, and both at once', () => {
    expect(evaluateRules(correlation(-0.08, 0.12), only('correlation'), NO_MEMORY, NOW)[0]?.title).toBe('Trump-trade correlation changed sign');
    expect(evaluateRules(correlation(-0.7, 0.2), only('correlation'), NO_MEMORY, NOW)[0]?.title).toBe(
      'Trump-trade correlation strengthened past ±0.50 and changed sign',
    );
  });

  it('stays quiet within a side of the level, and when either value is unknown', () => {
    expect(evaluateRules(correlation(0.3, 0.2), only('correlation'), NO_MEMORY, NOW)).toEqual([]);
    expect(evaluateRules(correlation(null, 0.2), only('correlation'), NO_MEMORY, NOW)).toEqual([]);
    expect(evaluateRules(correlation(0.7, null), only('correlation'), NO_MEMORY, NOW)).toEqual([]);
  });
});

describe("a member's Z-score entered the distress zone", () => {
  const state = quietState({
    members: [
      { ticker: 'AAA', name: 'Alpha Corp', zone: 'distress' },
      { ticker: 'BBB', name: 'Beta Inc', zone: 'distress' },
      { ticker: 'CCC', name: 'Gamma plc', zone: 'distress' },
      { ticker: 'DDD', name: 'Delta Co', zone: 'grey' },
      { ticker: 'EEE', name: 'Epsilon', zone: null },
    ],
    asOf: { odds: null, prices: null, fundamentals: '2024-09-30' },
  });

  it('flags members whose zone was grey or safe at the previous check, one finding per member', () => {
    const memory: RuleMemory = { zones: { AAA: 'grey', BBB: 'distress', CCC: 'safe', DDD: 'grey' }, correlation: null };
    const findings = evaluateRules(state, only('distress'), memory, NOW);
    expect(findings.map((f) => [f.subject, f.period, f.title])).toEqual([
      ['AAA', '2024-09-30', 'Alpha Corp (AAA) entered the Altman distress zone'],
      ['CCC', '2024-09-30', 'Gamma plc (CCC) entered the Altman distress zone'],
    ]);
    expect(findings[1]?.detail).toBe('Altman zone: safe → distress (fundamentals as of 2024-09-30).');
  });

  it('records a baseline on the first check instead of flagging everyone already in distress', () => {
    expect(evaluateRules(state, only('distress'), NO_MEMORY, NOW)).toEqual([]);
    expect(nextRuleMemory(state, NO_MEMORY).zones).toEqual({ AAA: 'distress', BBB: 'distress', CCC: 'distress', DDD: 'grey' });
  });

  it('does not call a member "entered" when its zone was unknown before (new member or new data)', () => {
    expect(evaluateRules(state, only('distress'), { zones: { DDD: 'grey' }, correlation: null }, NOW)).toEqual([]);
  });

  it('keeps the previous zones and correlation when the new data has none', () => {
    const memory: RuleMemory = { zones: { AAA: 'grey' }, correlation: 0.4 };
    expect(nextRuleMemory(quietState(), memory)).toEqual(memory);
  });
});

describe('the data went stale', () => {
  it('flags each source without a successful ingest for the threshold, keyed by its last ingest time', () => {
    const state = quietState({
      lastIngestAt: { prices: '2024-11-05T14:00:00.000Z', odds: '2024-11-06T20:00:00.000Z', sec: null },
    });
    const findings = evaluateRules(state, only('stale'), NO_MEMORY, NOW);
    expect(findings).toEqual([
      expect.objectContaining({
        rule: 'stale',
        subject: 'prices',
        period: '2024-11-05T14:00:00.000Z',
        title: 'No successful prices ingest for 31 hours',
      }),
    ]);
    expect(evaluateRules(state, only('stale', 32), NO_MEMORY, NOW)).toEqual([]);
  });
});

describe('only fresh events are announced', () => {
  const HOUR = 3_600_000;
  const at = (iso: string) => new Date(iso);

  it('keeps an odds move news for its 24-hour window plus the 48-hour grace after its newest point', () => {
    const [finding] = evaluateRules(
      quietState({ odds: { series: ODDS_SERIES, points: readPolymarketOdds('Donald Trump', ELECTION_NIGHT_END) } }),
      only('odds-move'),
      NO_MEMORY,
      NOW,
    );
    expect(finding?.dataAt).toBe('2024-11-06T04:00:03.000Z');
    expect(FRESHNESS_GRACE_MS).toBe(48 * HOUR);
    expect(tooOld(finding!, NOW)).toBeNull();
    expect(tooOld(finding!, at('2024-11-09T04:00:03Z'))).toBeNull(); // exactly 72 hours
    expect(tooOld(finding!, at('2024-11-09T04:00:04Z'))).toEqual({ ageMs: 72 * HOUR + 1000, limitMs: 72 * HOUR });
    // The demo's case: the 2024 election night, seen two years later.
    expect(tooOld(finding!, at('2026-12-05T13:00:00Z'))?.ageMs).toBeGreaterThan(700 * 24 * HOUR);
  });

  it("dates a daily close by the end of its UTC day: Friday's move is news on Monday morning, not after a Monday holiday", () => {
    const state = quietState({ iwmCloses: readCloses('IWM_2024-10-28_2024-11-08_excerpt.csv', '2024-11-08') });
    const [friday] = evaluateRules(state, only('iwm-move', 0.5), NO_MEMORY, at('2024-11-08T21:30:00Z'));
    expect(friday).toMatchObject({ period: '2024-11-08', dataAt: '2024-11-09T00:00:00.000Z' });
    expect(tooOld(friday!, at('2024-11-11T13:00:00Z'))).toBeNull(); // Monday 08:00 New York: 61 hours
    expect(tooOld(friday!, at('2024-11-12T13:00:00Z'))?.ageMs).toBe(85 * HOUR); // Tuesday: past 72 hours
  });

  it('never calls stale data old: that finding is about now', () => {
    const state = quietState({ lastIngestAt: { holdings: '2024-01-01T00:00:00.000Z' } });
    const [stale] = evaluateRules(state, only('stale'), NO_MEMORY, NOW);
    expect(stale?.dataAt).toBeNull();
    expect(tooOld(stale!, NOW)).toBeNull();
  });
});

describe('rule settings and repeatability', () => {
  it('turns every kind on at its default threshold, and applies a server’s overrides', () => {
    const settings = effectiveSettings([
      { kind: 'iwm-move', enabled: true, threshold: 3, pausedReason: null },
      { kind: 'stale', enabled: false, threshold: null, pausedReason: null },
      { kind: 'distress', enabled: true, threshold: null, pausedReason: '400 Invalid Form Body' },
    ]);
    expect(settings.map((s) => [s.kind, s.enabled, s.threshold])).toEqual([
      ['digest', true, null],
      ['odds-move', true, 5],
      ['iwm-move', true, 3],
      ['correlation', true, 0.5],
      ['distress', true, null],
      ['stale', false, 30],
      ['positioning', true, 5],
    ]);
    expect(activeKinds(settings).map((s) => s.kind)).toEqual(['digest', 'odds-move', 'iwm-move', 'correlation', 'positioning']);
  });

  it('gives the same keys when the same data is checked again (a re-run ingest cannot post twice)', () => {
    const state = quietState({
      odds: { series: ODDS_SERIES, points: readPolymarketOdds('Donald Trump', ELECTION_NIGHT_END) },
      iwmCloses: readCloses('IWM_2024-10-28_2024-11-08_excerpt.csv', '2024-11-06'),
      trumpTradeCorrelation30d: { now: 0.6, previous: 0.4, asOfDate: '2024-11-06' },
    });
    const keys = () => evaluateRules(state, DEFAULTS, NO_MEMORY, NOW).map((f) => `${f.rule}/${f.subject}/${f.period}`);
    expect(keys()).toEqual([
      'odds-move/Donald Trump — presidential-election-winner-2024/2024-11-06',
      'iwm-move/IWM/2024-11-06',
      'correlation/iwm-vs-odds-30d/2024-11-06',
    ]);
    expect(keys()).toEqual(keys());
  });
});

describe('positioning move', () => {
  // Real TFF weeks: leveraged funds' net went from −43,270.5 (2026-03-10) to −54,629.6 (2026-03-17) E-mini equivalents,
  // −11,359.1 of 485,500.2 open interest: −2.34 %.
  const state = quietState(REAL_POSITIONING);

  it('posts when leveraged funds moved by at least the threshold (% of open interest) in one report', () => {
    const [finding] = evaluateRules(state, only('positioning', 2), NO_MEMORY, NOW);
    expect(finding).toEqual({
      rule: 'positioning',
      subject: 'leveraged-funds',
      period: '2026-03-17',
      title: "Leveraged funds' net Russell 2000 futures moved −2.3% of open interest (report of 2026-03-17)",
      detail:
        'Net −11,359 E-mini equivalents since the report of 2026-03-10, to -54,630 (CFTC COT, RTY + M2K ÷ 10). Alert at ±2% of open interest. See /zombie positioning.',
      dataAt: '2026-03-18T00:00:00.000Z',
    });
    // A weekly report stays news for its week plus the 48-hour grace.
    expect(tooOld(finding!, new Date('2026-03-27T00:00:00Z'))).toBeNull();
    expect(tooOld(finding!, new Date('2026-03-27T00:00:01Z'))).not.toBeNull();
  });

  it('stays quiet under the default 5%, and without reports', () => {
    expect(evaluateRules(state, only('positioning'), NO_MEMORY, NOW)).toEqual([]);
    expect(evaluateRules(quietState(), only('positioning', 0.5), NO_MEMORY, NOW)).toEqual([]);
  });
});
