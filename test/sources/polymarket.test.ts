import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fetchTokenHistory, historyRange, historyWindows, parsePriceHistory } from '../../src/sources/polymarket/clob.js';
import { parsePolymarketCsv } from '../../src/sources/polymarket/csv.js';
import { chooseOutcomeToken, fetchGammaMarkets, parseGammaEventMarkets, parseGammaMarkets } from '../../src/sources/polymarket/gamma.js';
import { uniqueByTime, type GammaMarket } from '../../src/sources/polymarket/shared.js';
import { startReplayServer, type ReplayServer } from '../support/replay-server.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/odds/${name}`, import.meta.url), 'utf8');
const json = (name: string) => JSON.parse(fixture(name)) as unknown;

const DAILY_CSV = fixture('polymarket-price-data-daily.csv');
const HOURLY_CSV = fixture('polymarket-price-data-hourly_excerpt.csv');
const ELECTION_EVENT = fixture('gamma_event_presidential-election-winner-2024_constructed.json');
const ELECTION_SLUG = 'presidential-election-winner-2024';
const TRUMP_YES = '21742633143463906290569050155826241533067272736897614950488156847949938836455';
const HARRIS_YES = '69236923620077691027083946871148646972011131466059644796654161903044970987404';
/** "10-10-2024 00:00" in both exports. */
const OCT_10 = 1728518402;

const DAY = 86_400;

