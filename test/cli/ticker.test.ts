// `zombie ticker SYMBOL`: input that is no ticker symbol (a 100,000-character string, a direction override,
// a path) is refused in one short line that never echoes it whole, before the cache is read.
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testCliApp } from '../support/cli-app.js';
import { registerRenderCli } from '../../src/cli/render.js';
import { openDb, type Db } from '../../src/store/db.js';

let db: Db;
beforeEach(() => {
  db = openDb(':memory:');
});
afterEach(() => db.close());

function zombie(args: string[]): Promise<unknown> {
  const app = testCliApp(db);
  const program = new Command('zombie').exitOverride();
  registerRenderCli(program, app);
  return program.parseAsync(['node', 'zombie', ...args]);
}

describe('zombie ticker', () => {
  it('refuses a huge string in one short line', async () => {
    const error = await zombie(['ticker', 'A'.repeat(100_000)]).catch((e: Error) => e);
    expect((error as Error).message).toBe('"AAAAAAAAAAAAAAAAAAAA…" is not a ticker symbol: use 1–10 letters or digits, like IWM or INSM');
  });

  it('escapes control and direction marks instead of printing them', async () => {
    await expect(zombie(['ticker', '\u202eMSNI\u0000'])).rejects.toThrow('"\\u202eMSNI\\u0000" is not a ticker symbol');
    await expect(zombie(['ticker', 'A/../../PW'])).rejects.toThrow('"A/../../PW" is not a ticker symbol');
  });

  it('looks a valid symbol up in the cache after normalising it', async () => {
    await expect(zombie(['ticker', 'ｉｎｓｍ'])).rejects.toThrow(/^INSM is not a member of the cached IWM holdings$/);
  });
});
