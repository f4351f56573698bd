import { describe, expect, it } from 'vitest';
import { InputError } from '@strata/errors';
import { DEFAULT_POLICY, inRollout, inWindow, localTime, mergePolicy, rolloutBucket } from './policy';

describe('time windows', () => {
  const berlin = { timezone: 'Europe/Berlin', windows: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'] as const, start: '02:00', end: '04:00' }] };
  const policy = { ...berlin, windows: berlin.windows.map((w) => ({ ...w, days: [...w.days] })) };

  it('reads the local weekday and time through Intl, with daylight saving', () => {
    // 2026-06-03 is a Wednesday; Berlin is UTC+2 in summer, UTC+1 in winter.
    expect(localTime(Date.UTC(2026, 5, 3, 0, 30), 'Europe/Berlin')).toEqual({ day: 3, minutes: 150 });
    expect(localTime(Date.UTC(2026, 0, 7, 0, 30), 'Europe/Berlin')).toEqual({ day: 3, minutes: 90 });
  });

  it('Mon–Fri 02:00–04:00 Europe/Berlin', () => {
    expect(inWindow(policy, Date.UTC(2026, 5, 3, 0, 30))).toBe(true); // Wed 02:30 CEST
    expect(inWindow(policy, Date.UTC(2026, 5, 3, 2, 0))).toBe(false); // Wed 04:00 CEST: the end is exclusive
    expect(inWindow(policy, Date.UTC(2026, 5, 2, 23, 59))).toBe(false); // Wed 01:59 CEST
    expect(inWindow(policy, Date.UTC(2026, 5, 6, 0, 30))).toBe(false); // Sat 02:30 CEST
    expect(inWindow(policy, Date.UTC(2026, 0, 7, 1, 30))).toBe(true); // Wed 02:30 CET
  });

  it('a window past midnight belongs to the day it starts', () => {
    const night = { timezone: 'America/New_York', windows: [{ days: ['fri' as const], start: '22:00', end: '02:00' }] };
    expect(inWindow(night, Date.UTC(2026, 5, 6, 3, 0))).toBe(true); // Fri 23:00 EDT
    expect(inWindow(night, Date.UTC(2026, 5, 6, 5, 30))).toBe(true); // Sat 01:30 EDT
    expect(inWindow(night, Date.UTC(2026, 5, 7, 3, 0))).toBe(false); // Sat 23:00 EDT
  });

  it('no windows means any time; several windows add up', () => {
    expect(inWindow({ timezone: 'UTC', windows: [] }, 0)).toBe(true);
    const two = {
      timezone: 'UTC',
      windows: [
        { days: ['sat' as const], start: '10:00', end: '11:00' },
        { days: ['sun' as const], start: '10:00', end: '11:00' },
      ],
    };
    expect(inWindow(two, Date.UTC(2026, 5, 7, 10, 30))).toBe(true);
    expect(inWindow(two, Date.UTC(2026, 5, 8, 10, 30))).toBe(false);
  });
});

describe('phased rollout', () => {
  it('a stable hash of the machine id decides, and a larger share keeps everyone already in', () => {
    const ids = Array.from({ length: 2000 }, (_, i) => `machine-${i}`);
    expect(rolloutBucket('machine-1')).toBe(rolloutBucket('machine-1'));
    const at10 = ids.filter((id) => inRollout(id, 10));
    const at50 = ids.filter((id) => inRollout(id, 50));
    expect(at10.length).toBeGreaterThan(140);
    expect(at10.length).toBeLessThan(260);
    expect(at10.every((id) => at50.includes(id))).toBe(true);
    expect(ids.filter((id) => inRollout(id, 0))).toHaveLength(0);
    expect(ids.filter((id) => inRollout(id, 100))).toHaveLength(2000);
  });
});

describe('mergePolicy', () => {
  it('applies a partial policy', () => {
    expect(mergePolicy(DEFAULT_POLICY, { maxUpdatesPerPeriod: 5, periodSeconds: 3600 })).toMatchObject({ maxUpdatesPerPeriod: 5, safeMode: false });
  });
  it('names each bad field', () => {
    let error: unknown;
    try {
      mergePolicy(DEFAULT_POLICY, { timezone: 'Mars/Olympus', rolloutPercent: 120, windows: [{ days: ['mon'], start: '25:00', end: '04:00' }], bogus: 1 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    const paths = (error as InputError).problems.map((p) => p.path).join(' ');
    expect(paths).toContain('timezone');
    expect(paths).toContain('rolloutPercent');
    expect(paths).toContain('windows');
  });
});
