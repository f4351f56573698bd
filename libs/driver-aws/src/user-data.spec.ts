// What each EC2 instance of examples/aws.yaml gets as user data: its full Ignition config
// when it fits EC2's limit, otherwise a pointer config naming the full config in S3.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCluster, type Cluster } from '@strata/cluster-config';
import { writeAssetDirectory, type WriteResult } from '@strata/bootstrap';
import { type PlanStep } from '@strata/driver-api';
import { offlineContext } from '@strata/driver-api/conformance';
import { ignitionKey, pointerConfig, USER_DATA_LIMIT } from './handlers/machine';
import { awsPlan } from './plan';

const VALIDATOR = '/usr/bin/ignition-validate';
const EXAMPLE = join(import.meta.dirname, '../../../examples/aws.yaml');
const work = mkdtempSync(join(tmpdir(), 'strata-user-data-'));

afterAll(() => rmSync(work, { recursive: true, force: true }));

function validate(name: string, json: string): { status: number | null; output: string } {
  const file = join(work, `${name}.ign`);
  writeFileSync(file, json);
  const result = spawnSync(VALIDATOR, [file], { encoding: 'utf8' });
  if (result.error) throw result.error;
  return { status: result.status, output: result.stdout + result.stderr };
}

/** The user data the machine handler gives an instance, by the same rule. */
function userDataOf(config: string, bucket: string, machine: string): { pointer: boolean; userData: string } {
  return Buffer.byteLength(config) > USER_DATA_LIMIT ? { pointer: true, userData: pointerConfig(bucket, machine) } : { pointer: false, userData: config };
}

describe('pointerConfig', () => {
  it('passes ignition-validate without warnings', () => {
    expect(validate('pointer', pointerConfig('strata-prod-eu-bucket', 'prod-eu-cp-0'))).toEqual({ status: 0, output: '' });
  });
});

describe('user data of the machines of examples/aws.yaml', () => {
  let cluster: Cluster;
  let assets: WriteResult;
  let bucket: string;
  let machines: PlanStep[];
  const dir = join(work, 'assets');
  const configOf = (machine: string) => readFileSync(join(dir, ignitionKey(machine)), 'utf8');

  beforeAll(async () => {
    cluster = parseCluster(readFileSync(EXAMPLE, 'utf8'), { source: EXAMPLE });
    assets = await writeAssetDirectory(dir, cluster);
    const ctx = offlineContext({ cluster, clusterId: assets.manifest.clusterId, assetsDir: dir, ignitionFor: (m) => Promise.resolve(configOf(m)) });
    const plan = awsPlan(ctx);
    bucket = plan.steps.find((s) => s.id === 'storage/ignition-bucket')!.name;
    machines = plan.steps.filter((s) => s.kind === 'machine');
  });

  it('plans one instance per rendered config, at the address the config names', () => {
    const placed = [...assets.topology.controlPlane, ...assets.topology.workers];
    expect(machines.map((s) => s.name).sort()).toEqual(placed.map((m) => m.name).sort());
    for (const step of machines) {
      const address = (step.spec as { privateIp: string }).privateIp;
      expect(address, step.name).toBe(placed.find((m) => m.name === step.name)?.address);
      expect(configOf(step.name), step.name).toContain(`--node-ip=${address}`);
    }
  });

  it('sends the control-plane configs, which carry the PKI and the static manifests, through S3 and the workers in user data', () => {
    const sizes = Object.fromEntries(machines.map((s) => [s.name, Buffer.byteLength(configOf(s.name))]));
    const over = machines.filter((s) => userDataOf(configOf(s.name), bucket, s.name).pointer).map((s) => s.name);
    const controlPlane = machines.filter((s) => (s.spec as { role: string }).role === 'control-plane').map((s) => s.name);
    expect(controlPlane).toHaveLength(cluster.spec.controlPlane.replicas);
    expect(over.sort(), JSON.stringify(sizes)).toEqual(controlPlane.sort());
    for (const name of controlPlane) expect(sizes[name]).toBeGreaterThan(USER_DATA_LIMIT);
  });

  it('gives every instance user data under the limit, the pointers far under it and naming the config in the bucket', () => {
    for (const step of machines) {
      const { pointer, userData } = userDataOf(configOf(step.name), bucket, step.name);
      expect(Buffer.byteLength(userData), step.name).toBeLessThanOrEqual(USER_DATA_LIMIT);
      expect(validate(`user-data-${step.name}`, userData), step.name).toEqual({ status: 0, output: '' });
      if (!pointer) continue;
      expect(Buffer.byteLength(userData), step.name).toBeLessThan(USER_DATA_LIMIT / 50);
      const source = (JSON.parse(userData) as { ignition: { config: { replace: { source: string } } } }).ignition.config.replace.source;
      expect(source).toBe(`s3://${bucket}/ignition/${step.name}.ign`);
    }
  });
});
