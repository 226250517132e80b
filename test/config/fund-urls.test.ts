import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('ISHARES_FUND_URLS', () => {
  it('is empty by default and reads URLs separated by commas, spaces or newlines', () => {
    expect(loadConfig({}).ISHARES_FUND_URLS).toEqual([]);
    expect(loadConfig({ ISHARES_FUND_URLS: '  ' }).ISHARES_FUND_URLS).toEqual([]);
    expect(loadConfig({ ISHARES_FUND_URLS: 'https://a.example/ijr.csv, https://b.example/ivv.csv\nfile:///tmp/ijh.csv' }).ISHARES_FUND_URLS).toEqual([
      'https://a.example/ijr.csv',
      'https://b.example/ivv.csv',
      'file:///tmp/ijh.csv',
    ]);
  });

  it('refuses what is no http(s) or file URL, naming the variable', () => {
    expect(() => loadConfig({ ISHARES_FUND_URLS: 'https://a.example/ijr.csv ftp://b.example/x.csv' })).toThrow(ConfigError);
    expect(() => loadConfig({ ISHARES_FUND_URLS: 'ijr.csv' })).toThrow(/ISHARES_FUND_URLS/);
  });
});
