import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, request, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { imageBinaryTable, OS_TRUSTED_KEYS, packOsImage, UPDATE_ENGINE_CONFIG, usrImageFiles, type OsImageFile, type UsrImageInput } from '@strata/bootstrap';
import { startUpdateServerProcess, type UpdateServerProcess } from '@strata/testkit';
import { findFreePort, pinnedVersions, ProcessGroup, type ManagedProcess } from '@strata/toolchain';
import { ensureBundle } from '@strata/toolchain/bundle';
import { readMachineStatus } from '../machine/machine-status';
import { bootMachine, readBootRecord, type BootRecord } from '../os/boot';
import { chooseBootSlot, readSlotTable, slotDir, type SlotName, type SlotTable } from '../os/slot-table';
import { spawnNodeAgent } from '../testing/agent-process';
import { UPDATE_AGENT } from '../testing/update-agent-bundle';
import { ERROR_CODE } from './error-codes';
import { HOLD_ENV, holdMarkerPath, type HoldPoint } from './hold-point';
import { readPrefs } from './prefs';
import { loadTrustedKeys, loadUpdateEngineSettings } from './settings';
import { UpdateEngine, updateStatusPath, type UpdateEngineStatus } from './update-engine';

const V1 = '4100.0.0';
/** Served on `stable` (a good update). */
const V2 = '4200.0.0';
/** Served on `alpha`, with a payload large enough to be cut half-way. */
const V2_LARGE = '4250.0.0';
/** Pinned for the group `bad-check`: its own health check fails. */
const BAD_CHECK = '4300.0.0';
/** Pinned for the group `bad-agent`: its agent exits as soon as it starts. */
const BAD_AGENT = '4400.0.0';

const PAYLOAD_PART = 'var/lib/update_engine/download/payload.part';

interface InstanceReport {
  instance: { machineId: string; status: string; version: string; grantedVersion: string | null };
  events: Array<{ type: number; result: number; errorCode: number | null; targetVersion: string | null }>;
}

interface StatusReport {
  groups: Array<{ name: string; updatesEnabled: boolean; pausedReason: string | null }>;
}

/** One payload request as the proxy forwarded it. */
interface Transfer {
  range: string | null;
  status: number;
  bytes: number;
}

/** SHA-256 of every file under `dir`, by path relative to it. */
function digestTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else out[relative(dir, path)] = createHash('sha256').update(readFileSync(path)).digest('hex');
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}

function digestFiles(files: OsImageFile[]): Record<string, string> {
  return Object.fromEntries(files.map((f) => [f.path, createHash('sha256').update(f.contents).digest('hex')]));
}

function machineIdOf(name: string): string {
  return createHash('md5').update(name).digest('hex');
}

function engineStatus(root: string): UpdateEngineStatus | undefined {
  try {
    return JSON.parse(readFileSync(updateStatusPath(root), 'utf8')) as UpdateEngineStatus;
  } catch {
    return undefined;
  }
}

/** The boot record once the machine has booted `slot` in a boot other than `after` (a boot id). */
async function bootedInto(root: string, slot: SlotName, after: string, timeout = 60_000): Promise<BootRecord> {
  return vi.waitFor(
    () => {
      const boot = readBootRecord(root);
      expect(boot?.slot).toBe(slot);
      expect(boot?.bootId).not.toBe(after);
      return boot as BootRecord;
    },
    { timeout, interval: 50 },
  );
}

/**
 * A pass-through HTTP proxy in front of the update server that records each payload request.
 * The first payload transfer stops after `holdAfter` bytes (the proxy stops reading, so the
 * server can send no more than the sockets hold) until `release()`.
 */
async function startHoldingProxy(
  upstreamPort: number,
  holdAfter: number,
): Promise<{ base: string; transfers: Transfer[]; release(): void; close(): Promise<void> }> {
  const transfers: Transfer[] = [];
  let release: () => void = () => undefined;
  const released = new Promise<void>((done) => (release = done));
  const server = createServer((req, res) => {
    const upstream = request({ host: '127.0.0.1', port: upstreamPort, method: req.method, path: req.url, headers: req.headers }, (upRes) => {
      res.writeHead(upRes.statusCode ?? 502, upRes.headers as IncomingHttpHeaders);
      if (!req.url?.startsWith('/v1/packages/')) {
        void pipeline(upRes, res).catch(() => res.destroy());
        return;
      }
      const transfer: Transfer = { range: req.headers.range ?? null, status: upRes.statusCode ?? 0, bytes: 0 };
      const first = transfers.length === 0;
      transfers.push(transfer);
      const counted = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          const pass = () => {
            transfer.bytes += chunk.length;
            done(null, chunk);
          };
          if (first && transfer.bytes >= holdAfter) void released.then(pass);
          else pass();
        },
      });
      // A server that dies half-way ends the client's transfer too, as it would without the proxy.
      void pipeline(upRes, counted, res).catch(() => res.destroy());
    });
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502).end();
      else res.destroy();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    transfers,
    release: () => release(),
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

