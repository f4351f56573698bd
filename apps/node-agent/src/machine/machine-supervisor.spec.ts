import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { isProcessRunning } from '@strata/toolchain';
import { superviseMachine } from './machine-supervisor';
import { readMachineStatus } from './machine-status';

const root = mkdtempSync(join(tmpdir(), 'strata-machine-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('superviseMachine', () => {
  it('restarts a killed agent with backoff, reports it, and stops it for good on stop()', async () => {
    // The restart delay is drawn at random below 300 ms; a high draw keeps `restarting` long enough to be seen.
    vi.spyOn(Math, 'random').mockReturnValue(0.99);
    const supervisor = superviseMachine({
      root,
      command: process.execPath,
      // Writes what the supervisor told it into its own file, then idles like an agent.
      args: [
        '-e',
        `require('node:fs').writeFileSync(${JSON.stringify(join(root, 'env'))} + process.pid, (process.env.STRATA_NODE_AGENT_RESTARTS ?? '') + '|' + (process.env.STRATA_NODE_AGENT_LAST_EXIT ?? '')); setInterval(() => {}, 1000)`,
      ],
      backoff: { initialMs: 300, maxMs: 1_000, resetAfterMs: 60_000 },
      stopGraceMs: 2_000,
    });
    try {
      const first = await vi.waitFor(() => {
        const s = readMachineStatus(root);
        expect(s?.state).toBe('running');
        return s!.agent.pid!;
      });
      await vi.waitFor(() => expect(readFileSync(join(root, `env${first}`), 'utf8')).toBe('0|'));
      process.kill(first, 'SIGKILL');
      await vi.waitFor(() => {
        const s = readMachineStatus(root);
        expect(s?.state).toBe('restarting');
        expect(s?.agent.lastExit).toMatchObject({ code: null, signal: 'SIGKILL' });
        expect(s?.agent.nextRestartAt).not.toBeNull();
      });
      const second = await vi.waitFor(() => {
        const s = readMachineStatus(root);
        expect(s).toMatchObject({ state: 'running', agent: { restarts: 1 } });
        expect(s?.agent.pid).not.toBe(first);
        return s!.agent.pid!;
      });
      expect(isProcessRunning(second)).toBe(true);
      await vi.waitFor(() => expect(readFileSync(join(root, `env${second}`), 'utf8')).toMatch(/^1\|killed by SIGKILL at \d{4}-/));
    } finally {
      vi.restoreAllMocks();
      await supervisor.stop();
    }
    const stopped = readMachineStatus(root);
    expect(stopped?.state).toBe('stopped');
    expect(stopped?.agent.pid).toBeNull();
    expect(stopped?.agent.lastExit?.signal).toBe('SIGTERM');
  });
});
