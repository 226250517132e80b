// `zombie alerts copy-state`: a single host's alert state (SQLite, in the cache file) moved into PostgreSQL, row for
// row with its ids — settings, rules, memory, unshown notices, the outbox with a post folded into an "and N more" post
// and a file — so that the keys of what was posted keep it from being posted again; an already used target refused.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toAlertMessage } from '../../src/alerts/messages.js';
import { registerAlertsCli } from '../../src/cli/alerts.js';
import { loadConfig } from '../../src/config.js';
import type { AlertDb } from '../../src/store/alerts/engine.js';
import { readAlertMemory, writeRuleMemory } from '../../src/store/alerts/memory.js';
import { addNotice, takeNotices } from '../../src/store/alerts/notices.js';
import { claimFold, enqueuePost, listAlertPosts, readPostMessage, type NewPost, type PostKey } from '../../src/store/alerts/outbox.js';
import { listKindOverrides, saveKindSetting } from '../../src/store/alerts/rules.js';
import { getAlertSettings, saveAlertChannel, saveDigestSchedule } from '../../src/store/alerts/settings.js';
import { sqliteAlertDb } from '../../src/store/alerts/sqlite.js';
import { openDb, type Db } from '../../src/store/db.js';
import { connectTo } from '../support/alert-location.js';
import { testCliApp } from '../support/cli-app.js';
import { createTestDatabase, postgresUrl, type TestDatabase } from '../support/postgres.js';

const GUILD = '2222222222222222222';
const CHANNEL = '3333333333333333333';
const AT = new Date('2024-11-06T13:00:00Z');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff]);

function post(subject: string, files: NewPost['message']['files'] = []): NewPost {
  const key: PostKey = { guildId: GUILD, rule: 'distress', subject, period: '2024-11-06' };
  const message = toAlertMessage({ embeds: [{ title: `${subject} entered the Altman distress zone` }] }, key);
  return { key, title: subject, priority: 3, message: { ...message, files }, expiresAt: '2024-11-07T01:00:00.000Z' };
}

describe.skipIf(postgresUrl() === null)('zombie alerts copy-state', () => {
  let dir: string;
  let cache: Db;
  let source: AlertDb;
  let database: TestDatabase;
  let target: AlertDb;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'zombie-copy-state-'));
    cache = openDb(join(dir, 'zombie.db'));
    source = sqliteAlertDb(openDb(join(dir, 'zombie.db')));
    database = await createTestDatabase();
    target = await connectTo(database.url);
    await saveDigestSchedule(source, GUILD, { digestTime: '07:30', timezone: 'Europe/London' }, AT);
    await saveAlertChannel(source, GUILD, CHANNEL, AT);
    await saveKindSetting(source, GUILD, 'odds-move', { enabled: true, threshold: 7.5 }, AT);
    await writeRuleMemory(source, GUILD, { zones: { ZB1: 'grey' }, correlation: 0.42 }, AT);
    await addNotice(source, GUILD, 'Alerts are paused.', AT);
    await enqueuePost(source, post('ZB1', [{ name: 'chart.png', data: PNG }]), AT);
    await enqueuePost(source, post('ZB2'), AT);
    const [, second] = await listAlertPosts(source, GUILD);
    await claimFold(source, { ...post('and-more'), key: { ...post('and-more').key, rule: 'fold' } }, [second!.id], {
      token: 't',
      channelId: CHANNEL,
      at: AT,
    });
  });

  afterEach(async () => {
    await target.close();
    await database.drop();
    await source.close();
    cache.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('moves every table row for row, and a post already in the outbox is not queued again', async () => {
    const out: string[] = [];
    const app = testCliApp(cache, { config: loadConfig({ STATE_DATABASE_URL: database.url }), alertDb: target, out: (text) => void out.push(text) });
    const program = new Command('zombie').exitOverride();
    registerAlertsCli(program, app, { loadState: () => ({}) as never, summaryEmbed: () => ({}) });
    await program.parseAsync(['node', 'zombie', 'alerts', 'copy-state']);
    expect(out).toEqual([
      `copied 1 alert_settings, 1 alert_rules, 1 alert_memory, 1 alert_notices, 3 alert_posts from ${join(dir, 'zombie.db')} to ${database.url}`,
    ]);
    expect(await getAlertSettings(target, GUILD)).toEqual(await getAlertSettings(source, GUILD));
    expect(await listKindOverrides(target, GUILD)).toEqual(await listKindOverrides(source, GUILD));
    expect(await readAlertMemory(target, GUILD)).toEqual(await readAlertMemory(source, GUILD));
    expect(await listAlertPosts(target, GUILD)).toEqual(await listAlertPosts(source, GUILD));
    const [first] = await listAlertPosts(target, GUILD);
    expect((await readPostMessage(target, first!.id)).files).toEqual([{ name: 'chart.png', data: PNG }]);
    expect(await takeNotices(target, GUILD, AT)).toEqual(['Alerts are paused.']);
    expect(await enqueuePost(target, post('ZB1'), AT)).toBe(false);
    expect(await enqueuePost(target, post('ZB9'), AT)).toBe(true);
    // The id sequence continues after the copied ids (PostgreSQL may skip a number: the refused insert used one).
    const ids = (await listAlertPosts(target, GUILD)).map((stored) => stored.id);
    expect(ids.slice(0, 3)).toEqual([1, 2, 3]);
    expect(ids[3]).toBeGreaterThan(3);
    await expect(program.parseAsync(['node', 'zombie', 'alerts', 'copy-state'])).rejects.toThrow(
      'the target already has 1 row in alert_settings; it must be empty',
    );
  });
});
