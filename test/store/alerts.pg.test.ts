// The alert state on both engines — SQLite (the default) and PostgreSQL (STATE_DATABASE_URL) — through the same
// store functions: settings, rules, memory and notices survive a reconnect and are seen by another connection
// (another process or host); the outbox inserts each key once; notices are taken once; the scheduler lease has one
// holder at a time. The PostgreSQL half runs on the run's throwaway cluster.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toAlertMessage } from '../../src/alerts/messages.js';
import type { AlertDb } from '../../src/store/alerts/engine.js';
import { acquireLease, leaseHolder, releaseLease } from '../../src/store/alerts/lease.js';
import { readAlertMemory, writeRuleMemory } from '../../src/store/alerts/memory.js';
import { addNotice, takeNotices } from '../../src/store/alerts/notices.js';
import { enqueuePost, listAlertPosts, postExists, readPostMessage, type NewPost, type PostKey } from '../../src/store/alerts/outbox.js';
import { kindOverridesByServer, listKindOverrides, pauseKind, saveKindSetting } from '../../src/store/alerts/rules.js';
import {
  disableAlerts,
  getAlertSettings,
  listPostingServers,
  pauseAlertChannel,
  saveAlertChannel,
  saveDigestSchedule,
} from '../../src/store/alerts/settings.js';
import { ENGINES, type EngineFixture } from '../support/alert-engines.js';

const GUILD = '2222222222222222222';
const OTHER_GUILD = '9999999999999999999';
const CHANNEL = '3333333333333333333';
const AT = new Date('2024-11-06T13:00:00Z');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff]);

function post(key: Partial<PostKey> = {}, files: NewPost['message']['files'] = []): NewPost {
  const full: PostKey = { guildId: GUILD, rule: 'iwm-move', subject: 'IWM', period: '2024-11-06', ...key };
  const message = toAlertMessage({ embeds: [{ title: 'IWM closed +5.8% on 2024-11-06' }] }, full);
  return { key: full, title: 'IWM closed +5.8%', priority: 2, message: { ...message, files }, expiresAt: '2024-11-07T01:00:00.000Z' };
}

