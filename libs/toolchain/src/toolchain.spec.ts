import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { binaryPath, cacheDir, findFreePorts, pinnedVersions, ProcessGroup } from './index';

describe('pinned versions', () => {
  it('reads versions.json of @strata/binaries, the one place versions are pinned', () => {
    const file = JSON.parse(readFileSync(createRequire(import.meta.url).resolve('@strata/binaries/versions.json'), 'utf8')) as Record<string, string>;
    expect(pinnedVersions()).toMatchObject({ kubernetes: file['kubernetes'], etcd: file['etcd'], kwok: file['kwok'] });
  });

  it('places each binary under the cache directory keyed by its version', () => {
    const v = pinnedVersions();
    expect(binaryPath('kube-apiserver')).toBe(join(cacheDir(), 'kubernetes', v.kubernetes, 'bin', 'kube-apiserver'));
    expect(binaryPath('etcd')).toBe(join(cacheDir(), 'etcd', v.etcd, 'bin', 'etcd'));
    expect(binaryPath('kwok')).toBe(join(cacheDir(), 'kwok', v.kwok, 'bin', 'kwok'));
  });
});

describe('findFreePorts', () => {
  it('returns distinct ports that can be bound', async () => {
    const ports = await findFreePorts(3);
    expect(new Set(ports).size).toBe(3);
    for (const port of ports) {
      await new Promise<void>((resolve, reject) => {
        const server = createServer();
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
      });
    }
  });
});

describe('ProcessGroup', () => {
  it('stops its processes with SIGTERM and reports their exit', async () => {
    const group = new ProcessGroup();
    const proc = group.spawn({ name: 'sleeper', command: 'sleep', args: ['60'] });
    expect(proc.running()).toBe(true);
    await group.stopAll(2_000);
    expect(proc.running()).toBe(false);
    expect(await proc.exited).toBe('SIGTERM');
  });

  it('escalates to SIGKILL when a process ignores SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'toolchain-stubborn-'));
    try {
      const logFile = join(dir, 'stubborn.log');
      const group = new ProcessGroup();
      const proc = group.spawn({ name: 'stubborn', command: 'sh', args: ['-c', 'trap "" TERM; echo ignoring-TERM; while true; do sleep 0.1; done'], logFile });
      // SIGTERM must arrive after the trap is set, or the shell would simply die of it.
      await vi.waitFor(() => expect(readFileSync(logFile, 'utf8')).toContain('ignoring-TERM'), { timeout: 5_000, interval: 20 });
      const started = Date.now();
      await group.stop(proc, 500);
      expect(proc.running()).toBe(false);
      expect(await proc.exited).toBe('SIGKILL');
      expect(Date.now() - started).toBeGreaterThanOrEqual(450);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
