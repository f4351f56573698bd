import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imageBinaryTable, OS_TRUSTED_KEYS, packOsImage, parseReleaseFile, UPDATE_ENGINE_CONFIG, USR_PATHS, usrImageFiles } from '@strata/bootstrap';
import { startUpdateServerProcess, type UpdateServerProcess } from '@strata/testkit';
import { findFreePort, pinnedVersions } from '@strata/toolchain';
import { bootMachine, type BootRecord } from '../os/boot';
import { readSlotTable, slotDir, type SlotTable } from '../os/slot-table';
import { ERROR_CODE } from './error-codes';
import { loadTrustedKeys, loadUpdateEngineSettings } from './settings';
import { UpdateEngine } from './update-engine';

const V1 = '4100.0.0';
const V2 = '4200.0.0';
const V3 = '4300.0.0';
const V4 = '4400.0.0';

/** A small stand-in for the node-agent bundle: the image builder takes any bytes. */
const AGENT_BUNDLE = Buffer.from('// node-agent\nconsole.log("node-agent");\n');

interface InstanceReport {
  instance: { machineId: string; status: string; version: string; grantedVersion: string | null };
  history: Array<{ status: string; version: string }>;
  events: Array<{ type: number; result: number; errorCode: number | null; error: { code: number; name: string | null } | null; targetVersion: string | null }>;
}

/** A signed `/usr` image of `version`, as `strata os build-image` makes it. */
function buildImage(version: string, key: KeyObject): Buffer {
  const files = usrImageFiles({ version, nodeAgentBundle: AGENT_BUNDLE, imageTable: imageBinaryTable(pinnedVersions()) });
  return packOsImage({ version, files, signingKey: key });
}