describe('OS update faults against a real update server process and real machines', () => {
  const machines = new ProcessGroup();
  const signing = generateKeyPairSync('ed25519');
  let dir: string;
  let dataDir: string;
  let port: number;
  let server: UpdateServerProcess;
  /** The machines' agent: the update engine, bundled into one file that goes into every good image. */
  let agent: Buffer;
  let good: { payload: Buffer; files: OsImageFile[] };

  async function admin<T>(method: string, path: string, body?: Buffer | object): Promise<T> {
    const raw = Buffer.isBuffer(body);
    const res = await fetch(`${server.url}/v1/admin/${path}`, {
      method,
      headers: {
        authorization: `Bearer ${server.token}`,
        ...(body ? { 'content-type': raw ? 'application/octet-stream' : 'application/json' } : {}),
      },
      ...(body ? { body: raw ? new Uint8Array(body) : JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status}: ${text}`);
    return JSON.parse(text) as T;
  }

  /** A signed `/usr` image of `version`, as `strata os build-image` makes it. */
  function buildImage(version: string, input: Partial<UsrImageInput> = {}): { payload: Buffer; files: OsImageFile[] } {
    const files = usrImageFiles({ version, nodeAgentBundle: agent, imageTable: imageBinaryTable(pinnedVersions()), ...input });
    return { payload: packOsImage({ version, files, signingKey: signing.privateKey }), files };
  }

  function publish(version: string, payload: Buffer, channel: string): Promise<unknown> {
    return admin('POST', `packages?version=${version}&name=strata-usr-${version}.payload&channel=${channel}`, payload);
  }

  async function eventsOf(machineId: string): Promise<string[]> {
    const report = await admin<InstanceReport>('GET', `instances/${machineId}`);
    return report.events.map((e) => `${e.type}/${e.result}`);
  }

  /**
   * A machine root with the factory image (V1, this agent) in `usr-a`, trusting the signing
   * key, in update group `group`, with a fast update schedule and health deadline.
   */
  async function prepareMachine(
    name: string,
    group: string,
    settings: Record<string, unknown> = {},
  ): Promise<{ root: string; machineId: string; prepared: BootRecord }> {
    const root = join(dir, name);
    mkdirSync(root, { recursive: true });
    const prepared = await bootMachine(root, { factoryBundle: () => Promise.resolve(agent), factoryVersion: V1 });
    const keys = join(root, OS_TRUSTED_KEYS);
    mkdirSync(dirname(keys), { recursive: true });
    writeFileSync(keys, signing.publicKey.export({ format: 'pem', type: 'spki' }).toString());
    writeFileSync(
      join(root, UPDATE_ENGINE_CONFIG),
      JSON.stringify({
        server: `${server.url}/v1/update/`,
        group,
        initialDelaySeconds: 0,
        checkIntervalSeconds: 1,
        checkFuzzSeconds: 0,
        retryInitialSeconds: 1,
        maxBackoffSeconds: 2,
        healthDeadlineSeconds: 5,
        healthPollSeconds: 0.5,
        postinstallTimeoutSeconds: 30,
        ...settings,
      }),
    );
    const machineId = machineIdOf(name);
    writeFileSync(join(root, 'etc/machine-id'), `${machineId}\n`);
    return { root, machineId, prepared };
  }

  /** `node-agent machine --slots --root <root>`, the machine's supervisor, leading its own process group. */
  function startMachine(root: string, env: Record<string, string> = {}): Promise<ManagedProcess> {
    return spawnNodeAgent(machines, `machine ${root}`, ['machine', '--slots', '--root', root, '--log-level', 'info'], `${root}.log`, env);
  }

  /** kill -9 of the whole machine: its supervisor, its agent and whatever the agent started. */
  async function killMachine(machine: ManagedProcess): Promise<void> {
    process.kill(-machine.pid, 'SIGKILL');
    await machine.exited;
  }

  function logOf(root: string): string {
    return existsSync(`${root}.log`) ? readFileSync(`${root}.log`, 'utf8').split('\n').slice(-30).join('\n') : '(no log)';
  }

  async function updateApplied(root: string, version: string): Promise<void> {
    await vi.waitFor(() => expect(engineStatus(root), logOf(root)).toMatchObject({ status: 'updated_need_reboot', newVersion: version }), {
      timeout: 60_000,
      interval: 100,
    });
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'strata-update-faults-'));
    dataDir = join(dir, 'server');
    port = await findFreePort();
    server = await startUpdateServerProcess({ port, dataDir });
    agent = readFileSync(await ensureBundle(UPDATE_AGENT));
    good = buildImage(V2);
    await publish(V2, good.payload, 'stable');
  });

  afterAll(async () => {
    await machines.stopAll(10_000);
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('resumes a download cut by the update server being killed with a Range request for the bytes not on disk, and the server records one 13/1 and one 14/1', async () => {
    // Random bytes do not compress: the payload stays far larger than what the sockets hold once the proxy stops reading.
    const large = buildImage(V2_LARGE, { nodeAgentBundle: randomBytes(24 << 20) });
    await publish(V2_LARGE, large.payload, 'alpha');
    const proxy = await startHoldingProxy(port, 1 << 20);
    const { root, machineId } = await prepareMachine('server-killed', 'alpha', {
      server: `${proxy.base}/v1/update/`,
      initialDelaySeconds: 3600,
      retryInitialSeconds: 3600,
    });
    const engine = new UpdateEngine({
      root,
      boot: readBootRecord(root) as BootRecord,
      settings: loadUpdateEngineSettings(root),
      trustedKeys: loadTrustedKeys(root),
      machineId,
      health: () => ({ registered: true, nodeReady: true, staticPodsHealthy: true }),
    });
    const part = join(root, PAYLOAD_PART);
    try {
      engine.start();
      const cut = engine.checkNow();
      // Everything the proxy passed on is on disk before the server goes.
      await vi.waitFor(
        () => {
          expect(proxy.transfers[0]?.bytes).toBeGreaterThanOrEqual(1 << 20);
          expect(existsSync(part) ? statSync(part).size : 0).toBe(proxy.transfers[0]?.bytes);
        },
        { timeout: 30_000, interval: 20 },
      );
      await server.stop('SIGKILL');
      proxy.release();
      await cut;
      expect(engine.status()).toMatchObject({ status: 'idle', failures: 1, lastError: { code: ERROR_CODE.downloadTransferError } });
      const onDisk = statSync(part).size;
      expect(onDisk).toBeGreaterThanOrEqual(1 << 20);
      expect(onDisk).toBeLessThan(large.payload.length);

      server = await startUpdateServerProcess({ port, dataDir });
      await engine.checkNow();
      expect(engine.status()).toMatchObject({ status: 'updated_need_reboot', newVersion: V2_LARGE, lastError: null });
      expect(proxy.transfers).toEqual([
        { range: null, status: 200, bytes: expect.any(Number) as number },
        { range: `bytes=${onDisk}-`, status: 206, bytes: large.payload.length - onDisk },
      ]);
      expect(digestTree(slotDir(root, 'usr-b'))).toEqual(digestFiles(large.files));
    } finally {
      await engine.stop();
      await proxy.close();
      // The specs after this one need the server whatever happened here.
      if (server.child.exitCode !== null || server.child.signalCode !== null) server = await startUpdateServerProcess({ port, dataDir });
    }
    const events = await eventsOf(machineId);
    expect(events.filter((e) => e === '13/1')).toHaveLength(1);
    expect(events.filter((e) => e === '14/1')).toHaveLength(1);
    expect(events.at(-1)).toBe('3/1');
  });

  it.each<HoldPoint>(['download', 'unpack', 'postinstall', 'slot-table'])(
    'a machine killed -9 during %s boots a whole slot afterwards from a whole slot table, and the update then completes',
    async (point) => {
      const { root, machineId } = await prepareMachine(`killed-during-${point}`, 'stable');
      const factory = digestTree(slotDir(root, 'usr-a'));
      const held = await startMachine(root, { [HOLD_ENV]: point });
      await vi.waitFor(() => expect(readFileSync(holdMarkerPath(root), 'utf8').trim(), logOf(root)).toBe(point), { timeout: 60_000, interval: 50 });
      const atKill = readSlotTable(root) as SlotTable;
      const killedBoot = readBootRecord(root) as BootRecord;
      await killMachine(held);

      // The table parses (it is never half written) and is the one in place when the machine died.
      const table = readSlotTable(root) as SlotTable;
      expect(table).toEqual(atKill);
      expect(chooseBootSlot(table).slot).toBe('usr-a');
      if (point === 'download') {
        expect(statSync(join(root, PAYLOAD_PART)).size).toBeLessThan(good.payload.length);
      } else {
        // The slot being written is not bootable.
        expect(table.slots['usr-b']).toMatchObject({ priority: 0, version: null });
      }
      const leftovers = readdirSync(join(root, 'boot')).filter((f) => f.endsWith('.tmp'));
      // Killed between writing the armed table and renaming it into place: the new table was whole, but only in its temporary file.
      expect(leftovers).toHaveLength(point === 'slot-table' ? 1 : 0);

      const machine = await startMachine(root);
      try {
        const boot = await bootedInto(root, 'usr-a', killedBoot.bootId);
        expect(boot).toMatchObject({ version: V1, trial: false });
        expect(digestTree(slotDir(root, 'usr-a'))).toEqual(factory);
        await updateApplied(root, V2);
        expect(digestTree(slotDir(root, 'usr-b'))).toEqual(digestFiles(good.files));
        expect(readSlotTable(root)?.slots['usr-b']).toMatchObject({ tries: 1, successful: 0, version: V2 });
      } finally {
        await machines.stop(machine, 15_000);
      }
      expect(await eventsOf(machineId)).toEqual(['13/1', '14/1', '3/1']);
    },
    180_000,
  );

  it('an agent killed -9 right after arming the new slot is restarted in the same boot, reports the install once and cleans up the payload', async () => {
    const { root, machineId, prepared } = await prepareMachine('agent-killed-armed', 'stable');
    const machine = await startMachine(root, { [HOLD_ENV]: 'armed' });
    try {
      const boot = await bootedInto(root, 'usr-a', prepared.bootId);
      await vi.waitFor(() => expect(readFileSync(holdMarkerPath(root), 'utf8').trim(), logOf(root)).toBe('armed'), { timeout: 60_000, interval: 50 });
      const agentPid = readMachineStatus(root)?.agent.pid;
      if (!agentPid) throw new Error(`machine ${root} reports no agent`);
      process.kill(agentPid, 'SIGKILL');

      // The supervisor starts the agent again; the machine has not rebooted.
      await vi.waitFor(
        () => {
          const status = readMachineStatus(root);
          expect(status?.agent.pid).not.toBe(agentPid);
          expect(status).toMatchObject({ state: 'running', boots: 1, agent: { restarts: 1, lastExit: { signal: 'SIGKILL' } } });
        },
        { timeout: 30_000, interval: 50 },
      );
      expect(readBootRecord(root)?.bootId).toBe(boot.bootId);
      await updateApplied(root, V2);
      await vi.waitFor(async () => expect(await eventsOf(machineId)).toEqual(['13/1', '14/1', '3/1']), { timeout: 15_000, interval: 200 });
      expect(existsSync(join(root, PAYLOAD_PART))).toBe(false);
      expect(readPrefs(root)).toMatchObject({ download: null, pending: { slot: 'usr-b', version: V2 } });
      expect((await admin<InstanceReport>('GET', `instances/${machineId}`)).instance).toMatchObject({ status: 'installed', grantedVersion: V2 });
    } finally {
      await machines.stop(machine, 15_000);
    }
  }, 180_000);

  it.each([
    { point: 'mark-successful' as const, slot: 'usr-a' as const, version: V1, events: ['13/1', '14/1', '3/1', '3/0'], leftovers: 1 },
    { point: 'marked-successful' as const, slot: 'usr-b' as const, version: V2, events: ['13/1', '14/1', '3/1', '3/2'], leftovers: 0 },
  ])(
    'a machine killed -9 at $point in the health gate of its trial boot boots $slot afterwards and reports the update once',
    async ({ point, slot, version, events, leftovers }) => {
      const { root, machineId, prepared } = await prepareMachine(`killed-at-${point}`, 'stable');
      const held = await startMachine(root, { [HOLD_ENV]: point });
      const first = await bootedInto(root, 'usr-a', prepared.bootId);
      await updateApplied(root, V2);
      process.kill(held.pid, 'SIGUSR2');
      const trial = await bootedInto(root, 'usr-b', first.bootId);
      expect(trial).toMatchObject({ version: V2, trial: true });
      await vi.waitFor(() => expect(readFileSync(holdMarkerPath(root), 'utf8').trim(), logOf(root)).toBe(point), { timeout: 60_000, interval: 50 });
      await killMachine(held);

      // Killed inside the write, the slot is still unconfirmed with its one try used: the machine falls back.
      // Killed after it, the slot is proven and boots again.
      expect(readSlotTable(root)?.slots['usr-b']).toMatchObject({ version: V2, tries: 0, successful: slot === 'usr-b' ? 1 : 0 });
      expect(readdirSync(join(root, 'boot')).filter((f) => f.endsWith('.tmp'))).toHaveLength(leftovers);
      const machine = await startMachine(root);
      try {
        const boot = await bootedInto(root, slot, trial.bootId);
        expect(boot).toMatchObject({ version, trial: false });
        await vi.waitFor(async () => expect(await eventsOf(machineId)).toEqual(events), { timeout: 30_000, interval: 200 });
        expect(engineStatus(root)).toMatchObject({ currentVersion: version, slot });
      } finally {
        await machines.stop(machine, 15_000);
      }
      expect(readPrefs(root).pending).toBeNull();
      const report = await admin<InstanceReport>('GET', `instances/${machineId}`);
      expect(report.instance.version).toBe(version);
      if (slot === 'usr-a') expect(report.events[3]).toMatchObject({ errorCode: ERROR_CODE.rollbackError, targetVersion: V2 });
      else expect(report.instance.status).toBe('complete');
    },
    180_000,
  );

  it('an unplanned reboot of a machine with a staged update boots the new slot on its one try, which the health gate confirms', async () => {
    const { root, machineId, prepared } = await prepareMachine('unplanned-reboot', 'stable');
    const machine = await startMachine(root);
    try {
      const first = await bootedInto(root, 'usr-a', prepared.bootId);
      await updateApplied(root, V2);
      process.kill(machine.pid, 'SIGUSR2');

      const trial = await bootedInto(root, 'usr-b', first.bootId);
      expect(trial).toMatchObject({ version: V2, trial: true });
      // The boot used the slot's one try: were it not confirmed, the next boot would fall back.
      expect(readSlotTable(root)?.slots['usr-b']).toMatchObject({ tries: 0, version: V2 });
      await vi.waitFor(() => expect(readMachineStatus(root)).toMatchObject({ boots: 2, boot: { id: trial.bootId, trial: true } }), {
        timeout: 10_000,
        interval: 50,
      });
      await vi.waitFor(
        () => {
          expect(readSlotTable(root)?.slots['usr-b']).toMatchObject({ successful: 1, tries: 0 });
          expect(engineStatus(root), logOf(root)).toMatchObject({ currentVersion: V2, slot: 'usr-b', healthGate: 'passed' });
        },
        { timeout: 30_000, interval: 100 },
      );
      await vi.waitFor(async () => expect(await eventsOf(machineId)).toEqual(['13/1', '14/1', '3/1', '3/2']), { timeout: 15_000, interval: 200 });

      // Proven now: the next reboot boots it again, not as a trial.
      process.kill(machine.pid, 'SIGUSR2');
      expect(await bootedInto(root, 'usr-b', trial.bootId)).toMatchObject({ version: V2, trial: false });
    } finally {
      await machines.stop(machine, 15_000);
    }
    expect((await admin<InstanceReport>('GET', `instances/${machineId}`)).instance).toMatchObject({ status: 'complete', version: V2 });
  }, 180_000);

  it.each([
    {
      kind: 'its own health check fails',
      group: 'bad-check',
      version: BAD_CHECK,
      image: (): Partial<UsrImageInput> => ({ healthChecks: { '50-fails': '#!/bin/sh\necho "this image cannot run here" >&2\nexit 1\n' } }),
    },
    {
      kind: 'its agent crashes at start',
      group: 'bad-agent',
      version: BAD_AGENT,
      image: (): Partial<UsrImageInput> => ({ nodeAgentBundle: Buffer.from('console.error("node-agent: cannot start");\nprocess.exit(1);\n') }),
    },
  ])(
    'a bad version ($kind) falls back to the old slot, reports error 44, pauses its group, and a second machine is not offered it',
    async ({ group, version, image }) => {
      await publish(version, buildImage(version, image()).payload, 'beta');
      await admin('PUT', `groups/${group}`, { channel: 'beta' });
      await admin('PUT', `groups/${group}/policy`, { pin: { version, allowDowngrade: false }, autoPauseAfterFailures: 1 });
      const { root, machineId, prepared } = await prepareMachine(`${group}-1`, group);
      const factory = digestTree(slotDir(root, 'usr-a'));
      const machine = await startMachine(root);
      try {
        const first = await bootedInto(root, 'usr-a', prepared.bootId);
        await updateApplied(root, version);
        // The operator's reboot into the new version.
        process.kill(machine.pid, 'SIGUSR2');
        const bad = await bootedInto(root, 'usr-b', first.bootId);
        expect(bad).toMatchObject({ version, trial: true });

        const back = await bootedInto(root, 'usr-a', bad.bootId, 90_000);
        expect(back).toMatchObject({ version: V1, trial: false });
        await vi.waitFor(
          () => {
            expect(engineStatus(root), logOf(root)).toMatchObject({ currentVersion: V1, slot: 'usr-a', lastError: { code: ERROR_CODE.rollbackError } });
            expect(readMachineStatus(root)).toMatchObject({ state: 'running', boot: { id: back.bootId, trial: false } });
          },
          { timeout: 30_000, interval: 50 },
        );
        const recoveryMs = Date.now() - Date.parse(bad.bootedAt);
        const deadlineMs = loadUpdateEngineSettings(root).healthDeadlineSeconds * 1000;
        console.log(
          `update fault bench: a bad version (${version}, ${group}) fell back to ${V1} and was healthy ${recoveryMs} ms after its first boot ` +
            `(health deadline ${deadlineMs} ms, so ${recoveryMs - deadlineMs} ms for the reboot and the old agent's start)`,
        );
        expect(readSlotTable(root)?.slots['usr-b']).toMatchObject({ version, successful: 0, tries: 0 });
        expect(digestTree(slotDir(root, 'usr-a'))).toEqual(factory);

        await vi.waitFor(async () => expect(await eventsOf(machineId)).toEqual(['13/1', '14/1', '3/1', '3/0']), { timeout: 15_000, interval: 200 });
        const report = await admin<InstanceReport>('GET', `instances/${machineId}`);
        expect(report.events[3]).toMatchObject({ errorCode: ERROR_CODE.rollbackError, targetVersion: version });
        const status = await admin<StatusReport>('GET', 'status');
        expect(status.groups.find((g) => g.name === group)).toMatchObject({
          updatesEnabled: false,
          pausedReason: expect.stringMatching(/^auto-paused/) as string,
        });
        // The machine keeps checking (every second) and stays on the old version, its passive slot as the fallback left it.
        expect(readPrefs(root).badVersions).toEqual([version]);
        const fallen = readSlotTable(root);
        await new Promise((r) => setTimeout(r, 2_000));
        expect(readBootRecord(root)?.bootId).toBe(back.bootId);
        expect(engineStatus(root)).toMatchObject({ currentVersion: V1, newVersion: null, failures: 0 });
        expect(readSlotTable(root)).toEqual(fallen);
      } finally {
        await machines.stop(machine, 15_000);
      }

      const second = await prepareMachine(`${group}-2`, group, { initialDelaySeconds: 3600 });
      const before = readSlotTable(second.root);
      const engine = new UpdateEngine({
        root: second.root,
        boot: readBootRecord(second.root) as BootRecord,
        settings: loadUpdateEngineSettings(second.root),
        trustedKeys: loadTrustedKeys(second.root),
        machineId: second.machineId,
        health: () => ({ registered: true, nodeReady: true, staticPodsHealthy: true }),
      });
      try {
        engine.start();
        await engine.checkNow();
        expect(engine.status()).toMatchObject({ status: 'idle', newVersion: null, lastError: null });
      } finally {
        await engine.stop();
      }
      expect(readSlotTable(second.root)).toEqual(before);
      expect((await admin<InstanceReport>('GET', `instances/${second.machineId}`)).instance).toMatchObject({ status: 'on-hold', grantedVersion: null });
    },
    240_000,
  );
});
