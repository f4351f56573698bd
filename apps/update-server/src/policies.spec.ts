import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EVENT } from '@strata/omaha';
import { DIALECTS } from '@strata/sql/testing';
import { rolloutBucket } from './policy';
import { createTestServer, newMachineId, payloadOf, type TestServer } from './testing/test-server';

describe.each(DIALECTS)('rollout policies on %s', (dialect) => {
  let t: TestServer;
  const offered = async (machineId: string, version = '1.0.0', track = 'stable') => {
    const check = (await t.check({ machineId, version, track })).apps[0]!.updateCheck!;
    return check.status === 'ok' ? check.manifestVersion : null;
  };
  const send = (machineId: string, event: { type: number; result: number; previousVersion?: string }, version = '1.0.0') =>
    t.check({ machineId, version, updateCheck: false, events: [event] });
  const status = async (machineId: string) => ((await t.admin('GET', `/v1/admin/instances/${machineId}`)).body['instance'] as { status: string }).status;

  beforeEach(async () => {
    t = await createTestServer(dialect);
    await t.publish('2.0.0', payloadOf(500, 2), 'stable');
  });
  afterEach(() => t?.close());

  it('paused (updates disabled): noupdate and on-hold; resumed: granted', async () => {
    expect((await t.admin('POST', '/v1/admin/groups/stable/pause', { reason: 'bad kernel' })).status).toBe(200);
    const machineId = newMachineId();
    expect(await offered(machineId)).toBeNull();
    expect(await status(machineId)).toBe('on-hold');
    await t.admin('POST', '/v1/admin/groups/stable/resume', {});
    expect(await offered(machineId)).toBe('2.0.0');
    expect(await status(machineId)).toBe('update-granted');
  });

  it('a machine on its way keeps its update while the group is paused, and one that installed it waits for its reboot', async () => {
    const [downloading, installed, fresh] = [newMachineId(), newMachineId(), newMachineId()];
    expect(await offered(downloading)).toBe('2.0.0');
    expect(await offered(installed)).toBe('2.0.0');
    await send(downloading, { ...EVENT.downloadStarted });
    for (const event of [EVENT.downloadStarted, EVENT.downloadFinished, EVENT.updateComplete]) await send(installed, { ...event });
    // Asked again before the pause: the grant goes on, the install waits, nothing counts twice.
    expect(await offered(downloading)).toBe('2.0.0');
    expect(await offered(installed)).toBeNull();
    expect(await status(installed)).toBe('installed');
    await t.admin('POST', '/v1/admin/groups/stable/pause', { reason: 'bad kernel' });
    expect(await offered(downloading)).toBe('2.0.0');
    expect(await status(downloading)).toBe('downloading');
    expect(await offered(installed)).toBeNull();
    expect(await status(installed)).toBe('installed');
    expect(await offered(fresh)).toBeNull();
    expect(await status(fresh)).toBe('on-hold');
  });

  it('at most N updates per period, counted again once the period has passed', async () => {
    await t.setPolicy('stable', { maxUpdatesPerPeriod: 2, periodSeconds: 3600 });
    const machines = Array.from({ length: 4 }, newMachineId);
    expect(await offered(machines[0]!)).toBe('2.0.0');
    expect(await offered(machines[1]!)).toBe('2.0.0');
    expect(await offered(machines[2]!)).toBeNull();
    // A machine already granted is offered its update again without counting twice.
    expect(await offered(machines[0]!)).toBe('2.0.0');
    t.advance(3601_000);
    expect(await offered(machines[2]!)).toBe('2.0.0');
    expect(await offered(machines[3]!)).toBe('2.0.0');
    expect(await offered(newMachineId())).toBeNull();
  });

  it('safe mode: one machine at a time until one completes, and its reboot wait never times out', async () => {
    await t.setPolicy('stable', { safeMode: true, updateTimeoutSeconds: 600 });
    const [first, second, third] = [newMachineId(), newMachineId(), newMachineId()];
    expect(await offered(first)).toBe('2.0.0');
    expect(await offered(second)).toBeNull();
    for (const event of [EVENT.downloadStarted, EVENT.downloadFinished, EVENT.updateComplete]) await send(first, { ...event });
    // Installed, waiting for its reboot for far longer than the update timeout: still updating, not timed out.
    t.advance(3 * 3600_000);
    expect(await offered(second)).toBeNull();
    const report = (await t.admin('GET', '/v1/admin/status')).body as { groups: Array<{ name: string; updatesEnabled: boolean; timedOut: number }> };
    expect(report.groups.find((g) => g.name === 'stable')).toMatchObject({ updatesEnabled: true, timedOut: 0 });
    await t.check({ machineId: first, version: '2.0.0', events: [{ ...EVENT.rebooted, previousVersion: '1.0.0' }] });
    expect(await status(first)).toBe('complete');
    // One completed: safe mode lets the rest through.
    expect(await offered(second)).toBe('2.0.0');
    expect(await offered(third)).toBe('2.0.0');
  });

  it('safe mode: a first update that times out before installing pauses the group', async () => {
    await t.setPolicy('stable', { safeMode: true, updateTimeoutSeconds: 600 });
    const [first, second] = [newMachineId(), newMachineId()];
    expect(await offered(first)).toBe('2.0.0');
    await send(first, { ...EVENT.downloadStarted });
    t.advance(601_000);
    expect(await offered(second)).toBeNull();
    const report = (await t.admin('GET', '/v1/admin/status')).body as { groups: Array<{ name: string; updatesEnabled: boolean; pausedReason: string }> };
    expect(report.groups.find((g) => g.name === 'stable')).toMatchObject({ updatesEnabled: false });
    expect(report.groups.find((g) => g.name === 'stable')!.pausedReason).toContain('did not install within 600 s');
  });

  it('update timeout: a granted machine that stalls stops counting towards the limit, one that installed keeps counting', async () => {
    await t.setPolicy('stable', { safeMode: true, updateTimeoutSeconds: 600 });
    const [a] = [newMachineId()];
    expect(await offered(a)).toBe('2.0.0');
    await t.check({ machineId: a, version: '2.0.0', events: [{ ...EVENT.rebooted, previousVersion: '1.0.0' }] });
    // Safe mode is lifted; a timed-out grant is offered again as a new grant.
    const b = newMachineId();
    expect(await offered(b)).toBe('2.0.0');
    t.advance(601_000);
    expect(await offered(b)).toBe('2.0.0');
    const report = (await t.admin('GET', '/v1/admin/status')).body as { groups: Array<{ name: string; grantsInPeriod: number }> };
    expect(report.groups.find((g) => g.name === 'stable')!.grantsInPeriod).toBe(3);
  });

  it('weekly time windows in an IANA time zone (Mon–Fri 02:00–04:00 Europe/Berlin)', async () => {
    await t.setPolicy('stable', { timezone: 'Europe/Berlin', windows: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '02:00', end: '04:00' }] });
    const machineId = newMachineId();
    t.setNow(Date.UTC(2026, 5, 3, 12, 0)); // Wed 14:00 in Berlin
    expect(await offered(machineId)).toBeNull();
    t.setNow(Date.UTC(2026, 5, 6, 0, 30)); // Sat 02:30
    expect(await offered(machineId)).toBeNull();
    t.setNow(Date.UTC(2026, 5, 5, 0, 30)); // Fri 02:30
    expect(await offered(machineId)).toBe('2.0.0');
  });

  it('phased percentage: a stable hash of the machine id decides who is in', async () => {
    await t.setPolicy('stable', { rolloutPercent: 30 });
    const machines = Array.from({ length: 60 }, newMachineId);
    for (const machineId of machines) expect(await offered(machineId), machineId).toBe(rolloutBucket(machineId) < 30 ? '2.0.0' : null);
    const out = machines.find((m) => rolloutBucket(m) >= 30 && rolloutBucket(m) < 90)!;
    await t.setPolicy('stable', { rolloutPercent: 90 });
    expect(await offered(out)).toBe('2.0.0');
  });

  it('version pin, with and without a downgrade', async () => {
    await t.publish('3.0.0', payloadOf(500, 3), 'stable');
    await t.setPolicy('stable', { pin: { version: '2.0.0', allowDowngrade: false } });
    expect(await offered(newMachineId(), '1.0.0')).toBe('2.0.0');
    expect(await offered(newMachineId(), '3.0.0')).toBeNull();
    await t.setPolicy('stable', { pin: { version: '2.0.0', allowDowngrade: true } });
    expect(await offered(newMachineId(), '3.0.0')).toBe('2.0.0');
    await t.setPolicy('stable', { pin: null });
    expect(await offered(newMachineId(), '2.0.0')).toBe('3.0.0');
    const unknown = await t.admin('PUT', '/v1/admin/groups/stable/policy', { pin: { version: '9.9.9', allowDowngrade: false } });
    expect(unknown.status).toBe(404);
    expect(JSON.stringify(unknown.body)).toContain('9.9.9');
  });

  it('floors: every machine passes through them on its way to the channel version', async () => {
    await t.publish('1.5.0', payloadOf(500, 4));
    await t.publish('3.0.0', payloadOf(500, 5), 'stable');
    expect((await t.admin('PUT', '/v1/admin/channels/stable/floors', { versions: ['2.0.0', '1.5.0'] })).status).toBe(200);
    const machineId = newMachineId();
    const path: string[] = [];
    let version = '1.0.0';
    for (let i = 0; i < 4; i++) {
      const next = await offered(machineId, version);
      if (!next) break;
      path.push(next);
      for (const event of [EVENT.downloadStarted, EVENT.downloadFinished, EVENT.updateComplete]) await send(machineId, { ...event }, version);
      await t.check({ machineId, version: next, updateCheck: false, events: [{ ...EVENT.rebooted, previousVersion: version }] });
      version = next;
    }
    expect(path).toEqual(['1.5.0', '2.0.0', '3.0.0']);
    expect(await offered(newMachineId(), '2.5.0')).toBe('3.0.0');
  });
});