describe('update engine against a real update server process', () => {
  let dir: string;
  let dataDir: string;
  let server: UpdateServerProcess | undefined;
  let base: string;
  let token: string;
  const signing = generateKeyPairSync('ed25519');

  async function admin<T>(method: string, path: string, body?: Buffer): Promise<T> {
    const res = await fetch(`${base}/v1/admin/${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/octet-stream' } : {}) },
      ...(body ? { body: new Uint8Array(body) } : {}),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status}: ${text}`);
    return JSON.parse(text) as T;
  }

  function publish(version: string, payload: Buffer): Promise<unknown> {
    return admin('POST', `packages?version=${version}&name=strata-usr-${version}.payload&channel=stable`, payload);
  }

  /** A machine root booted from `usr-a` on V1, as `node-agent machine --slots` prepares it, trusting the signing key. */
  async function makeMachine(name: string): Promise<{ root: string; boot: BootRecord }> {
    const root = join(dir, name);
    mkdirSync(root, { recursive: true });
    const boot = await bootMachine(root, { factoryBundle: () => Promise.resolve(AGENT_BUNDLE), factoryVersion: V1 });
    const keys = join(root, OS_TRUSTED_KEYS);
    mkdirSync(dirname(keys), { recursive: true });
    writeFileSync(keys, signing.publicKey.export({ format: 'pem', type: 'spki' }).toString());
    writeFileSync(
      join(root, UPDATE_ENGINE_CONFIG),
      JSON.stringify({
        server: `${base}/v1/update/`,
        group: 'stable',
        initialDelaySeconds: 3600,
        checkIntervalSeconds: 3600,
        checkFuzzSeconds: 0,
        retryInitialSeconds: 3600,
        postinstallTimeoutSeconds: 30,
      }),
    );
    return { root, boot };
  }

  function engineFor(machine: { root: string; boot: BootRecord }, machineId: string): UpdateEngine {
    return new UpdateEngine({
      root: machine.root,
      boot: machine.boot,
      settings: loadUpdateEngineSettings(machine.root),
      trustedKeys: loadTrustedKeys(machine.root),
      machineId,
      health: () => ({ registered: true, nodeReady: true, staticPodsHealthy: true }),
    });
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'strata-update-engine-'));
    dataDir = join(dir, 'server');
    server = await startUpdateServerProcess({ port: await findFreePort(), dataDir });
    base = server.url;
    token = server.token;
  });

  afterAll(async () => {
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('downloads, verifies and installs V2 into the passive slot and arms it for one try', async () => {
    const machine = await makeMachine('machine-1');
    expect(machine.boot).toMatchObject({ slot: 'usr-a', version: V1, trial: false });
    const before = readSlotTable(machine.root) as SlotTable;
    await publish(V2, buildImage(V2, signing.privateKey));

    const machineId = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
    const engine = engineFor(machine, machineId);
    try {
      engine.start();
      await engine.checkNow();
      expect(engine.status()).toMatchObject({ status: 'updated_need_reboot', newVersion: V2, currentVersion: V1, slot: 'usr-a', lastError: null });
    } finally {
      await engine.stop();
    }

    const release = parseReleaseFile(readFileSync(join(slotDir(machine.root, 'usr-b'), USR_PATHS.osRelease), 'utf8'));
    expect(release['VERSION']).toBe(V2);
    expect(readFileSync(join(slotDir(machine.root, 'usr-b'), USR_PATHS.nodeAgent))).toEqual(AGENT_BUNDLE);
    expect(parseReleaseFile(readFileSync(join(slotDir(machine.root, 'usr-a'), USR_PATHS.osRelease), 'utf8'))['VERSION']).toBe(V1);

    const table = readSlotTable(machine.root) as SlotTable;
    expect(table.slots['usr-b']).toEqual({ priority: table.slots['usr-a'].priority + 1, tries: 1, successful: 0, version: V2 });
    expect(table.slots['usr-a']).toEqual(before.slots['usr-a']);

    const report = await admin<InstanceReport>('GET', `instances/${machineId}`);
    expect(report.instance).toMatchObject({ machineId, status: 'installed', grantedVersion: V2 });
    expect(report.events.map((e) => `${e.type}/${e.result}`)).toEqual(['13/1', '14/1', '3/1']);
    expect(report.events.every((e) => e.targetVersion === V2)).toBe(true);
    expect(report.history.map((h) => h.status)).toEqual(['update-granted', 'downloading', 'downloaded', 'installed']);
  });

  it('reports a payload whose bytes do not match the announced hash as 3/0 with error 10 and leaves the slots alone', async () => {
    const machine = await makeMachine('machine-2');
    await publish(V3, buildImage(V3, signing.privateKey));
    // The stored file is corrupted in place, keeping its size: only the hashes can tell.
    const stored = join(dataDir, 'packages', V3);
    const [file] = readdirSync(stored);
    if (file === undefined) throw new Error(`no payload under ${stored}`);
    const bytes = readFileSync(join(stored, file));
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 0xff;
    writeFileSync(join(stored, file), bytes);
    const before = readSlotTable(machine.root);

    const machineId = 'ffeeddccbbaa99887766554433221100';
    const engine = engineFor(machine, machineId);
    try {
      engine.start();
      await engine.checkNow();
      expect(engine.status()).toMatchObject({ status: 'idle', newVersion: null, failures: 1, lastError: { code: ERROR_CODE.payloadHashMismatchError } });
    } finally {
      await engine.stop();
    }
    expect(readSlotTable(machine.root)).toEqual(before);
    const passive = slotDir(machine.root, 'usr-b');
    expect(existsSync(passive) ? readdirSync(passive) : []).toEqual([]);

    const report = await admin<InstanceReport>('GET', `instances/${machineId}`);
    expect(report.instance).toMatchObject({ machineId, status: 'error', version: V1 });
    const events = report.events.map((e) => `${e.type}/${e.result}`);
    expect(events).toEqual(['13/1', '14/1', '3/0']);
    expect(report.events[2]).toMatchObject({
      errorCode: ERROR_CODE.payloadHashMismatchError,
      error: { code: ERROR_CODE.payloadHashMismatchError, name: 'payloadHashMismatchError' },
    });
    expect(report.history.map((h) => h.status)).toEqual(['update-granted', 'downloading', 'downloaded', 'error']);
  });

  it('refuses an image signed by a key the machine does not trust with error 18, the slots left alone', async () => {
    const machine = await makeMachine('machine-3');
    // Whole and with the hashes the server announces, but signed by someone else.
    await publish(V4, buildImage(V4, generateKeyPairSync('ed25519').privateKey));
    const before = readSlotTable(machine.root);

    const machineId = '0123456789abcdef0123456789abcdef';
    const engine = engineFor(machine, machineId);
    try {
      engine.start();
      await engine.checkNow();
      expect(engine.status()).toMatchObject({ status: 'idle', newVersion: null, lastError: { code: ERROR_CODE.downloadPayloadPubKeyVerificationError } });
    } finally {
      await engine.stop();
    }
    expect(readSlotTable(machine.root)).toEqual(before);
    const passive = slotDir(machine.root, 'usr-b');
    expect(existsSync(passive) ? readdirSync(passive) : []).toEqual([]);
    const report = await admin<InstanceReport>('GET', `instances/${machineId}`);
    expect(report.instance).toMatchObject({ machineId, status: 'error', version: V1 });
    expect(report.events.map((e) => `${e.type}/${e.result}`)).toEqual(['13/1', '14/1', '3/0']);
    expect(report.events[2]).toMatchObject({ errorCode: ERROR_CODE.downloadPayloadPubKeyVerificationError });
  });
});
