// /zombie and /ticker on the bundled demo data, through the same handlers the bot and `zombie render` run.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CommandContext } from '../../src/bot/command.js';
import type { Reply } from '../../src/core/reply.js';
import type { CommandRequest } from '../../src/core/request.js';
import { BusyError } from '../../src/core/busy.js';
import { summaryFromCache, trumpChartFromCache } from '../../src/alerts/summary.js';
import { loadConfig } from '../../src/config.js';
import { DEMO_DIR, DEMO_KALSHI_SERIES } from '../../src/demo/ingest.js';
import { ingestHoldings } from '../../src/ingest/holdings.js';
import { silentProgress } from '../../src/ingest/progress.js';
import { CHARTS_SKIPPED } from '../../src/render/charts/specs.js';
import { drawInProcess, type ChartTask } from '../../src/render/charts/task.js';
import { limitViolations } from '../../src/render/limits.js';
import { replyToText } from '../../src/render/text.js';
import { openDb } from '../../src/store/db.js';
import * as ticker from '../../commands/ticker.js';
import * as zombie from '../../commands/zombie.js';
import { indexFigures } from '../../src/universe/figures.js';
import { loadUniverse } from '../../src/universe/load.js';
import { openDemoCopy } from '../support/demo-db.js';

let context: CommandContext;
const request = (command: string, subcommand: string | undefined, options: CommandRequest['options'] = {}): CommandRequest => ({
  command,
  ...(subcommand && { subcommand }),
  options,
  guildId: null,
  channelId: null,
  userId: 'u',
  memberPermissions: null,
});

function checked(reply: Reply): Reply {
  expect(limitViolations(reply.embeds ?? [])).toEqual([]);
  return reply;
}

/** A context that draws in process and records which charts it drew. */
function countingDraws(): { drawn: ChartTask['chart'][]; counting: CommandContext } {
  const drawn: ChartTask['chart'][] = [];
  const counting: CommandContext = {
    ...context,
    drawChart: (task) => {
      drawn.push(task.chart);
      return drawInProcess(task);
    },
  };
  return { drawn, counting };
}

beforeAll(async () => {
  const db = await openDemoCopy();
  const config = loadConfig({});
  context = { db, config, now: () => new Date('2024-11-07T12:00:00Z') };
}, 180_000);

