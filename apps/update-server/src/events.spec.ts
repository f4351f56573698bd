import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT } from '@strata/omaha';
import { DIALECTS } from '@strata/sql/testing';
import { FLATCAR_ERROR_EVENT_REQUEST } from '@strata/omaha/fixtures';
import { createTestServer, newMachineId, payloadOf, type TestServer } from './testing/test-server';

interface InstanceView {
  instance: { status: string; version: string; grantedVersion: string | null };
  history: Array<{ status: string }>;
  events: Array<{
    type: number;
    result: number;
    errorCode: number | null;
    error: { code: number; name: string | null; flags: string[] } | null;
    targetVersion: string | null;
  }>;
}

describe.each(DIALECTS)('events on %s', (dialect) => {
  let t: TestServer;
  const instance = async (machineId: string) => (await t.admin('GET', `/v1/admin/instances/${machineId}`)).body as unknown as InstanceView;

  beforeAll(async () => {
    t = await createTestServer(dialect);
    await t.publish('2.0.0', payloadOf(1000), 'stable');
  });
  afterAll(() => t?.close());

  it('13/1, 14/1, 3/1 and 3/2 move the instance from granted to complete, with its history', async () => {
    const machineId = newMachineId();
    expect((await t.check({ machineId, version: '1.0.0' })).apps[0]!.updateCheck?.status).toBe('ok');
    const steps: Array<[{ type: number; result: number }, string]> = [
      [EVENT.downloadStarted, 'downloading'],
      [EVENT.downloadFinished, 'downloaded'],
      [EVENT.updateComplete, 'installed'],
    ];
    for (const [event, status] of steps) {
      const answer = await t.check({ machineId, version: '1.0.0', updateCheck: false, events: [{ ...event }] });
      expect(answer.apps[0]!.eventAcks).toBe(1);
      expect((await instance(machineId)).instance.status).toBe(status);
    }
    // Waiting for its reboot, the machine is not offered the update again.
    expect((await t.check({ machineId, version: '1.0.0' })).apps[0]!.updateCheck?.status).toBe('noupdate');
    await t.check({ machineId, version: '2.0.0', events: [{ ...EVENT.rebooted, previousVersion: '1.0.0' }] });
    const view = await instance(machineId);
    expect(view.instance).toMatchObject({ status: 'complete', version: '2.0.0', grantedVersion: '2.0.0' });
    expect(view.history.map((h) => h.status)).toEqual(['update-granted', 'downloading', 'downloaded', 'installed', 'complete']);
    expect(view.events.map((e) => `${e.type}/${e.result}`)).toEqual(['13/1', '14/1', '3/1', '3/2']);
  });

  it('a first-boot 3/2 of a machine that was not updating changes no status', async () => {
    const machineId = newMachineId();
    await t.check({ machineId, version: '2.0.0', events: [{ ...EVENT.rebooted, previousVersion: '0.0.0.0' }] });
    expect((await instance(machineId)).instance.status).toBe('undefined');
  });

  it('3/0 stores the decoded error code and its flags (1<<28: a non-production server)', async () => {
    const machineId = 'b3a4e2d5c6f748e9a0b1c2d3e4f5a6b7';
    await t.check({ machineId, version: '1.0.0' });
    const res = await fetch(`${t.url}/v1/update/`, { method: 'POST', body: FLATCAR_ERROR_EVENT_REQUEST });
    expect(res.status).toBe(200);
    const view = await instance(machineId);
    expect(view.instance.status).toBe('error');
    expect(view.events.at(-1)).toMatchObject({
      type: 3,
      result: 0,
      errorCode: 268435466,
      error: { code: 10, name: 'payloadHashMismatchError', flags: ['testOmahaUrl'] },
      targetVersion: '2.0.0',
    });
    // Negative (signed) codes decode the same: 1<<31 | 44.
    await t.check({ machineId, version: '1.0.0', updateCheck: false, events: [{ ...EVENT.error, errorCode: -2147483604 }] });
    expect((await instance(machineId)).events.at(-1)?.error).toEqual({ code: 44, name: 'rollbackError', flags: ['devMode'] });
    const status = (await t.admin('GET', '/v1/admin/status')).body as { recentEvents: Array<{ machineId: string; error: unknown }> };
    expect(status.recentEvents[0]).toMatchObject({ machineId, error: { code: 44, name: 'rollbackError' } });
  });

  it('auto-pauses the group after K failed updates, and resuming starts the count over', async () => {
    await t.setPolicy('beta', { autoPauseAfterFailures: 2 });
    await t.admin('POST', '/v1/admin/channels/beta/promote', { version: '2.0.0' });
    const fail = async () => {
      const machineId = newMachineId();
      expect((await t.check({ machineId, track: 'beta' })).apps[0]!.updateCheck?.status).toBe('ok');
      await t.check({ machineId, track: 'beta', updateCheck: false, events: [{ ...EVENT.downloadStarted }] });
      await t.check({ machineId, track: 'beta', updateCheck: false, events: [{ ...EVENT.error, errorCode: 10 }] });
    };
    await fail();
    await fail();
    const status = (await t.admin('GET', '/v1/admin/status')).body as {
      groups: Array<{ name: string; updatesEnabled: boolean; pausedReason: string | null; byStatus: Record<string, number> }>;
      activity: Array<{ kind: string }>;
    };
    const beta = status.groups.find((g) => g.name === 'beta')!;
    expect(beta.updatesEnabled).toBe(false);
    expect(beta.pausedReason).toContain('2 machines failed to update to 2.0.0');
    expect(beta.byStatus['error']).toBe(2);
    expect(status.activity.map((a) => a.kind)).toContain('group-auto-paused');
    // Paused: a policy hold is noupdate, never an error status.
    const held = await t.check({ machineId: newMachineId(), track: 'beta' });
    expect(held.apps[0]!.status).toBe('ok');
    expect(held.apps[0]!.updateCheck?.status).toBe('noupdate');
    t.advance(60_000);
    expect((await t.admin('POST', '/v1/admin/groups/beta/resume', {})).status).toBe(200);
    t.advance(60_000);
    await fail();
    expect((await t.check({ machineId: newMachineId(), track: 'beta' })).apps[0]!.updateCheck?.status).toBe('ok');
  });
});
