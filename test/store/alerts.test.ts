import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toAlertMessage } from '../../src/alerts/messages.js';
import { readAlertMemory, writeRuleMemory } from '../../src/store/alerts/memory.js';
import { addNotice, takeNotices } from '../../src/store/alerts/notices.js';
import { enqueuePost, listAlertPosts, postExists, readPostMessage, type NewPost, type PostKey } from '../../src/store/alerts/outbox.js';
import { listKindOverrides, pauseKind, saveKindSetting } from '../../src/store/alerts/rules.js';
import {
  disableAlerts,
  getAlertSettings,
  listPostingServers,
  pauseAlertChannel,
  saveAlertChannel,
  saveDigestSchedule,
} from '../../src/store/alerts/settings.js';
import { openDb, type Db } from '../../src/store/db.js';

const GUILD = '2222222222222222222';
const CHANNEL = '3333333333333333333';
const AT = new Date('2024-11-06T13:00:00Z');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47]);

let dir: string;
let db: Db;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'zombie-alerts-store-'));
  db = openDb(join(dir, 'zombie.db'));
});

afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const reopen = () => {
  db.close();
  db = openDb(join(dir, 'zombie.db'));
};

function post(key: Partial<PostKey> = {}, files: NewPost['message']['files'] = []): NewPost {
  const full: PostKey = { guildId: GUILD, rule: 'iwm-move', subject: 'IWM', period: '2024-11-06', ...key };
  const message = toAlertMessage({ embeds: [{ title: 'IWM closed +5.8% on 2024-11-06' }] }, full);
  return { key: full, title: 'IWM closed +5.8%', priority: 2, message: { ...message, files }, expiresAt: '2024-11-07T01:00:00.000Z' };
}

describe('alert settings per server', () => {
  it('survive a restart: channel, digest time and zone, rule overrides', () => {
    saveDigestSchedule(db, GUILD, { digestTime: '07:30', timezone: 'Europe/London' }, AT);
    saveAlertChannel(db, GUILD, CHANNEL, AT);
    saveKindSetting(db, GUILD, 'odds-move', { enabled: true, threshold: 7.5 }, AT);
    saveKindSetting(db, GUILD, 'stale', { enabled: false, threshold: null }, AT);
    reopen();
    expect(getAlertSettings(db, GUILD)).toEqual({
      guildId: GUILD,
      channelId: CHANNEL,
      enabled: true,
      digestTime: '07:30',
      timezone: 'Europe/London',
      pausedReason: null,
      updatedAt: AT.toISOString(),
    });
    expect(listKindOverrides(db, GUILD)).toEqual([
      { kind: 'odds-move', enabled: true, threshold: 7.5, pausedReason: null },
      { kind: 'stale', enabled: false, threshold: null, pausedReason: null },
    ]);
  });

  it('start with the 08:00 America/New_York digest and no posting until a channel is set', () => {
    saveKindSetting(db, GUILD, 'iwm-move', { enabled: true, threshold: 3 }, AT);
    saveDigestSchedule(db, GUILD, { digestTime: '08:00', timezone: 'America/New_York' }, AT);
    expect(getAlertSettings(db, GUILD)).toMatchObject({ enabled: false, channelId: null, digestTime: '08:00' });
    expect(listPostingServers(db)).toEqual([]);
  });

  it('stop posting while the channel is paused, and resume when a channel is set again', () => {
    saveAlertChannel(db, GUILD, CHANNEL, AT);
    pauseAlertChannel(db, GUILD, 'Discord refused posting in <#3333333333333333333>: 403 Missing Permissions', AT);
    expect(listPostingServers(db)).toEqual([]);
    saveAlertChannel(db, GUILD, CHANNEL, AT);
    expect(listPostingServers(db).map((s) => s.guildId)).toEqual([GUILD]);
  });

  it('pause one kind without changing its threshold; adding it again clears the pause', () => {
    saveKindSetting(db, GUILD, 'distress', { enabled: true, threshold: null }, AT);
    pauseKind(db, GUILD, 'distress', '400 Invalid Form Body', AT);
    pauseKind(db, GUILD, 'correlation', '400 Invalid Form Body', AT);
    expect(listKindOverrides(db, GUILD)).toEqual([
      { kind: 'correlation', enabled: true, threshold: null, pausedReason: '400 Invalid Form Body' },
      { kind: 'distress', enabled: true, threshold: null, pausedReason: '400 Invalid Form Body' },
    ]);
    saveKindSetting(db, GUILD, 'distress', { enabled: true, threshold: null }, AT);
    expect(listKindOverrides(db, GUILD).find((k) => k.kind === 'distress')?.pausedReason).toBeNull();
  });

  it('turning alerts off forgets what the rules saw, so turning them on again starts from a fresh baseline', () => {
    saveAlertChannel(db, GUILD, CHANNEL, AT);
    writeRuleMemory(db, GUILD, { zones: { AAA: 'grey' }, correlation: 0.4 }, AT);
    disableAlerts(db, GUILD, AT);
    expect(getAlertSettings(db, GUILD)?.enabled).toBe(false);
    expect(readAlertMemory(db, GUILD).rules).toEqual({ zones: null, correlation: null });
  });
});

describe('admin notices', () => {
  it('are shown once, oldest first', () => {
    addNotice(db, GUILD, 'first', AT);
    addNotice(db, GUILD, 'second', AT);
    addNotice(db, '9999999999999999999', 'elsewhere', AT);
    expect(takeNotices(db, GUILD, AT)).toEqual(['first', 'second']);
    expect(takeNotices(db, GUILD, AT)).toEqual([]);
  });
});

describe('the outbox', () => {
  it('inserts a post once per (server, rule, subject, period), whatever its status', () => {
    expect(enqueuePost(db, post(), AT)).toBe(true);
    expect(enqueuePost(db, post(), AT)).toBe(false);
    expect(enqueuePost(db, post({ period: '2024-11-07' }), AT)).toBe(true);
    expect(enqueuePost(db, post({ guildId: '9999999999999999999' }), AT)).toBe(true);
    expect(postExists(db, post().key)).toBe(true);
    expect(listAlertPosts(db, GUILD).map((p) => [p.key.period, p.status])).toEqual([
      ['2024-11-06', 'queued'],
      ['2024-11-07', 'queued'],
    ]);
  });

  it('keeps the message body and its file byte for byte', () => {
    const withChart = post({}, [{ name: 'zombie-digest.png', data: PNG }]);
    enqueuePost(db, withChart, AT);
    const [stored] = listAlertPosts(db, GUILD);
    expect(readPostMessage(db, stored!.id)).toEqual(withChart.message);
  });

  it('refuses a post with more than one file', () => {
    const twoFiles = post({}, [
      { name: 'a.png', data: PNG },
      { name: 'b.png', data: PNG },
    ]);
    expect(() => enqueuePost(db, twoFiles, AT)).toThrow('at most one file per post, got 2');
  });
});
