// Node-only: applies a rendered Ignition config to a directory root with the real
// Ignition binary, the way Strata's local machines are provisioned. Not exported from
// the browser-safe index; import this file directly from Node code.
import { execFile } from 'node:child_process';
import { access, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { InputError, ProviderError } from '@strata/errors';

/** Where Debian's `ignition` package installs the Ignition binary (inside its dracut module). */
export const IGNITION_BINARY = '/usr/lib/dracut/modules.d/30ignition/ignition';

/** The stages run, in order: `fetch` reads and caches the config, `files` writes it. */
export const IGNITION_APPLY_STAGES = ['fetch', 'files'] as const;

/** Written to `<root>/etc/selinux/config` when the root has none; see {@link applyIgnition}. */
export const SELINUX_CONFIG_FALLBACK = 'SELINUX=disabled\nSELINUXTYPE=targeted\n';

export interface ApplyIgnitionOptions {
  /** The rendered config (JSON), e.g. `IgnitionBuilder.render()`. */
  config: string;
  /** Absolute path of the machine's root directory; created when missing. */
  root: string;
  /**
   * `apply` (default) lets Ignition create `passwd.users` with `useradd --root`, which
   * needs root privileges, the users' groups in `<root>/etc/group`, and a root every
   * user can traverse (Ignition writes SSH keys as the user). `skip` applies the config
   * without its `passwd` section (files, directories, links, units only).
   */
  users?: 'apply' | 'skip';
  /** The Ignition binary; defaults to {@link IGNITION_BINARY}. */
  binary?: string;
  /** Time limit per stage; defaults to 120 s. */
  timeoutMs?: number;
}

export interface ApplyIgnitionResult {
  /** Ignition's log of both stages (it logs to stdout with `--log-to-stdout`). */
  log: string;
}

/**
 * Applies an Ignition config to `root` by running the real Ignition twice:
 *
 * ```
 * IGNITION_CONFIG_FILE=<work>/config.ign PATH=<work>/bin:$PATH \
 *   ignition --platform=file --stage=fetch --root=<root> \
 *     --config-cache=<work>/ignition.json --state-file=<work>/state --log-to-stdout
 * # then the same with --stage=files
 * ```
 *
 * The `file` platform reads the config from `IGNITION_CONFIG_FILE`; `fetch` caches it,
 * `files` writes users, files, directories, links and units (to
 * `<root>/etc/systemd/system`, drop-ins in `<unit>.d/`, enablement as presets in
 * `<root>/etc/systemd/system-preset/20-ignition.preset`). Outside an initramfs two
 * things are missing and are provided here: `<root>/etc/selinux/config` must name a
 * `SELINUXTYPE` (written as {@link SELINUX_CONFIG_FALLBACK} when absent), and `setfiles`
 * must be on PATH (a no-op script in a private work directory, removed afterwards).
 *
 * Throws `InputError` for a root that is not absolute or a config that is not JSON,
 * and `ProviderError` when Ignition is missing or a stage fails (its CRITICAL lines are
 * in the message).
 */
export async function applyIgnition(options: ApplyIgnitionOptions): Promise<ApplyIgnitionResult> {
  const { root, binary = IGNITION_BINARY, timeoutMs = 120_000 } = options;
  if (!isAbsolute(root)) {
    throw new InputError(`root: must be an absolute path (got "${root}")`, [{ path: 'root', message: 'must be absolute' }]);
  }
  const config = options.users === 'skip' ? withoutUsers(options.config) : options.config;
  try {
    await access(binary);
  } catch (error) {
    throw new ProviderError(`Ignition binary not found at ${binary}: install the Debian package "ignition"`, { cause: error });
  }

  await prepareRoot(root);
  const work = await mkdtemp(join(tmpdir(), 'strata-ignition-'));
  try {
    const configFile = join(work, 'config.ign');
    await writeFile(configFile, config);
    const bin = join(work, 'bin');
    await mkdir(bin);
    // Ignition relabels what it wrote with setfiles; without SELinux that is a no-op.
    // It pipes the file list to stdin, so read it to the end instead of closing early.
    await writeFile(join(bin, 'setfiles'), '#!/bin/sh\ncat >/dev/null\nexit 0\n', { mode: 0o755 });

    const env = { ...process.env, IGNITION_CONFIG_FILE: configFile, PATH: `${bin}:${process.env['PATH'] ?? '/usr/bin:/bin'}` };
    const args = [
      '--platform=file',
      `--root=${root}`,
      `--config-cache=${join(work, 'ignition.json')}`,
      `--state-file=${join(work, 'state')}`,
      '--log-to-stdout',
    ];
    let log = '';
    for (const stage of IGNITION_APPLY_STAGES) {
      log += await runStage(binary, [`--stage=${stage}`, ...args], env, timeoutMs, stage);
    }
    return { log };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function prepareRoot(root: string): Promise<void> {
  const selinux = join(root, 'etc', 'selinux');
  await mkdir(selinux, { recursive: true });
  // A config the image already ships is kept; one without SELINUXTYPE (left empty by an
  // earlier run killed between creating and writing it) would fail Ignition's relabel, so it is replaced.
  const config = join(selinux, 'config');
  const existing = await readFile(config, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (existing === undefined || !/^SELINUXTYPE=/m.test(existing)) await writeFile(config, SELINUX_CONFIG_FALLBACK);
}

function withoutUsers(config: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(config);
  } catch (error) {
    throw new InputError(`config: is not valid JSON: ${(error as Error).message}`, [{ path: 'config', message: 'is not valid JSON' }]);
  }
  if (typeof parsed !== 'object' || parsed === null) return config;
  const { passwd: _passwd, ...rest } = parsed as Record<string, unknown>;
  return JSON.stringify(rest);
}

function runStage(binary: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number, stage: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(binary, args, { env, timeout: timeoutMs, maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => {
      const output = stdout + stderr;
      if (error === null) {
        resolve(output);
        return;
      }
      const critical = output
        .split('\n')
        .filter((line) => line.startsWith('CRITICAL'))
        .map((line) => line.replace(/^CRITICAL\s*:\s*/, ''));
      const reason = critical.length > 0 ? critical.join('; ') : `exit ${String(error.code ?? error.signal)}`;
      reject(new ProviderError(`ignition ${stage} stage failed: ${reason}`, { retryable: false, cause: error }));
    });
  });
}
