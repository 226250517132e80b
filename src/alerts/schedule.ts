// The digest schedule: weekdays at HH:MM in an IANA time zone, as a croner pattern; when it next runs, which run
// is due now (a run missed while the bot was down, within a grace period), and the server's local date of a run.
import { Cron } from 'croner';

export const DEFAULT_DIGEST_TIME = '08:00';
export const DEFAULT_TIMEZONE = 'America/New_York';
/** The digest posts on weekdays only. */
export const DIGEST_DAYS = 'MON-FRI';

export interface DigestSchedule {
  /** HH:MM, 24-hour. */
  digestTime: string;
  /** IANA time-zone name. */
  timezone: string;
}

const TIME_OF_DAY = /^([01]?\d|2[0-3]):([0-5]\d)$/;

/** "8:05" → "08:05"; null when not a 24-hour time of day. */
export function normaliseDigestTime(text: string): string | null {
  const match = TIME_OF_DAY.exec(text.trim());
  if (match === null) return null;
  return `${match[1]!.padStart(2, '0')}:${match[2]}`;
}

/** The canonical spelling of an IANA time-zone name ("america/new_york" → "America/New_York"); null when unknown. */
export function normaliseTimeZone(name: string): string | null {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name.trim() }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** The croner pattern of a digest time: minute, hour, any day of month, any month, weekdays. */
export function digestCronPattern(digestTime: string): string {
  const normalised = normaliseDigestTime(digestTime);
  if (normalised === null) throw new Error(`digest time "${digestTime}" is not HH:MM`);
  const [hour, minute] = normalised.split(':').map(Number);
  return `${minute} ${hour} * * ${DIGEST_DAYS}`;
}

/** A croner job that only computes times (no function: nothing is scheduled). */
function scheduleOf(schedule: DigestSchedule): Cron {
  return new Cron(digestCronPattern(schedule.digestTime), { timezone: schedule.timezone });
}

/** The first digest run strictly after `after`. */
export function nextDigestAt(schedule: DigestSchedule, after: Date): Date | null {
  return scheduleOf(schedule).nextRun(after);
}

/**
 * The latest digest run in (now − windowMs, now] that is not earlier than `notBefore` (when the schedule was set,
 * so a newly set time does not count as missed); null when there is none.
 */
export function dueDigestRun(schedule: DigestSchedule, now: Date, windowMs: number, notBefore: Date): Date | null {
  if (windowMs <= 0) return null;
  const cron = scheduleOf(schedule);
  const from = Math.max(now.getTime() - windowMs, notBefore.getTime());
  // nextRun returns the first run strictly after its argument; start one second early to include `from` itself.
  let run = cron.nextRun(new Date(from - 1000));
  let due: Date | null = null;
  while (run !== null && run.getTime() <= now.getTime()) {
    due = run;
    run = cron.nextRun(run);
  }
  return due;
}

/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function localDate(at: Date, timezone: string): string {
  const format = new Intl.DateTimeFormat('en-US', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const parts = Object.fromEntries(format.formatToParts(at).map((part) => [part.type, part.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}
