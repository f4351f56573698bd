import { createHash } from 'node:crypto';
import { z } from 'zod';
import { InputError, problemsFromZod } from '@strata/errors';
import { VERSION_PATTERN } from './versions';

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Zones already checked: a policy is read at every grant, and building a DateTimeFormat to check one costs more than the rest of the read. */
const checkedZones = new Map<string, boolean>();

function validTimeZone(tz: string): boolean {
  let valid = checkedZones.get(tz);
  if (valid === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      valid = true;
    } catch {
      valid = false;
    }
    if (checkedZones.size < 1000) checkedZones.set(tz, valid);
  }
  return valid;
}

/** A weekly time window: on `days` (local to the policy's time zone) from `start` to `end` (HH:MM). An end before the start runs past midnight. */
export const WindowSchema = z.strictObject({
  days: z.array(z.enum(WEEKDAYS)).min(1),
  start: z.string().regex(TIME, 'must be HH:MM, 00:00 to 23:59'),
  end: z.string().regex(TIME, 'must be HH:MM, 00:00 to 23:59'),
});
export type TimeWindow = z.infer<typeof WindowSchema>;

/**
 * A group's rollout policy, after Nebraska's (updates enabled, safe mode, updates per
 * period, update timeout, office hours) with weekly windows in any IANA time zone, a phased
 * percentage, auto-pause after failures and a version pin.
 */
export const PolicySchema = z.strictObject({
  /** Whether machines of the group are offered updates at all (pause/resume flips it). */
  updatesEnabled: z.boolean(),
  /** Until one machine has completed the update to the target, at most one machine updates at a time. */
  safeMode: z.boolean(),
  /** At most this many updates are granted per period; null: no limit. */
  maxUpdatesPerPeriod: z.number().int().positive().nullable(),
  periodSeconds: z.number().int().positive(),
  /** A machine granted an update that has not installed it within this time no longer counts as updating. */
  updateTimeoutSeconds: z.number().int().positive(),
  timezone: z.string().refine(validTimeZone, 'must be an IANA time zone, e.g. Europe/Berlin'),
  /** Updates are granted only inside one of these windows; none: at any time. */
  windows: z.array(WindowSchema),
  /** Share of machines (by a stable hash of the machine id) offered the update, 0 to 100. */
  rolloutPercent: z.number().min(0).max(100),
  /** After this many failed updates (event 3/0) to the target version the group pauses itself; null: never. */
  autoPauseAfterFailures: z.number().int().positive().nullable(),
  /** Serve this version instead of the channel's; a machine on a newer version is moved back only with allowDowngrade. */
  pin: z.strictObject({ version: z.string().regex(VERSION_PATTERN, 'is not a version'), allowDowngrade: z.boolean() }).nullable(),
});
export type Policy = z.infer<typeof PolicySchema>;

export const DEFAULT_POLICY: Policy = {
  updatesEnabled: true,
  safeMode: false,
  maxUpdatesPerPeriod: null,
  periodSeconds: 3600,
  updateTimeoutSeconds: 3600,
  timezone: 'UTC',
  windows: [],
  rolloutPercent: 100,
  autoPauseAfterFailures: null,
  pin: null,
};

/** Applies a partial policy (as the admin API receives it) to `current`. @throws InputError naming each bad field. */
export function mergePolicy(current: Policy, patch: unknown): Policy {
  const parsed = PolicySchema.partial().safeParse(patch);
  if (!parsed.success) throw new InputError('the policy is invalid', problemsFromZod(parsed.error));
  const merged = { ...current };
  for (const [key, value] of Object.entries(parsed.data)) if (value !== undefined) (merged as Record<string, unknown>)[key] = value;
  return merged;
}

/** Reads a stored policy; fields it lacks (written by an older server) take their defaults. */
export function readPolicy(json: string): Policy {
  const parsed = PolicySchema.partial().safeParse(JSON.parse(json));
  return { ...DEFAULT_POLICY, ...(parsed.success ? stripUndefined(parsed.data) : {}) };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The weekday (0 = Sunday) and minute of the day of `ms` in `timeZone`. */
export function localTime(ms: number, timeZone: string): { day: number; minutes: number } {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, format);
  }
  const parts = format.formatToParts(new Date(ms));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const day = WEEKDAYS.indexOf(get('weekday').toLowerCase().slice(0, 3) as Weekday);
  return { day, minutes: Number(get('hour')) * 60 + Number(get('minute')) };
}

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}

/** Whether `ms` falls inside one of the policy's windows (always, when it has none). */
export function inWindow(policy: Pick<Policy, 'windows' | 'timezone'>, ms: number): boolean {
  if (policy.windows.length === 0) return true;
  const { day, minutes } = localTime(ms, policy.timezone);
  const today = WEEKDAYS[day] as Weekday;
  const yesterday = WEEKDAYS[(day + 6) % 7] as Weekday;
  return policy.windows.some((w) => {
    const start = minutesOf(w.start);
    const end = minutesOf(w.end);
    if (start === end) return w.days.includes(today);
    if (start < end) return w.days.includes(today) && minutes >= start && minutes < end;
    return (w.days.includes(today) && minutes >= start) || (w.days.includes(yesterday) && minutes < end);
  });
}

/** The machine's stable place in a phased rollout, in [0, 100). */
export function rolloutBucket(machineId: string): number {
  return (createHash('sha256').update(machineId.trim().toLowerCase()).digest().readUInt32BE(0) / 2 ** 32) * 100;
}

/** Whether a phased rollout at `percent` includes the machine. */
export function inRollout(machineId: string, percent: number): boolean {
  if (percent >= 100) return true;
  if (percent <= 0) return false;
  return rolloutBucket(machineId) < percent;
}
