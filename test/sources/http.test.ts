import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fetchJson, fetchText, RateLimiter, SourceError } from '../../src/sources/http.js';
import { startReplayServer, type ReplayServer } from '../support/replay-server.js';

describe('fetchText', () => {
  let server: ReplayServer;
  beforeEach(async () => {
    server = await startReplayServer();
  });
  afterEach(() => server.close());

  const options = { source: 'test upstream', backoffMs: 5, timeoutMs: 500 };

  it('retries 429 and 5xx, then returns the body', async () => {
    server.route('/x', [{ status: 429, headers: { 'retry-after': '0' } }, { status: 503 }, { body: 'ok' }]);
    await expect(fetchText(`${server.baseUrl}/x`, options)).resolves.toBe('ok');
    expect(server.requests).toHaveLength(3);
  });

  it('honours Retry-After seconds', async () => {
    server.route('/x', [{ status: 429, headers: { 'retry-after': '1' } }, { body: 'ok' }]);
    await fetchText(`${server.baseUrl}/x`, options);
    const [first, second] = server.requests;
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(950);
  });

  it('does not retry a 4xx other than 429, and names the source', async () => {
    server.route('/x', { status: 403, body: 'forbidden' });
    await expect(fetchText(`${server.baseUrl}/x`, options)).rejects.toThrow(/test upstream: HTTP 403/);
    expect(server.requests).toHaveLength(1);
  });

  it('gives up after the attempts with the last error', async () => {
    server.route('/x', { status: 500 });
    await expect(fetchText(`${server.baseUrl}/x`, { ...options, attempts: 2 })).rejects.toThrow(
      /gave up after 2 attempts: test upstream: HTTP 500/,
    );
  });

  it('times out slow responses and retries them', async () => {
    server.route('/x', [{ delayMs: 2000, body: 'late' }, { body: 'ok' }]);
    await expect(fetchText(`${server.baseUrl}/x`, { ...options, timeoutMs: 100 })).resolves.toBe('ok');
  });

  it('returns null on 404 when allowed', async () => {
    await expect(fetchText(`${server.baseUrl}/missing`, { ...options, allowNotFound: true })).resolves.toBeNull();
  });

  it('sends the configured headers', async () => {
    server.route('/x', { body: 'ok' });
    await fetchText(`${server.baseUrl}/x`, { ...options, headers: { 'User-Agent': 'zombie-beta a@b.co' } });
    expect(server.requests[0]!.headers['user-agent']).toBe('zombie-beta a@b.co');
  });

  it('rejects an HTML page served with 200 where JSON was expected', async () => {
    server.route('/x', { body: '<!DOCTYPE html><html><body>Access denied</body></html>' });
    await expect(fetchJson(`${server.baseUrl}/x`, options)).rejects.toThrow(/expected JSON but got an HTML page/);
  });

  it('reads local files and names a missing one', async () => {
    await expect(fetchText('package.json', options)).resolves.toContain('zombie-beta');
    await expect(fetchText('no/such/file.csv', options)).rejects.toBeInstanceOf(SourceError);
  });
});

describe('RateLimiter', () => {
  it('spaces requests to at most N per second', async () => {
    const limiter = new RateLimiter(10);
    const started = Date.now();
    for (let i = 0; i < 11; i++) await limiter.take();
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });
});
