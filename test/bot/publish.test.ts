// Publication in the bot: every module's prepare runs at start and again once a snapshot completes, not on
// every check.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CommandContext, CommandModule } from '../../src/bot/command.js';
import { createLogger } from '../../src/core/log.js';
import { startPublishing } from '../../src/bot/publish.js';
import { loadConfig } from '../../src/config.js';
import { openDb } from '../../src/store/db.js';
import { beginSnapshot, completeSnapshot } from '../../src/store/snapshots.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('startPublishing', () => {
  it('prepares every module at start and after a snapshot completes, and not otherwise', async () => {
    vi.useFakeTimers();
    const db = openDb(':memory:');
    const context: CommandContext = { db, config: loadConfig({}), now: () => new Date('2024-11-06T15:00:00Z') };
    const prepared: string[] = [];
    const module = (name: string, prepare?: () => Promise<void>): [string, CommandModule] => [
      name,
      { data: { name, description: name }, execute: async () => ({ content: name }), ...(prepare && { prepare }) },
    ];
    const commands = new Map([module('zombie', async () => void prepared.push('zombie')), module('alerts')]);
    const publisher = startPublishing({ commands, context, logger: createLogger({ level: 'silent', secrets: [] }), checkMs: 1000 });
    await publisher.idle();
    expect(prepared).toEqual(['zombie']);

    await vi.advanceTimersByTimeAsync(3000);
    await publisher.idle();
    expect(prepared).toEqual(['zombie']);

    const id = beginSnapshot(db, { source: 'holdings', subject: 'IWM', asOf: '2024-07-11', origin: 'test', demo: false });
    completeSnapshot(db, id, { rowCount: 0 });
    await vi.advanceTimersByTimeAsync(1000);
    await publisher.idle();
    expect(prepared).toEqual(['zombie', 'zombie']);
    publisher.stop();
    db.close();
  });
});
