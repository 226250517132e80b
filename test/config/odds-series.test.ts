import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('ODDS_SERIES and ODDS_EVENT_COUNT', () => {
  it('default to no extra series and five events', () => {
    const config = loadConfig({});
    expect(config.ODDS_SERIES).toEqual([]);
    expect(config.ODDS_EVENT_COUNT).toBe(5);
  });

  it('read a JSON list of Polymarket outcomes and files, each named', () => {
    const config = loadConfig({
      ODDS_SERIES:
        '[{"name":"vance-2028","polymarket":"presidential-election-winner-2028","outcome":"JD Vance"},{"name":"sweep","polymarket":"balance-of-power-2024-election"},{"name":"k","file":"data/k.csv","format":"kalshi-csv"}]',
      ODDS_EVENT_COUNT: '10',
    });
    expect(config.ODDS_SERIES).toEqual([
      { name: 'vance-2028', polymarket: 'presidential-election-winner-2028', outcome: 'JD Vance' },
      { name: 'sweep', polymarket: 'balance-of-power-2024-election', outcome: 'Yes' },
      { name: 'k', file: 'data/k.csv', format: 'kalshi-csv' },
    ]);
    expect(config.ODDS_EVENT_COUNT).toBe(10);
  });

  it('names the variable when the list is not JSON, has an unknown field or repeats a name', () => {
    expect(() => loadConfig({ ODDS_SERIES: 'vance-2028' })).toThrow(/ODDS_SERIES: must be a JSON list/);
    expect(() => loadConfig({ ODDS_SERIES: '[{"name":"x","file":"a.csv","format":"xls"}]' })).toThrow(ConfigError);
    expect(() => loadConfig({ ODDS_SERIES: '[{"name":"x","file":"a.csv"},{"name":"x","file":"b.csv"}]' })).toThrow(
      /ODDS_SERIES: series names must differ/,
    );
    expect(() => loadConfig({ ODDS_EVENT_COUNT: '-1' })).toThrow(/ODDS_EVENT_COUNT/);
  });
});
