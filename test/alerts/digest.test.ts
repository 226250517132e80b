import { describe, expect, it } from 'vitest';
import type { APIEmbed } from 'discord.js';
import { DIGEST_CHART_NAME, buildDigest, digestFigures, type DigestInput } from '../../src/alerts/digest.js';
import { toAlertMessage } from '../../src/alerts/messages.js';
import type { AlertState } from '../../src/alerts/state.js';
import { limitViolations } from '../../src/render/limits.js';
import { GUILD, ODDS_SERIES, PNG, REAL_POSITIONING, SUMMARY_EMBED, members, quietState, readCloses, readPolymarketOdds } from './support.js';

const MONDAY = new Date('2024-11-04T13:00:00Z');
const WEDNESDAY = new Date('2024-11-06T13:00:00Z');

function stateOn(date: string, oddsThrough: number, zones: AlertState['members']): AlertState {
  return quietState({
    odds: { series: ODDS_SERIES, points: readPolymarketOdds('Donald Trump', oddsThrough) },
    iwmCloses: readCloses('IWM_2024-10-28_2024-11-08_excerpt.csv', date),
    spyCloses: readCloses('SPY_2024-10-28_2024-11-08_excerpt.csv', date),
    members: zones,
  });
}

const monday = stateOn('2024-11-01', 1_730_725_203, [
  { ticker: 'AAA', name: 'Alpha Corp', zone: 'grey' },
  { ticker: 'BBB', name: 'Beta Inc', zone: 'distress' },
  { ticker: 'CCC', name: 'Gamma plc', zone: 'safe' },
]);
const wednesday = stateOn('2024-11-05', 1_730_894_403, [
  { ticker: 'AAA', name: 'Alpha Corp', zone: 'distress' },
  { ticker: 'BBB', name: 'Beta Inc', zone: 'distress' },
  { ticker: 'CCC', name: 'Gamma plc', zone: 'grey' },
]);

const input = (overrides: Partial<DigestInput>): DigestInput => ({
  summary: SUMMARY_EMBED,
  state: wednesday,
  previous: null,
  alertCounts: {},
  chartPng: null,
  at: WEDNESDAY,
  localDate: '2024-11-06',
  timezone: 'America/New_York',
  ...overrides,
});

const field = (embed: APIEmbed | undefined, name: string) => embed?.fields?.find((f) => f.name === name)?.value;

