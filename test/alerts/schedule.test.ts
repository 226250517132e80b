import { describe, expect, it } from 'vitest';
import { digestCronPattern, dueDigestRun, localDate, nextDigestAt, normaliseDigestTime, normaliseTimeZone } from '../../src/alerts/schedule.js';

const NEW_YORK_8AM = { digestTime: '08:00', timezone: 'America/New_York' };
const LONG_AGO = new Date('2020-01-01T00:00:00Z');
const SIX_HOURS = 6 * 3_600_000;

describe('the digest schedule', () => {
  it('is a weekday croner pattern of the digest time', () => {
    expect(digestCronPattern('08:00')).toBe('0 8 * * MON-FRI');
    expect(digestCronPattern('16:35')).toBe('35 16 * * MON-FRI');
    expect(() => digestCronPattern('8am')).toThrow('digest time "8am" is not HH:MM');
  });

  it('runs at 08:00 New York time in winter (13:00 UTC) and summer (12:00 UTC)', () => {
    expect(nextDigestAt(NEW_YORK_8AM, new Date('2024-11-05T20:00:00Z'))?.toISOString()).toBe('2024-11-06T13:00:00.000Z');
    expect(nextDigestAt(NEW_YORK_8AM, new Date('2024-07-09T20:00:00Z'))?.toISOString()).toBe('2024-07-10T12:00:00.000Z');
  });

  it('skips the weekend: after Friday’s run comes Monday’s', () => {
    expect(nextDigestAt(NEW_YORK_8AM, new Date('2024-11-08T14:00:00Z'))?.toISOString()).toBe('2024-11-11T13:00:00.000Z');
  });

  it('follows the server’s zone (Asia/Tokyo 08:00 is 23:00 UTC the day before)', () => {
    expect(nextDigestAt({ digestTime: '08:00', timezone: 'Asia/Tokyo' }, new Date('2024-11-05T00:00:00Z'))?.toISOString()).toBe(
      '2024-11-05T23:00:00.000Z',
    );
  });
});

describe('a digest missed while the bot was down', () => {
  it('is due within the grace period after its time, including exactly at it', () => {
    expect(dueDigestRun(NEW_YORK_8AM, new Date('2024-11-06T14:30:00Z'), SIX_HOURS, LONG_AGO)?.toISOString()).toBe('2024-11-06T13:00:00.000Z');
    expect(dueDigestRun(NEW_YORK_8AM, new Date('2024-11-06T13:00:00Z'), SIX_HOURS, LONG_AGO)?.toISOString()).toBe('2024-11-06T13:00:00.000Z');
  });

  it('is not due before its time, after the grace period, or on a weekend', () => {
    expect(dueDigestRun(NEW_YORK_8AM, new Date('2024-11-06T12:59:00Z'), 60_000, LONG_AGO)).toBeNull();
    expect(dueDigestRun(NEW_YORK_8AM, new Date('2024-11-06T19:30:00Z'), SIX_HOURS, LONG_AGO)).toBeNull();
    expect(dueDigestRun(NEW_YORK_8AM, new Date('2024-11-09T14:00:00Z'), SIX_HOURS, LONG_AGO)).toBeNull();
  });

  it('does not count a run scheduled before the settings were saved, nor anything with catch-up off (window 0)', () => {
    const now = new Date('2024-11-06T14:30:00Z');
    expect(dueDigestRun(NEW_YORK_8AM, now, SIX_HOURS, new Date('2024-11-06T13:05:00Z'))).toBeNull();
    expect(dueDigestRun(NEW_YORK_8AM, now, 0, LONG_AGO)).toBeNull();
  });
});

describe('schedule inputs', () => {
  it('accepts 24-hour times and writes them as HH:MM', () => {
    expect(['8:05', '08:05', ' 23:59 ', '0:00'].map(normaliseDigestTime)).toEqual(['08:05', '08:05', '23:59', '00:00']);
    expect(['24:00', '8', '08:60', '8:5', 'noon'].map(normaliseDigestTime)).toEqual([null, null, null, null, null]);
  });

  it('accepts IANA zone names in any case, spelled canonically, and refuses unknown ones', () => {
    expect(normaliseTimeZone('america/new_york')).toBe('America/New_York');
    expect(normaliseTimeZone('Europe/London')).toBe('Europe/London');
    expect(normaliseTimeZone('Mars/Olympus_Mons')).toBeNull();
  });

  it('dates a run by the server’s calendar (03:00 UTC on Nov 7 is still Nov 6 in New York)', () => {
    expect(localDate(new Date('2024-11-07T03:00:00Z'), 'America/New_York')).toBe('2024-11-06');
    expect(localDate(new Date('2024-11-07T03:00:00Z'), 'Europe/Berlin')).toBe('2024-11-07');
  });
});