describe('/zombie', () => {
  it('summarises the index with coverage, as-of dates and the demo label, within Discord limits', async () => {
    const reply = checked(await zombie.execute(request('zombie', 'summary'), context));
    const text = replyToText(reply);
    expect(text).toContain('Zombie beta — IWM: 1,983 members');
    expect(text).toMatch(/Negative EPS \(TTM\): [\d,]+ \([\d.]+%\) — [\d,]+ of 1,983 with data/);
    expect(text).toContain('DEMO DATA');
    expect(text).toContain('Holdings 2024-07-11 (iShares)');
    // Real IWM closes and real hourly Polymarket odds: 65 trading-day pairs from Aug 7 to Nov 6, 2024.
    expect(text).toContain('n = 65 (2024-08-07 → 2024-11-06)');
  });

  it('renders every focused view within Discord limits', async () => {
    for (const view of ['health', 'valuation', 'returns', 'sectors', 'trump', 'seasonality']) {
      const reply = checked(await zombie.execute(request('zombie', view), context));
      expect(reply.embeds).toHaveLength(view === 'trump' ? 3 : 1);
    }
  });

  it('attaches a PNG chart to the trump, returns and sectors views, shown in the embed', async () => {
    for (const [view, name] of [
      ['trump', 'trump-trade.png'],
      ['returns', 'returns.png'],
      ['sectors', 'sectors.png'],
      ['seasonality', 'seasonality.png'],
    ] as const) {
      const reply = await zombie.execute(request('zombie', view), context);
      expect(reply.files?.[0]?.name).toBe(name);
      expect(reply.files![0]!.data.subarray(1, 4).toString()).toBe('PNG');
      expect(reply.embeds![0]!.image).toEqual({ url: `attachment://${name}` });
    }
  }, 30_000);

  it('shows IWM by calendar month since 2000 on the bundled real history, marking this month and the Santa window', async () => {
    // The context's clock says November 2024. Figures as computed with python3 in test/metrics/seasonality.test.ts.
    const text = replyToText(checked(await zombie.execute(request('zombie', 'seasonality'), context)));
    expect(text).toContain('IWM seasonality: calendar months 2000-06 → 2026-07');
    expect(text).toContain('Nov  26   +3.1%   81%   +0.7% ◀ now Santa');
    expect(text).toContain('Dec  26   +1.0%   62%   +0.8% Santa');
    expect(text).toContain('Sep  26   −1.5%   46%   +0.1%\n');
  });

  it('adds level correlation, lead/lag and the largest odds moves to the trump view, with the rolling and event charts', async () => {
    const reply = checked(await zombie.execute(request('zombie', 'trump'), context));
    const text = replyToText(reply);
    // python3 on the bundled files (see the metrics contract test below): level r 0.6049, change r 0.4630, lags 0.0036 / 0.2031
    expect(text).toContain('Level r (close vs odds, same days) = 0.60 against change r = 0.46, n = 65.');
    expect(text).toContain('Levels mislead: IWM and the odds both trended');
    expect(text).toContain('D−1 (odds lead): r = 0.00 · D: r = 0.46 · D+1 (odds lag): r = 0.20');
    expect(text).toContain('2024-11-06 +37.9 pts: IWM +5.8% on D, +6.0% D−5→D+5');
    expect(reply.files?.map((f) => f.name)).toEqual(['trump-trade.png', 'trump-rolling-correlation.png', 'trump-event-study.png']);
    expect(reply.embeds?.map((e) => e.image?.url)).toEqual([
      'attachment://trump-trade.png',
      'attachment://trump-rolling-correlation.png',
      'attachment://trump-event-study.png',
    ]);
  }, 30_000);

  it('shows another stored series with series:, autocompletes stored series, and refuses an unknown one', async () => {
    const text = replyToText(await zombie.execute(request('zombie', 'trump', { series: DEMO_KALSHI_SERIES }), context));
    expect(text).toContain(`Series: ${DEMO_KALSHI_SERIES}`);
    expect(text).toContain('n = 23 (2024-10-07 → 2024-11-06)');
    const choices = await zombie.autocomplete({ ...request('zombie', 'trump'), focused: { name: 'series', value: 'kal' } }, context);
    expect(choices).toEqual([{ name: DEMO_KALSHI_SERIES, value: DEMO_KALSHI_SERIES }]);
    const all = await zombie.autocomplete({ ...request('zombie', 'trump'), focused: { name: 'series', value: '' } }, context);
    expect(all.map((c) => c.value)).toEqual([DEMO_KALSHI_SERIES, 'presidential-election-winner-2024/donald-trump']);
    const unknown = await zombie.execute(request('zombie', 'trump', { series: 'nope' }), context);
    expect(unknown.ephemeral).toBe(true);
    expect(unknown.content).toContain('No odds series named `nope`. Stored series: `kalshi/PRES-2024-DJT`');
  });

  it('echoes an unknown series inside its code span: a backtick cannot end it, a cut never halves an emoji', async () => {
    const breakout = await zombie.execute(request('zombie', 'trump', { series: 'a`[x](https://e.example)`' }), context);
    expect(breakout.content).toMatch(/^No odds series named `a\u02cb\[x\]\(https:\/\/e\.example\)\u02cb`\./);
    // The only backticks are the code spans' own: the opening one of each span and its closing one.
    expect(breakout.content!.split('. Stored series:')[0]!.match(/`/g)).toHaveLength(2);
    const emoji = await zombie.execute(request('zombie', 'trump', { series: `${'a'.repeat(98)}😀😀😀` }), context);
    const echoed = /named `([^`]*)`/.exec(emoji.content!)![1]!;
    expect(echoed).toBe(`${'a'.repeat(98)}😀…`);
    // encodeURIComponent throws on a lone surrogate.
    expect(() => encodeURIComponent(echoed)).not.toThrow();
  });

  it('gives the digest the same summary embed and the Trump-trade chart', () => {
    expect(summaryFromCache(context.db, context.config).title).toBe('Zombie beta — IWM: 1,983 members');
    expect(trumpChartFromCache(context.db, context.config).subarray(1, 4).toString()).toBe('PNG');
  });

  it('draws a view once per snapshots version: a second request, concurrent or later, does not render again', async () => {
    const { drawn, counting } = countingDraws();
    // Re-ingesting the IVV holdings completes a snapshot (a new version) without changing any figure.
    const completeASnapshot = () =>
      ingestHoldings(
        { db: context.db, config: context.config, progress: silentProgress, log: () => undefined },
        join(DEMO_DIR, 'holdings', 'IVV_holdings.csv'),
      );
    await completeASnapshot();
    const [first, concurrent] = await Promise.all([
      zombie.execute(request('zombie', 'returns'), counting),
      zombie.execute(request('zombie', 'returns'), counting),
    ]);
    const later = await zombie.execute(request('zombie', 'returns'), counting);
    expect(drawn).toEqual(['returns']);
    expect(concurrent).toBe(first);
    expect(later).toBe(first);
    await ticker.execute(request('ticker', undefined, { symbol: 'INSM' }), counting);
    await ticker.execute(request('ticker', undefined, { symbol: 'insm' }), counting);
    expect(drawn).toEqual(['returns', 'ticker']);

    await completeASnapshot();
    const afterIngest = await zombie.execute(request('zombie', 'returns'), counting);
    expect(drawn).toEqual(['returns', 'ticker', 'returns']);
    expect(afterIngest).not.toBe(first);
    expect(afterIngest.files![0]!.data.equals(first.files![0]!.data)).toBe(true);
  }, 30_000);

  it('gives a member card without its chart when the chart queue is full, and draws the chart on the next request', async () => {
    const busy: CommandContext = { ...context, drawChart: () => Promise.reject(new BusyError('24 charts are waiting to be drawn')) };
    const refused = checked(await ticker.execute(request('ticker', undefined, { symbol: 'PTCT' }), busy));
    expect(refused.files ?? []).toEqual([]);
    expect(refused.embeds![0]!.title).toMatch(/^PTCT — /);
    expect(refused.embeds![0]!.image).toBeUndefined();
    expect(refused.embeds![0]!.description).toContain(ticker.CHART_SKIPPED);
    const { drawn, counting } = countingDraws();
    const later = await ticker.execute(request('ticker', undefined, { symbol: 'PTCT' }), counting);
    expect(drawn).toEqual(['ticker']);
    expect(later.files).toHaveLength(1);
    expect(later.embeds![0]!.description).not.toContain(ticker.CHART_SKIPPED);
  }, 30_000);

  it('gives a view without its charts when they cannot be drawn now (queue full, bot stopping), and draws them on the next request', async () => {
    const db = await openDemoCopy();
    const stopping: CommandContext = { ...context, db, drawChart: () => Promise.reject(new BusyError('charts are off: the bot is stopping')) };
    const refused = checked(await zombie.execute(request('zombie', 'returns'), stopping));
    expect(refused.ephemeral).toBeUndefined();
    expect(refused.files ?? []).toEqual([]);
    expect(refused.embeds![0]!.image).toBeUndefined();
    expect(refused.embeds![0]!.description).toContain(CHARTS_SKIPPED);
    const compared = checked(await zombie.execute(request('zombie', 'compare'), stopping));
    expect(compared.files ?? []).toEqual([]);
    expect(compared.embeds![0]!.description).toContain(CHARTS_SKIPPED);
    const { drawn, counting } = countingDraws();
    const later = await zombie.execute(request('zombie', 'returns'), { ...counting, db });
    expect(drawn).toEqual(['returns']);
    expect(later.files).toHaveLength(1);
    db.close();
  }, 30_000);

  it('answers ephemerally when the cache is empty', async () => {
    const empty = { ...context, db: openDb(':memory:') };
    expect(await zombie.execute(request('zombie', 'summary'), empty)).toMatchObject({ ephemeral: true });
  });
});

describe('zombie metrics --json on the demo data', () => {
  // Expected values computed independently with python3 from data/demo (csv module): odds per trading day = last
  // hourly observation at or before 21:00 UTC within the export's dates, IWM Close log returns, the 5 largest |changes|.
  const json = () => JSON.parse(JSON.stringify(indexFigures(context.db, context.config, loadUniverse(context.db)!)));

  it('has aum: the fund, its net assets from the holdings file and their date', () => {
    expect(json().aum).toEqual({ fund: 'IWM', netAssets: expect.closeTo(63_857_726_694.14, 1), asOf: '2024-07-11' });
  });

  it('has levelCorrelation in each window, leadLag over all pairs and events with 11 cumulative log moves', () => {
    const t = json().trumpTrade;
    expect(t.windows.all).toMatchObject({
      n: 65,
      correlation: expect.closeTo(0.4629721259133912, 10),
      levelCorrelation: expect.closeTo(0.604868232414132, 10),
    });
    expect(t.leadLag).toEqual({
      '-1': expect.closeTo(0.003550464175395545, 10),
      '0': expect.closeTo(0.4629721259133912, 10),
      '1': expect.closeTo(0.20308328493810018, 10),
    });
    expect(t.events.map((e: { date: string }) => e.date)).toEqual(['2024-11-06', '2024-10-07', '2024-11-05', '2024-10-22', '2024-10-31']);
    const [nov6, , , , oct31] = t.events;
    expect(nov6).toMatchObject({ change: expect.closeTo(37.85, 9) });
    expect(nov6.iwm).toHaveLength(11);
    expect(nov6.iwm[5]).toBeCloseTo(0.06748243662979801, 10);
    expect(nov6.iwm[10]).toBeCloseTo(0.058547943211707504, 10);
    expect(nov6.rel[10]).toBeCloseTo(0.03238783260018459, 10);
    expect(oct31.change).toBeCloseTo(-3.45, 9);
    expect(oct31.iwm[10]).toBeCloseTo(0.07527365500731903, 10);
    expect(oct31.rel[10]).toBeCloseTo(0.04524413972942744, 10);
  });
});

describe('/zombie positioning on the bundled real COT weeks', () => {
  // Hand-checked with python3 from data/demo/cot (FinFut26.txt of the zip): 2026-08-04, RTY + M2K ÷ 10.
  it('gives the nets, shares, percentiles and changes, with the chart, within Discord limits', async () => {
    const reply = checked(await zombie.execute(request('zombie', 'positioning'), context));
    const text = replyToText(reply);
    expect(text).toContain('Russell 2000 futures positioning — report of 2026-08-04');
    expect(text).toContain('Open interest 419,848 E-mini equivalents (RTY + M2K ÷ 10; codes 239742+239747)');
    expect(text).toContain('Net −86,306 (−20.6% of open interest) · long 51,872 · short 138,177');
    expect(text).toContain('Change: 1w −11,333');
    // The Jul 2024 holdings and the Aug 2026 report are not added up; the newest week with both parts is 2024-07-16:
    // $63,857,726,694.14 + (RTY 488,061 × $50 + M2K 21,359 × $5) × 2,263.67 (^RUT close) = $119.34bn (python3).
    expect(text).toContain('Total n/a (the IWM holdings (2024-07-11) and the COT report (2026-08-04) are 754 days apart');
    expect(text).toContain('Newest week with both parts: $119bn = IWM $63.9bn (holdings 2024-07-11) + futures $55.5bn (COT 2024-07-16)');
    expect(reply.files?.map((f) => f.name)).toEqual(['positioning.png']);
  });

  it('counts the change since a date the member gives: election day 2024-11-05 (−48,730 then, RTY alone)', async () => {
    const text = replyToText(checked(await zombie.execute(request('zombie', 'positioning', { since: '2024-11-05' }), context)));
    expect(text).toContain('since 2024-11-05 (report 2024-11-05) −37,576');
  });

  it('refuses a bad since date with a clear ephemeral line', async () => {
    const reply = (since: string) => zombie.execute(request('zombie', 'positioning', { since }), context);
    expect(await reply('yesterday')).toEqual({ ephemeral: true, content: '`since` must be a date like 2024-11-05 (YYYY-MM-DD), not "yesterday".' });
    expect(await reply('2024-02-30')).toMatchObject({ ephemeral: true, content: expect.stringContaining('must be a date like 2024-11-05') });
    expect(await reply('2030-01-01')).toEqual({
      ephemeral: true,
      content: 'The newest report is of 2026-08-04: pick a date from 2017-01-03 to then.',
    });
    expect(await reply('1999-01-01')).toEqual({
      ephemeral: true,
      content: 'The first report kept is of 2017-01-03: pick a date from then to 2026-08-04.',
    });
    // The demo's weeks of 2023 are missing: a date then has no report within the week before it.
    expect(await reply('2023-06-01')).toEqual({
      ephemeral: true,
      content: expect.stringMatching(
        /^No report kept within a week before 2023-06-01 \(the nearest earlier is of 2022-\d\d-\d\d; the weeks between are missing\): pick another date\.$/,
      ),
    });
  });

  it('puts capitalEngaged and positioning in zombie metrics --json', () => {
    const json = JSON.parse(JSON.stringify(indexFigures(context.db, context.config, loadUniverse(context.db)!)));
    expect(json.capitalEngaged).toMatchObject({
      asOf: '2026-08-04',
      etf: { fund: 'IWM', netAssets: expect.closeTo(63_857_726_694.14, 1), asOf: '2024-07-11' },
      total: null,
    });
    expect(json.capitalEngaged.series.findLast((week: { total: number | null }) => week.total !== null)).toEqual({
      reportDate: '2024-07-16',
      futuresNotional: expect.closeTo((488_061 * 50 + 21_359 * 5) * 2_263.67, 0),
      etfNetAssets: expect.closeTo(63_857_726_694.14, 1),
      etfAsOf: '2024-07-11',
      total: expect.closeTo(119_339_927_525.29, 0),
    });
    expect(json.capitalEngaged.futures[0]).toEqual({
      code: '239742',
      contract: 'RTY',
      multiplier: 50,
      openInterest: 417_259,
      indexLevel: 3_036.98,
      indexLevelSource: '^RUT close 2026-08-04',
      notional: expect.closeTo(63_360_361_891, 0),
      reportDate: '2026-08-04',
    });
    expect(json.positioning).toMatchObject({ reportDate: '2026-08-04', code: '239742+239747', openInterest: 419_848 });
    expect(json.positioning.leveraged).toMatchObject({ net: -86_305.7, change: { '1': -11_333 } });
    expect(Object.keys(json.positioning.assetManagers.change)).toEqual(['1', '4', '13', '52']);
  });
});

describe('/ticker', () => {
  it('gives a member its card with flags and percentiles', async () => {
    const text = replyToText(checked(await ticker.execute(request('ticker', undefined, { symbol: ' insm ' }), context)));
    expect(text).toContain('INSM — INSMED INC');
    expect(text).toContain('Health Care · 0.470% of IWM');
    expect(text).toMatch(/Zombie flags/);
    const reply = await ticker.execute(request('ticker', undefined, { symbol: 'INSM' }), context);
    expect(reply.files?.[0]?.name).toBe('insm-vs-iwm.png');
    expect(reply.embeds![0]!.image).toEqual({ url: 'attachment://insm-vs-iwm.png' });
  });

  it('gives IWM the index card and SPY its price card', async () => {
    const iwm = replyToText(checked(await ticker.execute(request('ticker', undefined, { symbol: 'IWM' }), context)));
    expect(iwm).toContain('Zombie beta — IWM');
    // Σ Market Value of all 2,000 rows of the bundled Jul 11 2024 download (python3): $63,857,726,694.14
    expect(iwm).toContain('Capital engaged (IWM + Russell 2000 futures)');
    expect(iwm).toContain('IWM net assets $63.9bn (holdings 2024-07-11)');
    // Real TFF open interest of 2026-08-04 at the ^RUT close of that day (python3: 417,259 × 50 × 3,036.98).
    expect(iwm).toContain('RTY 417,259 contracts × $50 × 3,036.98 (^RUT close 2026-08-04) = $63.4bn (COT 2026-08-04)');
    expect(iwm).toContain('M2K 25,890 contracts × $5 × 3,036.98 (^RUT close 2026-08-04) = $393m (COT 2026-08-04)');
    expect(iwm).toContain('Total n/a: the IWM holdings (2024-07-11) and the COT report (2026-08-04) are 754 days apart');
    expect(iwm).toContain('IWM flows: n/a (needs two kept holdings files with shares outstanding)');
    expect(replyToText(await ticker.execute(request('ticker', undefined, { symbol: 'spy' }), context))).toContain('Last close 747.03 on 2026-07-31');
  });

  it('refuses junk and suggests close matches for unknown symbols, ephemerally', async () => {
    for (const junk of ["'; DROP TABLE holdings; --", 'x'.repeat(5000), '💀', '@everyone']) {
      expect(await ticker.execute(request('ticker', undefined, { symbol: junk }), context)).toMatchObject({ ephemeral: true });
    }
    const unknown = await ticker.execute(request('ticker', undefined, { symbol: 'IWN' }), context);
    expect(unknown.ephemeral).toBe(true);
    expect(unknown.content).toContain('`IWM` iShares Russell 2000 ETF');
  });

  it('autocompletes symbol prefixes first, then names, at most 25', async () => {
    const choices = await ticker.autocomplete({ ...request('ticker', undefined), focused: { name: 'symbol', value: 'iw' } }, context);
    expect(choices[0]).toEqual({ name: 'IWM — iShares Russell 2000 ETF', value: 'IWM' });
    expect(choices.length).toBeLessThanOrEqual(25);
  });
});
