import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { isProcessRunning } from '@strata/toolchain';
import { runCli } from '../testing/run-cli';
import { kubectl, writeLocalCluster } from '../testing/local-cluster';

const work = mkdtempSync(join(tmpdir(), 'strata-status-'));

interface StatusJson {
  healthy: boolean;
  degraded: string[];
  machines: { name: string; state: string; detail?: string }[];
  nodes: { name: string; ready: string }[];
}

function status(dir: string): StatusJson {
  const res = runCli(['status', '--dir', dir, '--output', 'json']);
  return JSON.parse(res.stdout) as StatusJson;
}

describe('strata status while a machine restarts its node agent', () => {
  const dir = join(work, 'solo');
  const cpRoot = join(work, 'state/solo/machines/solo-cp-0/root');

  beforeAll(() => {
    const doc = writeLocalCluster(work, { name: 'solo', controlPlane: 1, workers: 1 });
    const res = runCli(['install', '-f', doc, '--dir', dir], { timeoutMs: 400_000 });
    expect(res.code, res.stderr + res.stdout).toBe(0);
  }, 420_000);

  afterAll(() => {
    runCli(['destroy', '--dir', dir]);
    rmSync(work, { recursive: true, force: true });
  });

  it('shows the machine degraded after kill -9 of its agent, then restarted and Ready again', async () => {
    expect(status(dir)).toMatchObject({ healthy: true, degraded: [] });
    const agent = Number(readFileSync(join(cpRoot, 'run/node-agent.pid'), 'utf8'));
    process.kill(agent, 'SIGKILL');

    await vi.waitFor(
      () => {
        const s = status(dir);
        expect(s.healthy).toBe(false);
        expect(s.degraded).toEqual(['solo-cp-0']);
        expect(s.machines.find((m) => m.name === 'solo-cp-0')).toMatchObject({
          state: 'pending',
          detail: expect.stringMatching(/^degraded: node-agent (restarting|recovering), 1 agent restart, last exit: killed by SIGKILL/),
        });
      },
      { timeout: 60_000, interval: 100 },
    );

    const recovered = await vi.waitFor(
      () => {
        const s = status(dir);
        expect(s).toMatchObject({ healthy: true, degraded: [] });
        expect(s.nodes.every((n) => n.ready === 'True')).toBe(true);
        return s;
      },
      { timeout: 180_000, interval: 500 },
    );
    expect(recovered.machines.find((m) => m.name === 'solo-cp-0')?.detail).toMatch(/node-agent running, 1 agent restart, last exit: killed by SIGKILL/);
    const restarted = Number(readFileSync(join(cpRoot, 'run/node-agent.pid'), 'utf8'));
    expect(restarted).not.toBe(agent);
    expect(isProcessRunning(restarted)).toBe(true);

    // The API says so too: the restarted agent's Ready condition names the restart.
    await vi.waitFor(
      () =>
        expect(kubectl(join(dir, 'auth/kubeconfig'), ['get', 'node', 'solo-cp-0', '-o', 'jsonpath={.status.conditions[?(@.type=="Ready")].message}'])).toMatch(
          /restarted 1 time by its machine \(last exit: killed by SIGKILL at /,
        ),
      { timeout: 30_000, interval: 500 },
    );

    const text = runCli(['status', '--dir', dir]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/solo-cp-0 .* running .*1 agent restart/);
  }, 300_000);
});
