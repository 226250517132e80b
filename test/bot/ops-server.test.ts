// The operations endpoints as a module (src/bot/ops-server.ts): named readiness probes, the registry at /metrics,
// and what the configuration (OPS_PORT, OPS_HOST) accepts. The bot serving them is tested in operations.test.ts.
import { afterEach, describe, expect, it } from 'vitest';
import { Counter, Registry } from 'prom-client';
import { createBotMetrics } from '../../src/bot/metrics.js';
import { readiness, startOpsServer, type OpsServer, type ReadinessProbe } from '../../src/bot/ops-server.js';
import { loadConfig } from '../../src/config.js';

let server: OpsServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(probes: ReadinessProbe[], registry = new Registry()): Promise<string> {
  server = await startOpsServer({ host: '127.0.0.1', port: 0, registry, probes });
  return server.url;
}

describe('ops server', () => {
  it('answers /healthz at once and /readyz from its probes: 200 when all are ready, else 503 naming each', async () => {
    let discord: string | null = 'not connected';
    const url = await serve([
      { name: 'discord', check: () => discord },
      { name: 'cache', check: () => null },
    ]);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const health = await fetch(`${url}/healthz`);
    expect([health.status, await health.text()]).toEqual([200, 'ok\n']);
    const notReady = await fetch(`${url}/readyz`);
    expect([notReady.status, await notReady.text()]).toEqual([503, 'not ready\ndiscord: not connected\ncache: ok\n']);
    expect(notReady.headers.get('cache-control')).toBe('no-store');
    discord = null;
    const ready = await fetch(`${url}/readyz`);
    expect([ready.status, await ready.text()]).toEqual([200, 'ready\ndiscord: ok\ncache: ok\n']);
  });

  it('serves its registry at /metrics in the Prometheus text format', async () => {
    const registry = new Registry();
    new Counter({ name: 'zombie_test_total', help: 'A test counter.', registers: [registry] }).inc(3);
    const url = await serve([], registry);
    const metrics = await fetch(`${url}/metrics`);
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toBe(registry.contentType);
    expect(await metrics.text()).toBe('# HELP zombie_test_total A test counter.\n# TYPE zombie_test_total counter\nzombie_test_total 3\n');
  });

  it('answers 404 elsewhere, 405 to anything but GET and HEAD, and HEAD without a body', async () => {
    const url = await serve([]);
    expect((await fetch(`${url}/`)).status).toBe(404);
    const post = await fetch(`${url}/healthz`, { method: 'POST' });
    expect([post.status, post.headers.get('allow')]).toEqual([405, 'GET, HEAD']);
    const head = await fetch(`${url}/readyz`, { method: 'HEAD' });
    expect([head.status, await head.text()]).toEqual([200, '']);
  });

  it('counts a probe that throws as not ready, with its error', () => {
    const verdict = readiness([
      {
        name: 'cache',
        check: () => {
          throw new Error('disk I/O error');
        },
      },
    ]);
    expect(verdict).toEqual({ ready: false, lines: ['cache: probe failed: disk I/O error'] });
  });

  it('refuses a port that is taken', async () => {
    const url = await serve([]);
    await expect(startOpsServer({ host: '127.0.0.1', port: Number(new URL(url).port), registry: new Registry(), probes: [] })).rejects.toThrow(
      /EADDRINUSE/,
    );
  });
});

describe('bot metrics', () => {
  it('label commands, charts, alert posts, REST errors and snapshot ages with small fixed sets, and fill the gauges when scraped', async () => {
    const metrics = createBotMetrics(
      {
        chartQueue: () => 7,
        snapshotCompletions: () => [{ source: 'holdings', completedAt: '2026-12-05T06:00:00.000Z' }],
        now: () => new Date('2026-12-05T18:00:00.000Z'),
      },
      { process: false },
    );
    metrics.commandAnswered({ command: '/zombie summary', outcome: 'answered', seconds: 0.004 });
    metrics.commandAnswered({ command: '/zombie summary', outcome: 'answered', seconds: 2.5 });
    metrics.chartRendered('ticker', 0.12);
    metrics.alertPost('sent');
    metrics.restError(429);
    metrics.restError('network');
    const text = await metrics.registry.metrics();
    expect(text).toContain('zombie_commands_total{command="/zombie summary",outcome="answered"} 2');
    expect(text).toContain('zombie_command_duration_seconds_bucket{le="2",command="/zombie summary"} 1');
    expect(text).toContain('zombie_command_duration_seconds_bucket{le="3",command="/zombie summary"} 2');
    expect(text).toContain('zombie_chart_render_seconds_bucket{le="0.15",chart="ticker"} 1');
    expect(text).toContain('zombie_chart_queue_depth 7');
    expect(text).toContain('zombie_alert_posts_total{outcome="sent"} 1');
    expect(text).toContain('zombie_discord_rest_errors_total{status="429"} 1');
    expect(text).toContain('zombie_discord_rest_errors_total{status="network"} 1');
    expect(text).toContain('zombie_snapshot_age_seconds{source="holdings"} 43200');
    expect(text).not.toContain('process_cpu');
  });
});

describe('OPS_PORT and OPS_HOST', () => {
  it('are off by default and bind to 127.0.0.1', () => {
    expect(loadConfig({}).OPS_PORT).toBeUndefined();
    expect(loadConfig({}).OPS_HOST).toBe('127.0.0.1');
    expect(loadConfig({ OPS_PORT: '' }).OPS_PORT).toBeUndefined();
    expect(loadConfig({ OPS_PORT: '9464', OPS_HOST: '0.0.0.0' })).toMatchObject({ OPS_PORT: 9464, OPS_HOST: '0.0.0.0' });
  });

  it('name the variable when the port is no port', () => {
    expect(() => loadConfig({ OPS_PORT: 'metrics' })).toThrow(/OPS_PORT: must be a port number \(empty turns the endpoints off\)/);
    expect(() => loadConfig({ OPS_PORT: '70000' })).toThrow(/OPS_PORT: must be a port number from 1 to 65535/);
    expect(() => loadConfig({ OPS_PORT: '94.64' })).toThrow(/OPS_PORT: must be a whole port number/);
  });
});
