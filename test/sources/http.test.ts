import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fetchJson, fetchText, RateLimiter, SourceError } from '../../src/sources/http.js';
import { virtualClock } from '../support/clock.js';
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
    const clock = virtualClock();
    await fetchText(`${server.baseUrl}/x`, { ...options, clock });
    expect(server.requests).toHaveLength(2);
    expect(clock.slept).toEqual([1000]);
  });

  it('honours a Retry-After date, and backs off doubling when none is given', async () => {
    const clock = virtualClock(Date.parse('2025-06-02T14:00:00Z'));
    server.route('/x', [
      { status: 503, headers: { 'retry-after': 'Mon, 02 Jun 2025 14:00:03 GMT' } },
      { status: 503 },
      { status: 500 },
      { body: 'ok' },
    ]);
    await expect(fetchText(`${server.baseUrl}/x`, { ...options, backoffMs: 500, clock })).resolves.toBe('ok');
    expect(clock.slept).toEqual([3000, 1000, 2000]);
  });

  it('caps a Retry-After at maxRetryAfterMs', async () => {
    const clock = virtualClock();
    server.route('/x', [{ status: 429, headers: { 'retry-after': '3600' } }, { body: 'ok' }]);
    await fetchText(`${server.baseUrl}/x`, { ...options, maxRetryAfterMs: 60_000, clock });
    expect(clock.slept).toEqual([60_000]);
  });

  it('does not retry a 4xx other than 429, and names the source', async () => {
    server.route('/x', { status: 403, body: 'forbidden' });
    await expect(fetchText(`${server.baseUrl}/x`, options)).rejects.toThrow(/test upstream: HTTP 403/);
    expect(server.requests).toHaveLength(1);
  });

  it('gives up after the attempts with the last error, naming the source once', async () => {
    server.route('/x', { status: 500 });
    await expect(fetchText(`${server.baseUrl}/x`, { ...options, attempts: 2 })).rejects.toThrow(
      new SourceError('test upstream', `gave up after 2 attempts: HTTP 500 from ${server.baseUrl}/x`),
    );
    await expect(fetchText(`${server.baseUrl}/x`, { ...options, attempts: 2 })).rejects.toThrow(
      /^test upstream: gave up after 2 attempts: HTTP 500 from [^:]+:\/\/[^ ]+$/,
    );
  });

  it('times out slow responses and retries them', async () => {
    server.route('/x', [{ delayMs: 2000, body: 'late' }, { body: 'ok' }]);
    await expect(fetchText(`${server.baseUrl}/x`, { ...options, timeoutMs: 100 })).resolves.toBe('ok');
  });

  it('says "timed out after N ms" when every attempt times out', async () => {
    server.route('/x', { delayMs: 2000, body: 'late' });
    await expect(fetchText(`${server.baseUrl}/x?key=secret`, { ...options, timeoutMs: 100, attempts: 2 })).rejects.toThrow(
      `test upstream: gave up after 2 attempts: timed out after 100 ms (${server.baseUrl}/x)`,
    );
  });

  it('does not retry a gzip body that does not decompress', async () => {
    server.route('/x', { headers: { 'content-encoding': 'gzip' }, body: Buffer.from('this is not gzip at all') });
    await expect(fetchText(`${server.baseUrl}/x`, options)).rejects.toThrow(
      new RegExp(`^test upstream: cannot decode the response body from ${server.baseUrl}/x: `),
    );
    expect(server.requests).toHaveLength(1);
  });

  it('retries network failures and keeps query strings out of every message', async () => {
    const closed = await startReplayServer();
    const url = `${closed.baseUrl}/x?api_key=secret&token=t`;
    await closed.close();
    const error = (await fetchText(url, { ...options, attempts: 2 }).then(
      () => new Error('resolved'),
      (e: unknown) => e,
    )) as Error;
    expect(error).toBeInstanceOf(SourceError);
    expect(error.message).toMatch(/^test upstream: gave up after 2 attempts: .*ECONNREFUSED/);
    expect(error.message).not.toMatch(/secret|api_key|token=/);
    expect(new SourceError('SEC', 'request to https://x.example/a?k=1 failed').message).toBe('SEC: request to https://x.example/a failed');
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
    const clock = virtualClock();
    const limiter = new RateLimiter(10, clock);
    const granted: number[] = [];
    for (let i = 0; i < 11; i++) {
      await limiter.take();
      granted.push(clock.elapsed());
    }
    expect(granted).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]);
    expect(limiter.requests).toBe(11);
  });

  it('lets requests through at once when they are already spaced out', async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter(2, clock);
    await limiter.take();
    await clock.sleep(600);
    await limiter.take();
    expect(clock.slept).toEqual([600]);
  });
});
