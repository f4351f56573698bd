import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { binaryPath } from '@strata/toolchain';
import { describeHolder, portFree } from './port-holders';
import { stopProcessesWith } from './processes';

const work = mkdtempSync(join(tmpdir(), 'strata-processes-'));
const started: ChildProcess[] = [];
afterAll(() => {
  for (const p of started) p.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
});

describe('stopProcessesWith', () => {
  // A multi-threaded Go server (etcd, like the control plane's processes) releases its
  // sockets only when its last thread has ended; its command line reads empty and its
  // main thread shows as a zombie a moment before that. Several rounds, since the moment
  // is short.
  it('returns only once the stopped processes have closed their listening sockets', async () => {
    const host = `127.${200 + Math.floor(Math.random() * 50)}.${Math.floor(Math.random() * 250)}.9`;
    for (let round = 0; round < 6; round++) {
      const dataDir = join(work, `etcd-${round}`);
      const etcd = spawn(
        binaryPath('etcd'),
        [
          '--data-dir',
          dataDir,
          '--listen-client-urls',
          `http://${host}:2379`,
          '--advertise-client-urls',
          `http://${host}:2379`,
          '--listen-peer-urls',
          `http://${host}:2380`,
        ],
        { stdio: 'ignore' },
      );
      started.push(etcd);
      await vi.waitFor(async () => expect(await portFree(host, 2379)).toBe(false), { timeout: 20_000, interval: 50 });
      await stopProcessesWith(dataDir, round % 2 === 0 ? 10_000 : 0);
      expect(await portFree(host, 2379), `round ${round}: ${host}:2379 ${describeHolder(host, 2379)}`).toBe(true);
      expect(await portFree(host, 2380), `round ${round}: ${host}:2380 ${describeHolder(host, 2380)}`).toBe(true);
    }
  }, 120_000);
});
