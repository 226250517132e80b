import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { DiscordAPIError } from 'discord.js';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createLogger, secretScrubber } from '../../src/core/log.js';

const TOKEN = 'MTExMTExMTExMTExMTExMTEx.GhIjKl.this-is-the-secret-part-0123456789abcd';

function capture(secrets: string[] = [TOKEN]) {
  const lines: string[] = [];
  const logger = createLogger({ level: 'info', secrets, destination: { write: (line: string) => lines.push(line) } });
  return { logger, output: () => lines.join('') };
}

describe('createLogger', () => {
  it('never prints the token: in messages, error messages and stacks, or nested objects', () => {
    const { logger, output } = capture(['plain-test-token-value']);
    logger.info('logging in with plain-test-token-value');
    logger.error({ err: new Error('bad credentials plain-test-token-value') }, 'failed');
    logger.info({ request: { headers: { authorization: 'Bot plain-test-token-value' } } }, 'request');
    logger.info({ config: { DISCORD_TOKEN: 'plain-test-token-value', LOG_LEVEL: 'info' } }, 'oops, a config object');
    expect(output()).not.toContain('plain-test-token-value');
    expect(output()).toContain('bad credentials [redacted]');
    expect(output().match(/\[redacted\]/g)?.length).toBeGreaterThanOrEqual(5);
  });

  it('redacts anything shaped like a Discord bot token even when it is not the configured one', () => {
    const { logger, output } = capture([]);
    logger.warn({ detail: `seen ${TOKEN}` }, 'warning');
    expect(output()).not.toContain('this-is-the-secret-part');
  });

  it('masks interaction tokens in callback and webhook URLs', () => {
    const { logger, output } = capture();
    logger.error({ url: 'http://x/api/v10/webhooks/111/aW50ZXJhY3Rpb24.abc_DEF/messages/@original' }, 'edit failed');
    logger.error({ url: 'http://x/api/v10/interactions/222/aW50ZXJhY3Rpb24xyz/callback' }, 'reply failed');
    expect(output()).toContain('webhooks/111/[redacted]/messages/@original');
    expect(output()).toContain('interactions/222/[redacted]/callback');
    expect(output()).not.toContain('aW50ZXJhY3Rpb24');
  });

  it("prints a Discord error's status, code, method and URL but not the request body it carries (embeds, chart bytes)", () => {
    const { logger, output } = capture();
    const png = Buffer.alloc(100_000, 7);
    const refused = new DiscordAPIError(
      { code: 10062, message: 'Unknown interaction' },
      10062,
      404,
      'POST',
      'http://x/api/v10/interactions/222/aW50ZXJhY3Rpb24xyz/callback',
      { body: { type: 4, data: { embeds: [{ title: 'IWM — iShares Russell 2000 ETF' }] } }, files: [{ name: 'chart.png', data: png }] },
    );
    logger.error({ err: refused }, 'could not deliver the reply');
    const line = JSON.parse(output()) as { err: Record<string, unknown> };
    expect(line.err).toMatchObject({ type: 'DiscordAPIError', code: 10062, status: 404, method: 'POST', message: 'Unknown interaction' });
    expect(line.err.url).toBe('http://x/api/v10/interactions/222/[redacted]/callback');
    expect(line.err).not.toHaveProperty('requestBody');
    expect(output().length).toBeLessThan(5000);
    logger.error({ err: new Error('plain', { cause: new Error('underneath') }) }, 'other errors as before');
    expect(output()).toContain('underneath');
  });
});

describe("the bot's stdout", () => {
  const SRC = join(import.meta.dirname, '..', '..', 'src', 'core');

  /** Runs `script` (an ES module) in a child whose stdout nobody reads until it has written to stderr; then reads all. */
  async function withLaggingReader(script: string): Promise<{ said: string; lines: string[] }> {
    const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), '--input-type=module', '-e', script], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    onTestFinished(() => void child.kill('SIGKILL'));
    child.stdout.pause();
    const [said] = (await once(child.stderr, 'data')) as [Buffer];
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stdout.resume();
    child.stdin.end('exit\n');
    await once(child, 'close');
    return { said: said.toString(), lines: output.trim().split('\n') };
  }

  it('is written without blocking the event loop while its reader lags, and every line is out when the process exits', async () => {
    // 2 MB of lines into a pipe that holds 64 KB and that nobody reads until the child says its event loop turned:
    // written synchronously, the child would wait at each full pipe and never get there.
    const { said, lines } = await withLaggingReader(`
      const { createLogger } = await import(${JSON.stringify(join(SRC, 'log.ts'))});
      const logger = createLogger({ level: 'info', secrets: [] });
      for (let i = 0; i < 2000; i++) logger.info({ i, padding: 'x'.repeat(1000) }, 'flood');
      setImmediate(() => process.stderr.write('event loop free'));
      process.stdin.once('data', () => process.exit(0));`);
    expect(said).toBe('event loop free');
    expect(lines).toHaveLength(2000);
    expect(lines.map((line) => (JSON.parse(line) as { i: number }).i)).toEqual(Array.from({ length: 2000 }, (_, i) => i));
  });

  it('drops lines past its limit rather than hold them all, and says how many once the reader caught up', async () => {
    const { lines } = await withLaggingReader(`
      const { nonBlockingOutput } = await import(${JSON.stringify(join(SRC, 'log-output.ts'))});
      const output = nonBlockingOutput(1, 256 * 1024);
      for (let i = 0; i < 2000; i++) output.write(JSON.stringify({ i, padding: 'x'.repeat(1000) }) + '\\n');
      process.stderr.write('written');
      process.stdin.once('data', () => process.exit(0));`);
    const note = JSON.parse(lines.at(-1)!) as { level: number; msg: string; dropped: number };
    expect(note).toMatchObject({ level: 40, msg: 'log lines dropped: standard output was not read fast enough' });
    const kept = lines.slice(0, -1).map((line) => (JSON.parse(line) as { i: number }).i);
    expect(kept.length + note.dropped).toBe(2000);
    expect(kept).toEqual(Array.from({ length: kept.length }, (_, i) => i));
    expect(kept.length).toBeLessThan(2000);
  });
});

describe('secretScrubber', () => {
  it('also replaces the JSON-escaped form of a secret', () => {
    const scrub = secretScrubber(['quote"in\\token-x']);
    expect(scrub(JSON.stringify({ t: 'a quote"in\\token-x b' }))).toBe('{"t":"a [redacted] b"}');
  });

  it('leaves values too short to be credentials alone', () => {
    expect(secretScrubber(['t', undefined, ''])('the text stays')).toBe('the text stays');
  });
});