describe.each(ENGINES)('the alert state on $name', (engine) => {
  let fixture: EngineFixture;
  let store: AlertDb;

  beforeEach(async (context) => {
    if (!engine.available) context.skip('no PostgreSQL on this machine (apt-get install postgresql)');
    fixture = await engine.create();
    store = await fixture.connect();
  });

  afterEach(async () => {
    await fixture?.cleanup();
  });

  describe('alert settings per server', () => {
    it('survive a reconnect and are seen by another connection: channel, digest time and zone, rule overrides', async () => {
      await saveDigestSchedule(store, GUILD, { digestTime: '07:30', timezone: 'Europe/London' }, AT);
      await saveAlertChannel(store, GUILD, CHANNEL, AT);
      await saveKindSetting(store, GUILD, 'odds-move', { enabled: true, threshold: 7.5 }, AT);
      await saveKindSetting(store, GUILD, 'stale', { enabled: false, threshold: null }, AT);
      await store.close();
      const other = await fixture.connect();
      expect(await getAlertSettings(other, GUILD)).toEqual({
        guildId: GUILD,
        channelId: CHANNEL,
        enabled: true,
        digestTime: '07:30',
        timezone: 'Europe/London',
        pausedReason: null,
        updatedAt: AT.toISOString(),
      });
      expect(await listKindOverrides(other, GUILD)).toEqual([
        { kind: 'odds-move', enabled: true, threshold: 7.5, pausedReason: null },
        { kind: 'stale', enabled: false, threshold: null, pausedReason: null },
      ]);
      expect(await kindOverridesByServer(other, 'stale')).toEqual(
        new Map([[GUILD, { kind: 'stale', enabled: false, threshold: null, pausedReason: null }]]),
      );
    });

    it('start with the 08:00 America/New_York digest and no posting until a channel is set', async () => {
      await saveKindSetting(store, GUILD, 'iwm-move', { enabled: true, threshold: 3 }, AT);
      await saveDigestSchedule(store, GUILD, { digestTime: '08:00', timezone: 'America/New_York' }, AT);
      expect(await getAlertSettings(store, GUILD)).toMatchObject({ enabled: false, channelId: null, digestTime: '08:00' });
      expect(await listPostingServers(store)).toEqual([]);
    });

    it('stop posting while the channel is paused, and resume when a channel is set again', async () => {
      await saveAlertChannel(store, GUILD, CHANNEL, AT);
      await pauseAlertChannel(store, GUILD, '4444444444444444444', 'Discord refused posting in <#4444444444444444444>', AT); // another channel: no pause
      expect((await getAlertSettings(store, GUILD))?.pausedReason).toBeNull();
      await pauseAlertChannel(store, GUILD, CHANNEL, 'Discord refused posting in <#3333333333333333333>: 403 Missing Permissions', AT);
      expect(await listPostingServers(store)).toEqual([]);
      await saveAlertChannel(store, GUILD, CHANNEL, AT);
      expect((await listPostingServers(store)).map((s) => s.guildId)).toEqual([GUILD]);
    });

    it('pause one kind without changing its threshold; adding it again clears the pause', async () => {
      await saveKindSetting(store, GUILD, 'distress', { enabled: true, threshold: null }, AT);
      await pauseKind(store, GUILD, 'distress', '400 Invalid Form Body', AT);
      await pauseKind(store, GUILD, 'correlation', '400 Invalid Form Body', AT);
      expect(await listKindOverrides(store, GUILD)).toEqual([
        { kind: 'correlation', enabled: true, threshold: null, pausedReason: '400 Invalid Form Body' },
        { kind: 'distress', enabled: true, threshold: null, pausedReason: '400 Invalid Form Body' },
      ]);
      await saveKindSetting(store, GUILD, 'distress', { enabled: true, threshold: null }, AT);
      expect((await listKindOverrides(store, GUILD)).find((k) => k.kind === 'distress')?.pausedReason).toBeNull();
    });

    it('turning alerts off forgets what the rules saw, so turning them on again starts from a fresh baseline', async () => {
      await saveAlertChannel(store, GUILD, CHANNEL, AT);
      await writeRuleMemory(store, GUILD, { zones: { AAA: 'grey' }, correlation: 0.4123456789 }, AT);
      expect((await readAlertMemory(store, GUILD)).rules).toEqual({ zones: { AAA: 'grey' }, correlation: 0.4123456789 });
      await disableAlerts(store, GUILD, AT);
      expect((await getAlertSettings(store, GUILD))?.enabled).toBe(false);
      expect((await readAlertMemory(store, GUILD)).rules).toEqual({ zones: null, correlation: null });
    });

    it('rolls a failed transaction back', async () => {
      await expect(
        store.transaction(async (tx) => {
          await saveAlertChannel(tx, GUILD, CHANNEL, AT);
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await getAlertSettings(store, GUILD)).toBeNull();
    });
  });

  describe('admin notices', () => {
    it('are shown once, oldest first', async () => {
      await addNotice(store, GUILD, 'first', AT);
      await addNotice(store, GUILD, 'second', AT);
      await addNotice(store, OTHER_GUILD, 'elsewhere', AT);
      expect(await takeNotices(store, GUILD, AT)).toEqual(['first', 'second']);
      expect(await takeNotices(store, GUILD, AT)).toEqual([]);
    });

    it('are taken once when two connections ask at the same time', async () => {
      for (let index = 0; index < 20; index += 1) await addNotice(store, GUILD, `notice ${index}`, AT);
      const other = await fixture.connect();
      const [a, b] = await Promise.all([takeNotices(store, GUILD, AT), takeNotices(other, GUILD, AT)]);
      expect([...a, ...b].sort()).toEqual(Array.from({ length: 20 }, (_, index) => `notice ${index}`).sort());
    });
  });

  describe('the outbox', () => {
    it('inserts a post once per (server, rule, subject, period), whatever its status', async () => {
      expect(await enqueuePost(store, post(), AT)).toBe(true);
      expect(await enqueuePost(store, post(), AT)).toBe(false);
      expect(await enqueuePost(store, post({ period: '2024-11-07' }), AT)).toBe(true);
      expect(await enqueuePost(store, post({ guildId: OTHER_GUILD }), AT)).toBe(true);
      expect(await postExists(store, post().key)).toBe(true);
      expect((await listAlertPosts(store, GUILD)).map((p) => [p.key.period, p.status])).toEqual([
        ['2024-11-06', 'queued'],
        ['2024-11-07', 'queued'],
      ]);
    });

    it('inserts a key once when two connections race for it', async () => {
      const other = await fixture.connect();
      const inserted = await Promise.all(Array.from({ length: 10 }, (_, index) => enqueuePost(index % 2 === 0 ? store : other, post(), AT)));
      expect(inserted.filter(Boolean)).toHaveLength(1);
      expect(await listAlertPosts(store, GUILD)).toHaveLength(1);
    });

    it('keeps the message body and its file byte for byte', async () => {
      const withChart = post({}, [{ name: 'zombie-digest.png', data: PNG }]);
      await enqueuePost(store, withChart, AT);
      const [stored] = await listAlertPosts(store, GUILD);
      expect(await readPostMessage(store, stored!.id)).toEqual(withChart.message);
    });

    it('refuses a post with more than one file', async () => {
      const twoFiles = post({}, [
        { name: 'a.png', data: PNG },
        { name: 'b.png', data: PNG },
      ]);
      await expect(enqueuePost(store, twoFiles, AT)).rejects.toThrow('at most one file per post, got 2');
    });
  });

  describe('the scheduler lease', () => {
    const TTL = 30_000;
    const later = (ms: number) => new Date(AT.getTime() + ms);

    it('has one holder until it expires or is given up', async () => {
      const other = await fixture.connect();
      expect(await acquireLease(store, 'alerts', 'host-a', AT, TTL)).toBe(true);
      expect(await acquireLease(other, 'alerts', 'host-b', later(1000), TTL)).toBe(false);
      expect(await acquireLease(store, 'alerts', 'host-a', later(10_000), TTL)).toBe(true);
      expect(await leaseHolder(other, 'alerts')).toEqual({
        holder: 'host-a',
        acquiredAt: AT.toISOString(),
        expiresAt: later(40_000).toISOString(),
      });
      expect(await acquireLease(other, 'alerts', 'host-b', later(39_999), TTL)).toBe(false);
      expect(await acquireLease(other, 'alerts', 'host-b', later(40_000), TTL)).toBe(true);
      expect(await acquireLease(store, 'alerts', 'host-a', later(41_000), TTL)).toBe(false);
      await releaseLease(store, 'alerts', 'host-a'); // not the holder: changes nothing
      expect((await leaseHolder(store, 'alerts'))?.holder).toBe('host-b');
      await releaseLease(other, 'alerts', 'host-b');
      expect(await acquireLease(store, 'alerts', 'host-a', later(42_000), TTL)).toBe(true);
    });

    it('goes to exactly one of many connections racing for it', async () => {
      const handles = [store, await fixture.connect(), await fixture.connect(), await fixture.connect()];
      const taken = await Promise.all(handles.map((handle, index) => acquireLease(handle, 'alerts', `host-${index}`, AT, TTL)));
      expect(taken.filter(Boolean)).toHaveLength(1);
    });
  });
});
