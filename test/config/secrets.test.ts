// What the logs never show: the bot token, the state database URL and its password (also percent-encoded in the URL).
import { describe, expect, it } from 'vitest';
import { configSecrets, loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/core/log.js';

describe('configSecrets', () => {
  it('names the token, the PostgreSQL URL and its decoded password, which the logger then scrubs', () => {
    const url = 'postgres://zombie:s3cret%2Fpass@db.internal:5432/zombie';
    const config = loadConfig({ DISCORD_TOKEN: 'the-bot-token-value', STATE_DATABASE_URL: url });
    expect(configSecrets(config)).toEqual(['the-bot-token-value', url, 's3cret/pass']);
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', secrets: configSecrets(config), destination: { write: (line: string) => lines.push(line) } });
    logger.error({ detail: `connect ${url} failed, password s3cret/pass refused` }, 'state database unreachable');
    expect(lines.join('')).not.toMatch(/s3cret|the-bot-token-value/);
  });

  it('has no database secret without STATE_DATABASE_URL, and refuses a URL that is not PostgreSQL', () => {
    expect(configSecrets(loadConfig({}))).toEqual([undefined, undefined, undefined]);
    expect(() => loadConfig({ STATE_DATABASE_URL: 'mysql://root@db/zombie' })).toThrow(/STATE_DATABASE_URL: must be a PostgreSQL URL/);
  });

  it('refuses a URL whose password has a stray %, in one message that names the variable and not the password', () => {
    const load = () => loadConfig({ STATE_DATABASE_URL: 'postgres://zombie:Bad%ZZpass@db.internal:5432/zombie' });
    expect(load).toThrow(/STATE_DATABASE_URL: must be a valid URL: percent-encode/);
    expect(load).not.toThrow(/Bad%ZZpass/);
  });
});