describe('the digest', () => {
  it('starts with the /zombie summary embed and says the first digest has nothing to compare with', () => {
    const { reply } = buildDigest(input({}));
    expect(reply.embeds?.[0]).toEqual(SUMMARY_EMBED);
    expect(reply.embeds?.[1]).toMatchObject({ description: "This is the server's first digest; changes are shown from the next one on." });
    expect(reply.embeds?.[1]?.fields).toBeUndefined();
    expect(reply.files).toBeUndefined();
  });

  it('reports what changed since the previous digest: odds, IWM, SPY, IWM vs SPY, new distress members, zones, alerts', () => {
    const previous = digestFigures(monday, MONDAY, '2024-11-04');
    const { reply } = buildDigest(input({ previous, alertCounts: { 'iwm-move': 1, distress: 2 } }));
    const changes = reply.embeds?.[1];
    expect(changes?.description).toBe('Compared with the digest of 2024-11-04.');
    // Odds 2024-11-04 13:00 UTC 0.5775 → 2024-11-06 12:00 UTC 0.9985.
    expect(field(changes, `Election odds (${ODDS_SERIES})`)).toBe('57.8% → 99.9% (+42.1 pts)');
    // IWM 218.98 (Nov 1) → 224.23 (Nov 5): +2.4%; SPY 571.04 → 576.70: +1.0%; difference +1.4 points.
    expect(field(changes, 'IWM')).toBe('$218.98 → $224.23 (+2.4%, 2024-11-01 → 2024-11-05)');
    expect(field(changes, 'SPY')).toBe('$571.04 → $576.70 (+1.0%, 2024-11-01 → 2024-11-05)');
    expect(field(changes, 'IWM vs SPY')).toBe('+1.4 pts');
    expect(field(changes, 'New in the distress zone')).toBe('AAA (Alpha Corp)');
    expect(field(changes, 'Altman zones')).toBe('distress 2 (+1) · grey 1 (0) · safe 0 (-1)');
    expect(field(changes, 'Alerts since the previous digest')).toBe('IWM move ×1 · Entered distress zone ×2');
    expect(changes?.footer?.text).toBe('Digest for 2024-11-06 (America/New_York) · weekdays');
  });

  it('says when there is no new close since the previous digest, and n/a when a figure is missing', () => {
    const previous = digestFigures(wednesday, WEDNESDAY, '2024-11-05');
    const { reply } = buildDigest(input({ previous, state: { ...wednesday, spyCloses: [] } }));
    expect(field(reply.embeds?.[1], 'IWM')).toBe('$224.23 (no new close since 2024-11-05)');
    expect(field(reply.embeds?.[1], 'SPY')).toBe('n/a');
    expect(field(reply.embeds?.[1], 'IWM vs SPY')).toBe('n/a');
    expect(field(reply.embeds?.[1], 'Alerts since the previous digest')).toBe('none');
  });

  it('attaches the chart and shows it in the changes embed', () => {
    const { reply } = buildDigest(input({ chartPng: PNG }));
    expect(reply.files).toEqual([{ name: DIGEST_CHART_NAME, data: PNG, description: 'Zombie beta chart for the digest' }]);
    expect(reply.embeds?.[1]?.image).toEqual({ url: `attachment://${DIGEST_CHART_NAME}` });
    const message = toAlertMessage(reply, { guildId: GUILD, rule: 'digest', subject: 'summary', period: '2024-11-06' });
    expect(message.body.attachments).toEqual([{ id: 0, filename: DIGEST_CHART_NAME, description: 'Zombie beta chart for the digest' }]);
    expect(message.files).toEqual([{ name: DIGEST_CHART_NAME, data: PNG }]);
  });

  it('is posted with mentions disabled and a nonce derived from its key', () => {
    const key = { guildId: GUILD, rule: 'digest', subject: 'summary', period: '2024-11-06' };
    const message = toAlertMessage(buildDigest(input({})).reply, key);
    expect(message.body.allowed_mentions).toEqual({ parse: [] });
    expect(message.body.enforce_nonce).toBe(true);
    expect(message.body.nonce).toHaveLength(25);
    expect(toAlertMessage(buildDigest(input({})).reply, key).body.nonce).toBe(message.body.nonce);
    expect(toAlertMessage(buildDigest(input({})).reply, { ...key, period: '2024-11-07' }).body.nonce).not.toBe(message.body.nonce);
  });

  it('lists the first 15 new distress members (by ticker) by name, then "and N more", within Discord’s embed limits', () => {
    const previous = digestFigures(quietState({ members: members('grey', 300) }), MONDAY, '2024-11-04');
    const { reply } = buildDigest(input({ previous, state: quietState({ members: members('distress', 300) }) }));
    const listed = field(reply.embeds?.[1], 'New in the distress zone');
    // Tickers in alphabetical order: ZB1, ZB10, ZB100, ZB101, … ZB111.
    expect(listed).toMatch(/^ZB1 \(Zombie Co 1\), ZB10 \(Zombie Co 10\), .*, ZB111 \(Zombie Co 111\) and 285 more$/);
    expect(listed?.split('), ')).toHaveLength(15);
    const message = toAlertMessage(reply, { guildId: GUILD, rule: 'digest', subject: 'summary', period: '2024-11-06' });
    expect(limitViolations(message.body.embeds ?? [])).toEqual([]);
  });

  it('remembers null (not 0) zone counts when no member has a known zone', () => {
    expect(digestFigures(quietState({ members: members(null, 5) }), WEDNESDAY, '2024-11-06')).toMatchObject({
      zoneCounts: null,
      distressTickers: null,
    });
  });

  it('mentions a reconstitution once: when seen, and not again once a digest reported it', () => {
    const reconstitution = {
      from: '2024-06-21',
      to: '2024-06-28',
      previous: 2000,
      current: 1990,
      left: 200,
      movedUp: { count: 50, medianReturn: 0.3, members: [{ ticker: 'SMCI', name: 'Super Micro', return: 1.46 }] },
      dropped: { count: 150 },
      joined: { count: 190, medianMarketCap: 400e6 },
    };
    const seen = { ...wednesday, reconstitution };
    const previous = digestFigures(monday, MONDAY, '2024-11-04');
    const first = buildDigest(input({ state: seen, previous }));
    expect(field(first.reply.embeds?.[1], 'Reconstitution seen: 2024-06-21 → 2024-06-28')).toBe(
      '200 of 2,000 members left: 50 moved up to the Russell 1000 (median gain +30.0%), 150 dropped out of the Russell 3000\n' +
        '190 joined; median market cap of the joiners $400m\nSee /zombie evictions.',
    );
    expect(first.figures.reconstitution).toEqual({ from: '2024-06-21', to: '2024-06-28' });
    const again = buildDigest(input({ state: seen, previous: first.figures }));
    expect(again.reply.embeds?.[1]?.fields?.some((f) => f.name.startsWith('Reconstitution'))).toBe(false);
    expect(buildDigest(input({ previous })).reply.embeds?.[1]?.fields?.some((f) => f.name.startsWith('Reconstitution'))).toBe(false);
  });

  it('mentions a new COT report once a week: when its report is new, not again in the digests after', () => {
    const withReport = { ...wednesday, ...REAL_POSITIONING };
    const previous = digestFigures(monday, MONDAY, '2024-11-04');
    const first = buildDigest(input({ state: withReport, previous }));
    expect(field(first.reply.embeds?.[1], 'Futures positioning: new COT report')).toBe(
      'Report of 2026-03-17: leveraged funds net −54,630 (−11.3% of OI, −11,359 on the week), asset managers +45,133 (+9.3% of OI). See /zombie positioning.',
    );
    expect(first.figures.cotReport).toBe('2026-03-17');
    const again = buildDigest(input({ state: withReport, previous: first.figures }));
    expect(again.reply.embeds?.[1]?.fields?.some((f) => f.name.startsWith('Futures positioning'))).toBe(false);
  });
});
