import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLUSTER_ID_TAG } from '@strata/driver-api';
import { endpointsAt, startMoto, type MotoServer } from '@strata/driver-aws/testing';
import type { CredentialSummary, InstallSnapshot, Plan } from '@strata/install-contract';
import { installerServiceCommand } from '@strata/testkit';
import { WORKSPACE_ROOT } from '@strata/toolchain';
import { readEvents, serviceClient, type Answer, type ServiceClient, type SseFrame } from '../testing/service-client';

const REGION = 'eu-central-1';
/** Unique per run: whatever holds it got it from this run's credential. */
const CANARY = `canary${randomBytes(12).toString('hex')}`;
const SECRET_ACCESS_KEY = `${CANARY}/secret+access+key`;
const SESSION_TOKEN = `${CANARY}-session-token`;
const NAME = `canary-${randomBytes(3).toString('hex')}`;

const work = mkdtempSync(join(tmpdir(), 'strata-canary-'));
const strataHome = join(work, 'home');
let moto: MotoServer;
let service: { child: ChildProcess; dataDir: string; output: () => string };
let client: ServiceClient;
/** Every answer of the service this spec received, as text (JSON, YAML, plain logs, and the archives unpacked). */
const answers: { what: string; text: string }[] = [];
const frames: SseFrame[] = [];

async function call<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<Answer<T>> {
  const answer = await client.call<T>(method, path, body === undefined ? {} : { body });
  answers.push({ what: `${method} ${path} → ${answer.status}`, text: answer.text });
  return answer;
}

/** An archive answer, unpacked (tar keeps file bytes as they are), kept with the answers. */
async function archive(path: string): Promise<Buffer> {
  const res = await fetch(`${client.url}${path}`, {
    headers: { authorization: `Bearer ${client.token}`, 'x-strata-user': 'alice', 'x-strata-role': 'admin' },
  });
  expect(res.status, path).toBe(200);
  const tar = gunzipSync(Buffer.from(await res.arrayBuffer()));
  answers.push({ what: `GET ${path} (unpacked)`, text: tar.toString('latin1') });
  return tar;
}

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

/** The files (of `files`) whose bytes hold `needle`. */
function holding(files: string[], needle: string): string[] {
  const bytes = Buffer.from(needle);
  return files.filter((f) => statSync(f).isFile() && readFileSync(f).includes(bytes));
}

function document(): string {
  return JSON.stringify({
    apiVersion: 'strata.dev/v1alpha1',
    kind: 'Cluster',
    metadata: { name: NAME },
    spec: {
      baseDomain: 'example.com',
      platform: { aws: { region: REGION, zones: ['eu-central-1a'], endpoints: endpointsAt(moto.endpoint) } },
      controlPlane: { replicas: 1, machineType: 'small' },
      workers: [{ name: 'default', replicas: 1, machineType: 'small' }],
      networking: { machineCIDR: '10.60.0.0/16' },
    },
  });
}

/**
 * The service as `npm start` runs it, with both its outputs kept: Fastify's request log goes to
 * stdout, the runner's log and the start-up lines to stderr. Logs at their most detailed, and no
 * AWS_* key of this machine reaches it: an install signs with the stored credential only.
 */
