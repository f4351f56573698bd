import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { binaryPath, cacheDir, pinnedVersions, type PinnedBinary } from '@strata/toolchain';

/** One external dependency: where it was found, its version, and how to fix it if missing. */
export interface CheckResult {
  name: string;
  ok: boolean;
  path?: string;
  version?: string;
  expected?: string;
  fix?: string;
}

/** First line of `cmd args` output (stdout or stderr), or undefined if it cannot run. */
export function versionOf(path: string, args: string[]): string | undefined {
  const res = spawnSync(path, args, { encoding: 'utf8', timeout: 15_000 });
  if (res.error || res.status !== 0) return undefined;
  return `${res.stdout}\n${res.stderr}`.trim().split('\n')[0]?.trim();
}

export function which(command: string): string | undefined {
  const res = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  return res.status === 0 ? res.stdout.trim() : undefined;
}

const SETUP_FIX = 'npm run setup  (builds the pinned binaries from Go modules into the cache; or set STRATA_K8S_BIN_DIR to a directory of official binaries)';

function pinnedBinaryCheck(name: PinnedBinary, args: string[], expected: string): CheckResult {
  const path = binaryPath(name);
  const version = existsSync(path) ? versionOf(path, args) : undefined;
  const ok = version !== undefined && version.includes(expected.replace(/^v/, ''));
  return { name, ok, path, version, expected, fix: ok ? undefined : SETUP_FIX };
}

function systemCheck(name: string, path: string | undefined, args: string[], fix: string, pattern?: RegExp): CheckResult {
  const version = path && existsSync(path) ? versionOf(path, args) : undefined;
  const ok = version !== undefined && (!pattern || pattern.test(version));
  return { name, ok, path: path ?? 'not found', version, fix: ok ? undefined : fix };
}

/** Every external dependency of the platform, checked in order. */
export function runChecks(): CheckResult[] {
  const v = pinnedVersions();
  const nodeMajor = Number(process.versions.node.split('.')[0]);
  const pgBin = which('pg_ctlcluster') ? findPostgres() : undefined;
  return [
    {
      name: 'node',
      ok: nodeMajor === 24,
      path: process.execPath,
      version: process.version,
      expected: 'v24.x (npm package "node", pinned in package.json)',
      fix: nodeMajor === 24 ? undefined : 'npm ci  (installs the pinned Node.js 24 into node_modules/.bin/node); run through npm scripts',
    },
    systemCheck(
      'go',
      which('go'),
      ['version'],
      'apt-get install -y golang-go  (Go >= 1.24), or set STRATA_K8S_BIN_DIR to official binaries',
      /go1\.(2[4-9]|[3-9]\d)/,
    ),
    pinnedBinaryCheck('kube-apiserver', ['--version'], v.kubernetes),
    pinnedBinaryCheck('kube-controller-manager', ['--version'], v.kubernetes),
    pinnedBinaryCheck('kube-scheduler', ['--version'], v.kubernetes),
    pinnedBinaryCheck('etcd', ['--version'], v.etcd),
    pinnedBinaryCheck('kwok', ['--version'], v.kwok),
    pinnedBinaryCheck('kubectl', ['version', '--client'], v.kubernetes),
    pinnedBinaryCheck('dex', ['version'], v.dex),
    systemCheck('ignition', '/usr/lib/dracut/modules.d/30ignition/ignition', ['--version'], 'apt-get install -y ignition'),
    systemCheck('ignition-validate', which('ignition-validate'), ['--version'], 'apt-get install -y ignition'),
    systemCheck('chromium', which('chromium') ?? '/usr/bin/chromium', ['--version'], 'apt-get install -y chromium'),
    motoCheck(),
    systemCheck('postgresql', pgBin, ['--version'], 'apt-get install -y postgresql'),
  ];
}

/** moto, the AWS emulator; tools/setup/moto.sh keeps it in the cache, where `@strata/driver-aws/testing` starts it. */
export const MOTO_VERSION = '5.2.5';

function motoCheck(): CheckResult {
  const venv = join(cacheDir(), `moto-${MOTO_VERSION}`);
  const python = join(venv, 'bin', 'python');
  const version = existsSync(python) ? versionOf(python, ['-c', 'import moto; print("moto", moto.__version__)']) : undefined;
  const ok = version === `moto ${MOTO_VERSION}`;
  return {
    name: 'moto',
    ok,
    path: venv,
    version,
    expected: MOTO_VERSION,
    fix: ok ? undefined : 'bash tools/setup/moto.sh  (needs python3 with venv: apt-get install -y python3-venv)',
  };
}

function findPostgres(): string | undefined {
  const res = spawnSync('sh', ['-c', 'ls -d /usr/lib/postgresql/*/bin/postgres 2>/dev/null | sort -V | tail -1'], { encoding: 'utf8' });
  const path = res.stdout.trim();
  return path === '' ? undefined : path;
}