describe('parsePolymarketCsv', () => {
  it('reads the Trump column of the daily export (Trump 3rd) and of the hourly one (Trump last) alike', () => {
    const daily = parsePolymarketCsv(DAILY_CSV, 'Donald Trump');
    const hourly = parsePolymarketCsv(HOURLY_CSV, 'Donald Trump');
    expect(daily.points.find((p) => p.t === OCT_10)?.p).toBe(0.5335);
    expect(hourly.points.find((p) => p.t === OCT_10)?.p).toBe(0.5335);
    expect(daily.points).toHaveLength(307);
    expect(daily.points[0]).toEqual({ t: 1704412803, p: 0.5 });
    expect(hourly.points).toHaveLength(59);
    expect(hourly.points[0]).toEqual({ t: 1722916801, p: 0.535 });
    expect(hourly.points.at(-1)).toEqual({ t: 1730919602, p: 0.9975 });
  });

  it('finds the column case-insensitively and skips blank cells from before the market existed', () => {
    const harris = parsePolymarketCsv(DAILY_CSV, 'kamala harris');
    expect(harris.column).toBe('kamala harris');
    expect(harris.blankRows).toBe(1);
    expect(harris.points[0]).toEqual({ t: 1704499202, p: 0.0315 });
  });

  it('falls back to "Date (UTC)" (MM-DD-YYYY HH:MM) without a timestamp column', () => {
    const withoutTimestamp = '"Date (UTC)","Donald Trump"\n"10-10-2024 00:00","0.5335"\n"10-10-2024 01:00","0.534"\n';
    expect(parsePolymarketCsv(withoutTimestamp, 'Donald Trump').points).toEqual([
      { t: 1728518400, p: 0.5335 },
      { t: 1728522000, p: 0.534 },
    ]);
  });

  it('keeps the later row of a repeated timestamp (the hourly export repeats 11-03-2024 05:00 at the DST change)', () => {
    const text = [
      '"Date (UTC)","Timestamp (UTC)","Donald Trump"',
      '"11-03-2024 05:00","1730610003","0.5515"',
      '"11-03-2024 05:00","1730610003","0.563"',
      '"11-03-2024 07:00","1730617203","0.5635"',
    ].join('\n');
    const series = parsePolymarketCsv(text, 'Donald Trump');
    expect(series.points).toEqual([
      { t: 1730610003, p: 0.563 },
      { t: 1730617203, p: 0.5635 },
    ]);
    expect(series.repeatedRows).toBe(1);
  });

  it('rejects prices outside 0..1, non-numbers, missing columns and truncated rows, naming the line', () => {
    const lines = HOURLY_CSV.split('\n');
    const outOfRange = [lines[0], lines[1]!.replace(/"0\.535"$/, '"1.35"')].join('\n');
    expect(() => parsePolymarketCsv(outOfRange, 'Donald Trump')).toThrow('Polymarket CSV export line 2: "Donald Trump" = 1.35 is outside 0..1');
    const notNumber = [lines[0], lines[1]!.replace(/"0\.535"$/, '"n/o"')].join('\n');
    expect(() => parsePolymarketCsv(notNumber, 'Donald Trump')).toThrow('line 2: "Donald Trump" value "n/o" is not a number');
    expect(() => parsePolymarketCsv(HOURLY_CSV, 'Joe Biden Jr.')).toThrow(
      /line 1: no column "Joe Biden Jr\." \(header: "date \(utc\), timestamp \(utc\), joe biden/,
    );
    const truncated = HOURLY_CSV.slice(0, HOURLY_CSV.indexOf('"08-06-2024 06:00"') + 40);
    expect(() => parsePolymarketCsv(truncated, 'Donald Trump')).toThrow(/line 4: expected 19 fields, got \d+ \(truncated/);
    expect(() => parsePolymarketCsv('<!DOCTYPE html><html>', 'Donald Trump')).toThrow('got an HTML page instead of a CSV');
  });
});

describe('Gamma', () => {
  const [draw, arsenal] = parseGammaMarkets(json('gamma_markets_test_response.json'));

  it('decodes the JSON-in-JSON lists of a /markets response', () => {
    expect(parseGammaMarkets(json('gamma_markets_test_response.json'))).toHaveLength(10);
    expect(arsenal).toMatchObject({
      slug: 'will-arsenal-win-the-uefa-champions-league',
      groupItemTitle: 'Arsenal',
      outcomes: ['Yes', 'No'],
      closed: false,
      startTs: 1726596144, // startDate 2024-09-17T18:02:24.355068Z
    });
    expect(arsenal!.clobTokenIds?.[0]).toBe('104411547841791877252227935410049230769909951522603517050502627610163580155198');
    expect(draw!.clobTokenIds).toBeNull();
  });

  it("follows a binary market's Yes (index 0), a named outcome, or its group title", () => {
    expect(chooseOutcomeToken([arsenal!], 'Yes', 'x').tokenId).toBe(arsenal!.clobTokenIds![0]);
    expect(chooseOutcomeToken([arsenal!], 'no', 'x').tokenId).toBe(arsenal!.clobTokenIds![1]);
    expect(chooseOutcomeToken([arsenal!], 'Arsenal', 'x')).toMatchObject({ tokenOutcome: 'Yes', tokenId: arsenal!.clobTokenIds![0] });
    expect(() => chooseOutcomeToken([draw!], 'Yes', 'x')).toThrow(
      'Polymarket Gamma: market will-the-match-be-a-draw-romania-ukraine has no CLOB token for "Yes"',
    );
    expect(() => chooseOutcomeToken([arsenal!], 'Maybe', 'x')).toThrow('has no outcome "Maybe" (outcomes: Yes, No)');
  });

  it("follows the named candidate's Yes token in an event", () => {
    const markets = parseGammaEventMarkets(JSON.parse(ELECTION_EVENT), ELECTION_SLUG);
    expect(markets.map((m) => m.groupItemTitle)).toEqual(['Donald Trump', 'Kamala Harris']);
    expect(chooseOutcomeToken(markets, 'Donald Trump', ELECTION_SLUG)).toMatchObject({
      tokenId: TRUMP_YES,
      tokenOutcome: 'Yes',
      market: { question: 'Will Donald Trump win the 2024 US Presidential Election?', closed: true },
    });
    expect(chooseOutcomeToken(markets, ' kamala  HARRIS ', ELECTION_SLUG).tokenId).toBe(HARRIS_YES);
    expect(() => chooseOutcomeToken(markets, 'Joe Biden', ELECTION_SLUG)).toThrow(
      'presidential-election-winner-2024: no market for outcome "Joe Biden"; options: Donald Trump, Kamala Harris',
    );
  });

  it('reads real /events responses whose events hold one market each', () => {
    const single = parseGammaEventMarkets(
      json('gamma_events_single.json'),
      'nba-will-the-mavericks-beat-the-grizzlies-by-more-than-5pt5-points-in-their-december-4-matchup',
    );
    expect(chooseOutcomeToken(single, 'Yes', 'nba').tokenId).toBe('28182404005967940652495463228537840901055649726248190462854914416579180110833');
    expect(single[0]).toMatchObject({ closed: true, endTs: Date.parse('2021-12-05T20:37:01Z') / 1000 });
    const events = json('gamma_events.json') as { slug: string }[];
    for (const event of events) expect(parseGammaEventMarkets(events, event.slug)).toHaveLength(1);
  });

  it('names the market whose lists are not JSON, and rejects other shapes', () => {
    const broken = [{ slug: 'bad-market', question: 'Q?', outcomes: '["Yes", "No"', clobTokenIds: '["1", "2"]' }];
    expect(() => parseGammaMarkets(broken)).toThrow('Polymarket Gamma: market bad-market: outcomes is not a JSON list');
    expect(() => parseGammaMarkets({ error: 'not found' })).toThrow(/unexpected \/markets response/);
  });
});

describe('CLOB prices-history', () => {
  it('parses a real history and the real empty answer', () => {
    const history = parsePriceHistory(json('clob_prices_history_1h.json'));
    expect(history).toHaveLength(62);
    expect(history[0]).toEqual({ t: 1770476912, p: 0.225 });
    expect(parsePriceHistory(json('clob_prices_history_empty.json'))).toEqual([]);
  });

  it('rejects a price outside 0..1 naming the point, and a body of another shape', () => {
    expect(() =>
      parsePriceHistory({
        history: [
          { t: 1, p: 0.5 },
          { t: 2, p: 1.2 },
        ],
      }),
    ).toThrow('Polymarket CLOB prices-history: history[1].p = 1.2 is outside 0..1');
    expect(() => parsePriceHistory({ error: 'invalid filters' })).toThrow(/unexpected response: history/);
  });

  it('splits a range into windows of at most 14 days that meet at their ends', () => {
    expect(historyWindows({ startTs: 0, endTs: 30 * DAY })).toEqual([
      { startTs: 0, endTs: 14 * DAY },
      { startTs: 14 * DAY, endTs: 28 * DAY },
      { startTs: 28 * DAY, endTs: 30 * DAY },
    ]);
  });

  it("spans a closed market's life plus a week, an open one's to now, or the caller's UTC days", () => {
    const market = (closed: boolean): GammaMarket => ({
      slug: 'm',
      question: 'Q?',
      groupItemTitle: null,
      outcomes: ['Yes', 'No'],
      clobTokenIds: ['1', '2'],
      closed,
      startTs: 1704412800,
      endTs: 1730808000,
    });
    const now = new Date('2026-11-25T00:00:00Z');
    expect(historyRange(market(true), {}, now)).toEqual({ startTs: 1704412800, endTs: 1730808000 + 7 * DAY });
    expect(historyRange(market(false), {}, now)).toEqual({ startTs: 1704412800, endTs: now.getTime() / 1000 });
    expect(historyRange(market(true), { from: '2024-10-01', to: '2024-10-31' }, now)).toEqual({
      startTs: 1727740800,
      endTs: 1730419200,
    });
    expect(() => historyRange({ ...market(true), startTs: null }, {}, now)).toThrow('market m has no start date; give a from date');
  });

  it('dedupes by time (the later wins) and sorts', () => {
    expect(
      uniqueByTime([
        { t: 3, p: 0.3 },
        { t: 1, p: 0.1 },
        { t: 3, p: 0.31 },
      ]),
    ).toEqual([
      { t: 1, p: 0.1 },
      { t: 3, p: 0.31 },
    ]);
  });
});

describe('fetchers', () => {
  let server: ReplayServer;
  beforeEach(async () => {
    server = await startReplayServer();
  });
  afterEach(() => server.close());

  const request = { timeoutMs: 1000, backoffMs: 5 };

  it('tries /markets first, then /events for an event slug', async () => {
    server.route('/markets', { body: '[]' });
    server.route('/events', { body: ELECTION_EVENT });
    const { url, markets } = await fetchGammaMarkets(server.baseUrl, ELECTION_SLUG, request);
    expect(markets).toHaveLength(2);
    expect(url).toBe(`${server.baseUrl}/events?slug=${ELECTION_SLUG}`);
    expect(server.requests.map((r) => `${r.path}?${r.url.searchParams}`)).toEqual([
      `/markets?slug=${ELECTION_SLUG}`,
      `/events?slug=${ELECTION_SLUG}`,
    ]);
  });

  it('names a slug that is neither a market nor an event', async () => {
    server.route('/markets', { body: '[]' });
    server.route('/events', { body: '[]' });
    await expect(fetchGammaMarkets(server.baseUrl, 'no-such-thing', request)).rejects.toThrow(
      'Polymarket Gamma: no market or event with slug "no-such-thing"',
    );
  });

  it('fetches the range in 14-day windows at hourly fidelity and merges the boundary points', async () => {
    server.route('/prices-history', (req) => {
      const start = Number(req.url.searchParams.get('startTs'));
      const end = Number(req.url.searchParams.get('endTs'));
      return {
        body: JSON.stringify({
          history: [
            { t: start, p: 0.5 },
            { t: end, p: 0.5 },
          ],
        }),
      };
    });
    const markets = parseGammaEventMarkets(JSON.parse(ELECTION_EVENT), ELECTION_SLUG);
    const token = chooseOutcomeToken(markets, 'Donald Trump', ELECTION_SLUG);
    const range = { startTs: 1727740800, endTs: 1727740800 + 31 * DAY };
    const history = await fetchTokenHistory(server.baseUrl, token, range, request);
    const asked = server.requests.map((r) => Object.fromEntries(r.url.searchParams));
    expect(asked).toEqual([
      { market: TRUMP_YES, startTs: '1727740800', endTs: String(1727740800 + 14 * DAY), fidelity: '60' },
      { market: TRUMP_YES, startTs: String(1727740800 + 14 * DAY), endTs: String(1727740800 + 28 * DAY), fidelity: '60' },
      { market: TRUMP_YES, startTs: String(1727740800 + 28 * DAY), endTs: String(1727740800 + 31 * DAY), fidelity: '60' },
    ]);
    expect(history.fidelityMinutes).toBe(60);
    expect(history.points.map((p) => (p.t - 1727740800) / DAY)).toEqual([0, 14, 28, 31]);
  });

  it('asks a closed market again at fidelity 720 when hourly windows all come back empty', async () => {
    const empty = fixture('clob_prices_history_empty.json');
    server.route('/prices-history', (req) =>
      req.url.searchParams.get('fidelity') === '720'
        ? { body: JSON.stringify({ history: [{ t: Number(req.url.searchParams.get('startTs')) + 3600, p: 0.6 }] }) }
        : { body: empty },
    );
    const markets = parseGammaEventMarkets(JSON.parse(ELECTION_EVENT), ELECTION_SLUG);
    const token = chooseOutcomeToken(markets, 'Donald Trump', ELECTION_SLUG);
    const history = await fetchTokenHistory(server.baseUrl, token, { startTs: 0, endTs: 20 * DAY }, request);
    expect(server.requests.map((r) => r.url.searchParams.get('fidelity'))).toEqual(['60', '60', '720', '720']);
    expect(history).toEqual({
      fidelityMinutes: 720,
      points: [
        { t: 3600, p: 0.6 },
        { t: 14 * DAY + 3600, p: 0.6 },
      ],
    });
  });

  it('fails when there is no history at all, naming the market and range', async () => {
    server.route('/prices-history', { body: '{"history":[]}' });
    const markets = parseGammaEventMarkets(JSON.parse(ELECTION_EVENT), ELECTION_SLUG);
    const token = chooseOutcomeToken(markets, 'Kamala Harris', ELECTION_SLUG);
    await expect(fetchTokenHistory(server.baseUrl, token, { startTs: 0, endTs: DAY }, request)).rejects.toThrow(
      'no price history for will-kamala-harris-win-the-2024-us-presidential-election "Yes" between 1970-01-01T00:00Z and 1970-01-02T00:00Z',
    );
  });
});