async function startService(dataDir: string): Promise<typeof service> {
  const cmd = installerServiceCommand(['--port', '0', '--data-dir', dataDir, '--log-level', 'debug']);
  const env: NodeJS.ProcessEnv = { ...process.env, STRATA_HOME: strataHome, AWS_EC2_METADATA_DISABLED: 'true' };
  for (const name of Object.keys(env).filter((n) => n.startsWith('AWS_') && n !== 'AWS_EC2_METADATA_DISABLED')) delete env[name];
  const child = spawn(cmd.command, cmd.args, { cwd: WORKSPACE_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const deadline = Date.now() + 60_000;
  let url: string | undefined;
  while (!url) {
    if (child.exitCode !== null) throw new Error(`the installer service exited (${child.exitCode}): ${output}`);
    if (Date.now() > deadline) throw new Error(`the installer service did not start within 60 s: ${output}`);
    url = /listening on (http:\/\/\S+) /.exec(output)?.[1];
    if (!url) await new Promise((r) => setTimeout(r, 100));
  }
  client = serviceClient(url, readFileSync(join(dataDir, 'service-token'), 'utf8').trim());
  return { child, dataDir, output: () => output };
}

beforeAll(async () => {
  moto = await startMoto();
  await moto.hostedZone('example.com');
  service = await startService(join(work, 'service'));
}, 120_000);

afterAll(async () => {
  if (service && service.child.exitCode === null) {
    service.child.kill('SIGTERM');
    await once(service.child, 'exit');
  }
  await moto?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe('a canary secret stored as an AWS credential', () => {
  it('is in no answer, event, log, asset, cluster directory or database file of an install to infrastructure and its destroy', async () => {
    const values = { accessKeyId: 'AKIACANARYKEY0000001', secretAccessKey: SECRET_ACCESS_KEY, sessionToken: SESSION_TOKEN };
    const platformSettings = { region: REGION, endpoints: endpointsAt(moto.endpoint) };

    // Refusals first: a field the kind does not have, and a provider that does not answer. Neither echoes the values.
    const unknownField = await call('POST', '/v1/credentials', {
      platform: 'aws',
      kind: 'access-key',
      name: 'bad',
      values: { ...values, secret: SECRET_ACCESS_KEY },
      platformSettings,
    });
    expect(unknownField.status).toBe(400);
    expect(unknownField.text).toContain('values.secret');
    const closed = await call('POST', '/v1/credentials', {
      platform: 'aws',
      kind: 'access-key',
      name: 'unreachable',
      values,
      platformSettings: { region: REGION, endpoints: endpointsAt('http://127.0.0.1:9') },
    });
    expect(closed.status).toBe(502);

    const created = await call<CredentialSummary>('POST', '/v1/credentials', { platform: 'aws', kind: 'access-key', name: 'canary', values, platformSettings });
    expect(created.status, created.text).toBe(201);
    const credentialId = created.body.id;
    expect((await call('GET', '/v1/credentials')).status).toBe(200);
    expect((await call('POST', `/v1/credentials/${credentialId}/verify`)).status).toBe(200);
    const regions = await call<{ items: { value: string }[] }>('POST', '/v1/providers/aws/lookups/regions', { credentialId });
    expect(regions.body.items.map((i) => i.value)).toContain(REGION);
    expect((await call('POST', '/v1/providers/aws/lookups/zones', { credentialId, platform: { region: REGION } })).status).toBe(200);

    const doc = document();
    const validation = await call<{ valid: boolean }>('POST', '/v1/validate', { document: doc, format: 'json', online: true, credentialId });
    expect(validation.body.valid, validation.text).toBe(true);
    const plan = await call<Plan>('POST', '/v1/plans', { document: doc, format: 'json', credentialId });
    expect(plan.status, plan.text).toBe(201);
    const install = await client.call<InstallSnapshot>('POST', '/v1/installs', {
      body: { document: doc, format: 'json', credentialId, planId: plan.body.id, until: 'infrastructure' },
      headers: { 'idempotency-key': `canary-${randomBytes(8).toString('hex')}` },
    });
    answers.push({ what: 'POST /v1/installs', text: install.text });
    expect(install.status, install.text).toBe(201);
    const id = install.body.id;
    // While its install has not finished, the credential stays: a delete is refused, naming the install.
    const inUse = await call('DELETE', `/v1/credentials/${credentialId}`);
    expect(inUse.status, inUse.text).toBe(409);
    expect(inUse.text).toContain(id);
    const installed = await readEvents(client, id, { timeoutMs: 300_000 });
    frames.push(...installed.frames);
    expect(installed.ended).toBe(true);
    const snapshot = await call<InstallSnapshot>('GET', `/v1/installs/${id}`);
    expect(snapshot.body.state, JSON.stringify(snapshot.body.error)).toBe('succeeded');
    // The install did use the credential: every step of the plan exists in moto.
    expect(snapshot.body.steps.map((s) => s.id).sort()).toEqual(plan.body.resources.map((r) => r.id).sort());
    expect(snapshot.body.steps.every((s) => s.state === 'created')).toBe(true);

    expect((await call('GET', `/v1/installs/${id}/logs`)).status).toBe(200);
    expect((await call('GET', `/v1/installs/${id}/document`)).status).toBe(200);
    expect((await call('GET', '/v1/installs')).status).toBe(200);
    await archive(`/v1/installs/${id}/assets`);
    const everything = await archive(`/v1/installs/${id}/assets?secrets=true`);
    expect(everything.includes(Buffer.from('BEGIN'))).toBe(true);
    // The cluster directory while the cluster exists (the destroy removes its journal).
    const clusterDir = join(service.dataDir, 'clusters', id);
    const clusterFilesWhileUp = filesUnder(clusterDir);
    expect(clusterFilesWhileUp.length).toBeGreaterThan(5);
    expect(holding(clusterFilesWhileUp, CANARY)).toEqual([]);

    const destroy = await call<InstallSnapshot>('POST', `/v1/installs/${id}/destroy`, { confirm: NAME });
    expect(destroy.status, destroy.text).toBe(202);
    const destroyed = await readEvents(client, id, { after: snapshot.body.lastSeq, timeoutMs: 300_000 });
    frames.push(...destroyed.frames);
    expect((await call<InstallSnapshot>('GET', `/v1/installs/${id}`)).body.state).toBe('destroyed');
    // Once its install is over, the credential can go.
    expect((await call('DELETE', `/v1/credentials/${credentialId}`)).status).toBe(204);
    const clusterId = snapshot.body.result?.clusterId ?? '';
    const vpcs = await moto.client(EC2Client).send(new DescribeVpcsCommand({ Filters: [{ Name: `tag:${CLUSTER_ID_TAG}`, Values: [clusterId] }] }));
    expect(vpcs.Vpcs).toEqual([]);

    // The search itself finds the canary where it is: in a file written with it, and (sealed, so
    // not as text) the credential's row is in the database files the search reads.
    const probe = join(work, 'probe.txt');
    writeFileSync(probe, `a line with ${SECRET_ACCESS_KEY} in it\n`);
    expect(holding([probe], CANARY)).toEqual([probe]);
    const dbFiles = ['installer.db', 'installer.db-wal', 'installer.db-shm'].map((f) => join(service.dataDir, f)).filter((f) => existsSync(f));
    expect(holding(dbFiles, credentialId).length).toBeGreaterThan(0);

    expect(answers.filter((a) => a.text.includes(CANARY)).map((a) => a.what)).toEqual([]);
    expect(frames.length).toBeGreaterThan(10);
    expect(frames.filter((f) => `${f.data}`.includes(CANARY))).toEqual([]);
    // Fastify logged every request (the log is really read), and nothing of the credential.
    expect(service.output()).toContain('"url":"/v1/credentials"');
    expect(service.output().includes(CANARY)).toBe(false);
    expect(holding([...filesUnder(service.dataDir), ...filesUnder(strataHome)], CANARY)).toEqual([]);
  }, 600_000);
});
