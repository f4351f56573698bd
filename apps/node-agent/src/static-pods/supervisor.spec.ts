import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { stringify } from 'yaml';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '@strata/log';
import { binaryForImage } from './image-binary';
import type { StaticPodStatus } from './pod-status';
import { StaticPodSupervisor, type SupervisorOptions } from './supervisor';

/** Test images run small shell programs; any other image goes through the real mapping. */
function binaryFor(image: string): string {
  return image.startsWith('test/') ? '/bin/sh' : binaryForImage(image);
}

function manifest(name: string, script: string, options: { image?: string; probe?: object } = {}): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'kube-system' },
    spec: {
      containers: [
        {
          name,
          image: options.image ?? `test/${name}:1`,
          command: ['sh', '-c', script],
          ...(options.probe ? { startupProbe: options.probe, livenessProbe: options.probe } : {}),
        },
      ],
    },
  });
}

describe('StaticPodSupervisor', () => {
  let root: string;
  let supervisor: StaticPodSupervisor | undefined;
  const manifests = () => join(root, 'etc/kubernetes/manifests');
  const write = (file: string, text: string) => writeFileSync(join(manifests(), file), text);
  const pod = (name: string): StaticPodStatus | undefined => supervisor?.status().find((p) => p.name === name);
  /** The pid of pod `name` once it runs. */
  const runningPid = (name: string) =>
    vi.waitFor(
      () => {
        const pid = pod(name)?.pid;
        expect(pid).toEqual(expect.any(Number));
        return pid!;
      },
      { timeout: 5_000 },
    );
  const start = async (options: Partial<SupervisorOptions> = {}) => {
    supervisor = new StaticPodSupervisor({
      root,
      log: silentLogger,
      binaryFor,
      pollMs: 100,
      stopGraceMs: 500,
      backoff: { initialMs: 100, maxMs: 400, resetAfterMs: 60_000 },
      ...options,
    });
    await supervisor.start();
    return supervisor;
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'node-agent-pods-'));
    mkdirSync(manifests(), { recursive: true });
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await supervisor?.stop();
    supervisor = undefined;
    rmSync(root, { recursive: true, force: true });
  });

  it('runs each manifest as a process with its log and pid file inside the root', async () => {
    write('a.yaml', manifest('a', 'echo output-$((20 + 22)); exec sleep 300'));
    await start();
    const a = await vi.waitFor(
      () => {
        expect(pod('a')?.state).toBe('running');
        return pod('a')!;
      },
      { timeout: 5_000 },
    );
    expect(a.pid).toBeGreaterThan(0);
    expect(a.command).toBe('/bin/sh');
    expect(a.log).toBe(join(root, 'var/log/pods/a.log'));
    expect(readFileSync(join(root, 'run/static-pods/a.pid'), 'utf8').trim()).toBe(String(a.pid));
    await vi.waitFor(() => expect(readFileSync(a.log, 'utf8')).toContain('output-42'), { timeout: 5_000 });
    // The agent's own line before the run is JSON in the format of @strata/log; the pod's output is as it wrote it.
    const agentLines = readFileSync(a.log, 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(agentLines[0]).toMatchObject({ name: 'node-agent', level: 'info', msg: 'static pod starting', pod: 'a', restarts: 0, command: '/bin/sh' });
    expect(agentLines[0]?.time).toEqual(expect.stringMatching(/^\d{4}-\d\d-\d\dT/));
  });

  it('restarts a killed process after a backoff and counts the restarts', async () => {
    write('a.yaml', manifest('a', 'exec sleep 300'));
    await start();
    const first = await runningPid('a');
    process.kill(first, 'SIGKILL');
    const again = await vi.waitFor(
      () => {
        const p = pod('a');
        expect(p).toMatchObject({ restarts: 1, pid: expect.any(Number) });
        expect(p?.pid).not.toBe(first);
        return p!;
      },
      { timeout: 5_000 },
    );
    expect(again.lastExit).toMatchObject({ code: null, signal: 'SIGKILL' });
    expect(again.state).toBe('running');
  });

  it('backs off longer after each crash, up to the cap', async () => {
    // The delays are drawn at random below a doubling ceiling; a fixed draw of 0.75 makes them exact.
    vi.spyOn(Math, 'random').mockReturnValue(0.75);
    write('crash.yaml', manifest('crash', 'exit 3'));
    await start({ backoff: { initialMs: 100, maxMs: 400, resetAfterMs: 60_000 } });
    const delays: number[] = [];
    await vi.waitFor(
      () => {
        const p = pod('crash');
        if (p?.state === 'backoff' && p.nextRestartAt && p.lastExit) {
          const delay = Date.parse(p.nextRestartAt) - Date.parse(p.lastExit.at);
          if (delays.length === p.restarts) delays.push(delay);
        }
        expect(delays.length).toBeGreaterThanOrEqual(4);
      },
      { timeout: 10_000, interval: 20 },
    );
    expect(delays.slice(0, 4)).toEqual([75, 150, 300, 300]);
    expect(pod('crash')?.lastExit?.code).toBe(3);
  });

  it('starts added manifests, stops removed ones and restarts changed ones', async () => {
    write('a.yaml', manifest('a', 'exec sleep 300'));
    await start();
    const a = await runningPid('a');

    write('b.yaml', manifest('b', 'exec sleep 301'));
    await runningPid('b');

    write('a.yaml', manifest('a', 'exec sleep 302'));
    const changed = await vi.waitFor(
      () => {
        const p = pod('a');
        expect(p?.pid).toEqual(expect.any(Number));
        expect(p?.pid).not.toBe(a);
        return p!;
      },
      { timeout: 5_000 },
    );
    expect(changed.restarts).toBe(0);
    expect(() => process.kill(a, 0)).toThrow();

    unlinkSync(join(manifests(), 'b.yaml'));
    await vi.waitFor(() => expect(pod('b')).toBeUndefined(), { timeout: 5_000 });
    expect(supervisor!.status().map((p) => p.name)).toEqual(['a']);
  });

  it('reports a manifest whose image has no local binary as failed, and ignores hidden and other files', async () => {
    write('proxy.yaml', manifest('kube-proxy', 'true', { image: 'registry.k8s.io/kube-proxy:v1.37.2' }));
    write('.hidden.yaml', manifest('hidden', 'exec sleep 300'));
    write('notes.txt', 'not a manifest');
    write('broken.yaml', 'spec: [');
    await start();
    const status = supervisor!.status();
    expect(status.map((p) => [p.manifest, p.state])).toEqual([
      ['broken.yaml', 'failed'],
      ['proxy.yaml', 'failed'],
    ]);
    expect(status[1]?.error).toMatch(/kube-proxy/);
    expect(status[1]?.pid).toBeNull();
  });

  it('stops pods with SIGTERM, SIGKILLs one that ignores it after the grace period, and stops etcd last', async () => {
    write('etcd.yaml', manifest('etcd', 'exec sleep 300'));
    write('kube-apiserver.yaml', manifest('kube-apiserver', 'trap "" TERM; echo trapped-$((6 * 7)); exec sleep 300'));
    const s = await start({ stopGraceMs: 300 });
    await vi.waitFor(() => expect(s.status().map((p) => typeof p.pid)).toEqual(['number', 'number']), { timeout: 5_000 });
    await vi.waitFor(() => expect(readFileSync(pod('kube-apiserver')!.log, 'utf8')).toContain('trapped-42'), { timeout: 5_000 });
    await s.stop();
    const etcd = pod('etcd')!;
    const api = pod('kube-apiserver')!;
    expect(api.lastExit?.signal).toBe('SIGKILL');
    expect(etcd.lastExit?.signal).toBe('SIGTERM');
    expect(Date.parse(etcd.lastExit!.at)).toBeGreaterThanOrEqual(Date.parse(api.lastExit!.at));
    expect([etcd.state, api.state]).toEqual(['stopped', 'stopped']);
    expect(existsSync(join(root, 'run/static-pods/etcd.pid'))).toBe(false);
  });

  it('restarts nothing once held for a shutdown, even a pod that exits meanwhile', async () => {
    write('a.yaml', manifest('a', 'exec sleep 300'));
    const s = await start();
    const pid = await runningPid('a');
    s.hold();
    process.kill(pid, 'SIGTERM');
    await vi.waitFor(() => expect(pod('a')?.state).toBe('stopped'), { timeout: 5_000 });
    // A restart would have come after the backoff (at most 100 ms here); the manifest poll (100 ms) has run too.
    await sleep(300);
    expect(pod('a')).toMatchObject({ state: 'stopped', pid: null, restarts: 0 });
  });

  it('ends static pods a killed predecessor left running before it starts its own', async () => {
    // A process whose command line names the root, like every static pod's does.
    const orphan = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', join(root, 'var/lib/etcd')], { stdio: 'ignore' });
    mkdirSync(join(root, 'run/static-pods'), { recursive: true });
    writeFileSync(join(root, 'run/static-pods/etcd.pid'), `${orphan.pid}\n`);
    const exited = new Promise((r) => orphan.once('exit', (_code, signal) => r(signal)));
    await start();
    expect(await exited).toBe('SIGTERM');
    expect(existsSync(join(root, 'run/static-pods/etcd.pid'))).toBe(false);
  });

  describe('probes', () => {
    let server: Server;
    let healthy = true;
    let port = 0;
    beforeEach(async () => {
      healthy = true;
      server = createServer((_req, res) => res.writeHead(healthy ? 200 : 500).end());
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      port = (server.address() as { port: number }).port;
    });
    afterEach(() => new Promise<void>((r) => server.close(() => r())));

    it('marks a pod ready once its probe passes, and kills and restarts it when the liveness probe keeps failing', async () => {
      const probe = { httpGet: { host: '127.0.0.1', port, path: '/healthz', scheme: 'HTTP' }, initialDelaySeconds: 0, periodSeconds: 1, failureThreshold: 2 };
      write('a.yaml', manifest('a', 'exec sleep 300', { probe }));
      await start();
      const ready = await vi.waitFor(
        () => {
          expect(pod('a')?.ready).toBe(true);
          return pod('a')!;
        },
        { timeout: 5_000 },
      );
      expect(ready.state).toBe('running');
      healthy = false;
      const restarted = await vi.waitFor(
        () => {
          expect(pod('a')?.restarts).toBe(1);
          return pod('a')!;
        },
        { timeout: 8_000 },
      );
      expect(restarted.lastExit?.reason).toMatch(/liveness probe failed 2 times/);
      expect(restarted.lastExit?.signal).toBe('SIGTERM');
    });
  });
});
