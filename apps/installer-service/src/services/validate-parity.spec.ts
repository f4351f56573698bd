import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { parseCluster, validateCluster } from '@strata/cluster-config';
import { InputError } from '@strata/errors';
import type { Validation } from '@strata/install-contract';
import { strataBin } from '@strata/testkit';
import { projectNode, WORKSPACE_ROOT } from '@strata/toolchain';
import { localDocument, startTestService, type TestService } from '../testing/service-client';

type Problem = { path: string; message: string };

let svc: TestService;
let work: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'strata-validate-parity-'));
  svc = await startTestService();
});
afterAll(async () => {
  await svc.close();
  rmSync(work, { recursive: true, force: true });
});

const sorted = (problems: readonly Problem[]): Problem[] =>
  problems.map((p) => ({ path: p.path, message: p.message })).sort((a, b) => `${a.path} ${a.message}`.localeCompare(`${b.path} ${b.message}`));

const base = (name = 'parity', extra: string[] = []) => localDocument('/tmp/strata-parity', { name, extra });

/** Broken documents, one kind of mistake each. */
const CORPUS: { kind: string; text: string; paths: string[] }[] = [
  { kind: 'bad name', text: base('Bad_Name'), paths: ['metadata.name'] },
  {
    kind: 'control-plane replicas not 1/3/5',
    text: base().replace('controlPlane: {replicas: 1}', 'controlPlane: {replicas: 2}'),
    paths: ['spec.controlPlane.replicas'],
  },
  {
    kind: 'overlapping CIDRs',
    text: base('parity', ['  networking: {podCIDR: 10.96.0.0/12, serviceCIDR: 10.96.0.0/16}']),
    paths: ['spec.networking.serviceCIDR'],
  },
  { kind: 'unknown field', text: base('parity', ['  colour: blue']), paths: ['spec.colour'] },
  { kind: 'wrong type', text: base().replace('controlPlane: {replicas: 1}', 'controlPlane: {replicas: three}'), paths: ['spec.controlPlane.replicas'] },
  { kind: 'missing platform', text: base().replace(/ {2}platform: .*\n/, ''), paths: ['spec.platform'] },
  { kind: 'bad version', text: base('parity', ['  kubernetesVersion: "1.2"']), paths: ['spec.kubernetesVersion'] },
  {
    kind: 'taint syntax',
    text: base().replace('workers: [{name: default, replicas: 1}]', 'workers: [{name: default, replicas: 1, taints: [{key: "bad key!", effect: Sometimes}]}]'),
    paths: ['spec.workers[0].taints[0].effect', 'spec.workers[0].taints[0].key'],
  },
  { kind: 'bad YAML', text: 'apiVersion: strata.dev/v1alpha1\nkind: Cluster\nmetadata: {name: parity\nspec: {}\n', paths: [] },
  { kind: 'wrong kind', text: base().replace('kind: Cluster', 'kind: Clustr'), paths: ['kind'] },
  { kind: 'empty document', text: '', paths: [] },
];

/** What `strata validate -o json` reports: the problems of a refused document, none for a valid one. */
function cliProblems(text: string, name: string): { problems: Problem[]; data: Record<string, unknown> } {
  const file = join(work, `${name}.yaml`);
  writeFileSync(file, text);
  const res = spawnSync(projectNode(), [strataBin(), 'validate', '-f', file, '-o', 'json'], {
    cwd: WORKSPACE_ROOT,
    encoding: 'utf8',
    env: { ...process.env, STRATA_HOME: join(work, 'home') },
    timeout: 60_000,
  });
  const data = JSON.parse(res.stdout) as { error?: { problems: Problem[] } } & Record<string, unknown>;
  return { problems: data.error?.problems ?? [], data };
}

/** What the browser gets: `validateCluster` of the parsed YAML, or the syntax problems of the text parser. */
function browserProblems(text: string): Problem[] {
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch {
    try {
      parseCluster(text);
      return [];
    } catch (error) {
      return (error as InputError).problems;
    }
  }
  const validation = validateCluster(value);
  return validation.ok ? [] : validation.problems;
}

async function serviceValidation(text: string): Promise<Validation> {
  const res = await svc.call<Validation>('POST', '/v1/validate', { role: 'viewer', body: { document: text } });
  expect(res.status).toBe(200);
  return res.body;
}

describe('validation parity: browser, service and CLI', () => {
  it.each(CORPUS.map((c, i) => [c.kind, c, i] as const))('%s: the same problems at the same paths everywhere', async (_kind, entry, i) => {
    const service = await serviceValidation(entry.text);
    const cli = cliProblems(entry.text, `doc-${i}`);
    const browser = browserProblems(entry.text);
    expect(service.valid).toBe(false);
    expect(service.problems.length).toBeGreaterThan(0);
    expect(sorted(service.problems)).toEqual(sorted(cli.problems));
    expect(sorted(browser)).toEqual(sorted(service.problems));
    for (const path of entry.paths) expect(service.problems.map((p) => p.path)).toContain(path);
  });

  it('11 nodes: a valid document everywhere, refused by the free-tier license with the same verdict from the service and the CLI', async () => {
    const text = localDocument('/tmp/strata-parity', { name: 'eleven', workers: 10 });
    const service = await serviceValidation(text);
    const cli = cliProblems(text, 'eleven');
    expect(validateCluster(parseYaml(text)).ok).toBe(true);
    expect(service).toMatchObject({ valid: true, problems: [], nodes: 11, license: { allowed: false, nodes: 11, limit: 10 } });
    expect(cli.problems).toEqual([]);
    const license = cli.data['license'] as { allowed: boolean; message: string; status: string };
    expect(license.allowed).toBe(false);
    expect(service.license?.message).toBe(license.message);
    expect(service.license?.status).toBe(license.status);
  });
});
