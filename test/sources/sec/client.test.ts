import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config.js';
import { cikLabel, SecClient } from '../../../src/sources/sec/client.js';
import { startReplayServer, type ReplayServer } from '../../support/replay-server.js';
import { virtualClock } from '../../support/clock.js';

const USER_AGENT = 'zombie-beta tests admin@example.com';

describe('SecClient', () => {
  let server: ReplayServer;
  beforeEach(async () => {
    server = await startReplayServer();
  });
  afterEach(() => server.close());

  const client = (clock = virtualClock()) =>
    new SecClient(
      loadConfig({ SEC_WWW_URL: server.baseUrl, SEC_DATA_URL: server.baseUrl, SEC_USER_AGENT: USER_AGENT, HTTP_TIMEOUT_MS: '2000' }),
      clock,
    );

  it('builds the SEC paths with zero-padded CIKs', () => {
    const sec = client();
    expect(cikLabel(1640147)).toBe('CIK0001640147');
    expect(sec.companyTickersUrl()).toBe(`${server.baseUrl}/files/company_tickers.json`);
    expect(sec.companyFactsUrl(1640147)).toBe(`${server.baseUrl}/api/xbrl/companyfacts/CIK0001640147.json`);
    expect(sec.submissionsUrl(1318605)).toBe(`${server.baseUrl}/submissions/CIK0001318605.json`);
  });

  it('refuses http(s) without SEC_USER_AGENT but not a file:// directory', () => {
    expect(() => new SecClient(loadConfig({ SEC_WWW_URL: server.baseUrl, SEC_DATA_URL: server.baseUrl }))).toThrow(ConfigError);
    expect(() => new SecClient(loadConfig({ SEC_WWW_URL: server.baseUrl }))).toThrow(/set SEC_USER_AGENT/);
    expect(() => new SecClient(loadConfig({ SEC_WWW_URL: 'file:///tmp/sec', SEC_DATA_URL: 'file:///tmp/sec' }))).not.toThrow();
  });

  it('sends the User-Agent and keeps under 10 requests a second when called all at once', async () => {
    server.route('/x.json', { body: '{}' });
    const clock = virtualClock();
    const sec = client(clock);
    await Promise.all(Array.from({ length: 14 }, () => sec.getJson(`${server.baseUrl}/x.json`, 'test')));
    expect(server.requests).toHaveLength(14);
    // All but the first waited their turn on the shared limiter, 1/8 s after the one before: never 11 in a second.
    expect(clock.slept).toEqual(Array.from({ length: 13 }, () => 125));
    expect(clock.elapsed()).toBeGreaterThanOrEqual(13 * 100);
    expect(server.requests.every((r) => r.headers['user-agent'] === USER_AGENT)).toBe(true);
  });
});
