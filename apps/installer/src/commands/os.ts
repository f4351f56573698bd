import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Command } from 'commander';
import { imageBinaryTable, osSigningKeyId, packOsImage, topologyOf, usrImageFiles } from '@strata/bootstrap';
import { InputError, NotFoundError, ProviderError } from '@strata/errors';
import { NODE_AGENT } from '@strata/node-agent/bundle';
import { pinnedVersions } from '@strata/toolchain';
import { ensureBundle } from '@strata/toolchain/bundle';
import type { CommandContext } from '../cli/context';
import { checkClusterDir } from '../cli/cluster-dir';
import { loadClusterDir } from '@strata/install-engine';

/** `${XDG_CONFIG_HOME:-~/.config}/strata/os-signing`: the vendor's `/usr` image signing key pair. */
export function osSigningDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env['XDG_CONFIG_HOME'] || join(homedir(), '.config'), 'strata', 'os-signing');
}

/**
 * The private Ed25519 key images are signed with: `path` (PKCS#8 PEM), or the key pair in
 * {@link osSigningDir}, generated on first use (`ed25519.key` mode 0600, `ed25519.pub` for
 * the machines' `/etc/strata/update-payload-keys.pem`).
 */
export function loadOsSigningKey(path?: string): { key: KeyObject; publicKeyPath: string | null; generated: boolean } {
  if (path) {
    let key: KeyObject;
    try {
      key = createPrivateKey(readFileSync(path));
    } catch (error) {
      throw new InputError(`--key ${path} is not a readable private key PEM: ${(error as Error).message}`, [
        { path: 'key', message: 'must be a PKCS#8 PEM Ed25519 private key' },
      ]);
    }
    if (key.asymmetricKeyType !== 'ed25519')
      throw new InputError(`--key ${path} is a ${key.asymmetricKeyType} key`, [{ path: 'key', message: 'must be an Ed25519 key' }]);
    return { key, publicKeyPath: null, generated: false };
  }
  const dir = osSigningDir();
  const keyPath = join(dir, 'ed25519.key');
  const pubPath = join(dir, 'ed25519.pub');
  if (!existsSync(keyPath)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const pair = generateKeyPairSync('ed25519');
    writeFileSync(keyPath, pair.privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
    writeFileSync(pubPath, pair.publicKey.export({ format: 'pem', type: 'spki' }), { mode: 0o644 });
    return { key: pair.privateKey, publicKeyPath: pubPath, generated: true };
  }
  chmodSync(keyPath, 0o600);
  const key = createPrivateKey(readFileSync(keyPath));
  if (!existsSync(pubPath)) writeFileSync(pubPath, createPublicKey(key).export({ format: 'pem', type: 'spki' }));
  return { key, publicKeyPath: pubPath, generated: false };
}

const VERSION = /^[0-9A-Za-z][0-9A-Za-z.+_-]{0,63}$/;

interface BuildFlags {
  version: string;
  out?: string;
  key?: string;
  healthCheck: string[];
  postinstall?: string;
  agentBundle?: string;
}

function readInput(path: string, field: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new InputError(`--${field} ${path} cannot be read: ${(error as Error).message}`, [{ path: field, message: 'must name a readable file' }]);
  }
}

interface RebootFlags {
  dir: string;
  timeout: string;
  wait: boolean;
}

function readJson(path: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** `strata os build-image` and `strata os reboot`. */
export function registerOs(program: Command, ctx: CommandContext): void {
  const os = program.command('os').description('Strata Container Linux: build signed /usr update images, reboot local machines');
  os.command('build-image')
    .description('pack and sign a /usr image (os-release, the node agent, the image-to-binary table, health checks, postinstall) as an update payload')
    .requiredOption('--version <version>', 'the OS version the image carries, e.g. 4231.0.0')
    .option('--out <file>', 'where to write the payload (default ./strata-usr-<version>.payload)')
    .option('--key <file>', 'private Ed25519 signing key, PKCS#8 PEM (default: the key pair in ~/.config/strata/os-signing, made on first use)')
    .option('--health-check <file>', 'an extra health check script (exit 0 = healthy); repeatable', (v: string, all: string[] = []) => [...all, v], [])
    .option('--postinstall <file>', 'postinstall script instead of the default one')
    .option('--agent-bundle <file>', 'node-agent program to ship instead of the bundle of this checkout')
    .action((flags: BuildFlags) =>
      ctx.run(async (out) => {
        if (!VERSION.test(flags.version)) {
          throw new InputError(`--version ${flags.version} is not a version`, [
            { path: 'version', message: 'letters, digits and . + _ - only, at most 64, e.g. 4231.0.0' },
          ]);
        }
        const signing = loadOsSigningKey(flags.key);
        const bundle = flags.agentBundle ? Buffer.from(readInput(flags.agentBundle, 'agent-bundle')) : readFileSync(await ensureBundle(NODE_AGENT));
        const healthChecks = Object.fromEntries(
          flags.healthCheck.map((p, i) => [`${String(10 + i).padStart(2, '0')}-${p.split('/').pop() ?? 'check'}`, readInput(p, 'health-check')]),
        );
        const files = usrImageFiles({
          version: flags.version,
          nodeAgentBundle: bundle,
          imageTable: imageBinaryTable(pinnedVersions()),
          healthChecks,
          ...(flags.postinstall ? { postinstall: readInput(flags.postinstall, 'postinstall') } : {}),
        });
        const payload = packOsImage({ version: flags.version, files, signingKey: signing.key });
        const path = resolve(flags.out ?? `strata-usr-${flags.version}.payload`);
        writeFileSync(path, payload);
        const result = {
          path,
          version: flags.version,
          size: payload.length,
          sha1: createHash('sha1').update(payload).digest('base64'),
          sha256: createHash('sha256').update(payload).digest('base64'),
          keyId: osSigningKeyId(signing.key),
          publicKey: signing.publicKeyPath,
        };
        out.result(
          [
            `built ${path}: Strata Container Linux ${flags.version}, ${payload.length} bytes, signed by key ${result.keyId}`,
            `sha1 ${result.sha1}  sha256 ${result.sha256}`,
            ...(signing.generated ? [`a new signing key pair was made; machines trust ${signing.publicKeyPath} as /etc/strata/update-payload-keys.pem`] : []),
          ].join('\n'),
          result,
        );
        return 0;
      }),
    );

  os.command('reboot')
    .description('reboot machines of a local cluster one at a time (every process stops, the boot loader chooses the /usr slot again)')
    .requiredOption('--dir <dir>', 'asset and state directory of the cluster')
    .argument('[machines...]', 'machine names (default: every machine)')
    .option('--timeout <seconds>', 'how long to wait for each machine to come back healthy', '300')
    .option('--no-wait', 'do not wait for a machine to come back before the next')
    .action((machines: string[], flags: RebootFlags) =>
      ctx.run(async (out) => {
        checkClusterDir(flags.dir);
        const { cluster } = await loadClusterDir(flags.dir);
        if (!cluster.spec.platform.local)
          throw new InputError(`strata os reboot reboots local machines; cluster ${cluster.metadata.name} is not local`, [
            { path: 'dir', message: 'not a local cluster' },
          ]);
        const timeoutMs = Number(flags.timeout) * 1000;
        if (!Number.isFinite(timeoutMs) || timeoutMs <= 0)
          throw new InputError(`--timeout ${flags.timeout} is invalid`, [{ path: 'timeout', message: 'must be a positive number of seconds' }]);
        const topology = topologyOf(cluster);
        const all = [...topology.controlPlane, ...topology.workers].map((m) => m.name);
        const unknown = machines.filter((m) => !all.includes(m));
        if (unknown.length > 0) throw new NotFoundError(`no machine ${unknown.join(', ')} in cluster ${cluster.metadata.name} (machines: ${all.join(', ')})`);
        // The local driver, loaded only here like every driver (see @strata/install-engine, drivers.ts).
        const { localPaths } = await import('@strata/driver-local');
        const paths = localPaths(cluster);
        const results: Array<{ machine: string; bootId: string | null; version: string | null; slot: string | null; seconds: number }> = [];
        for (const name of machines.length > 0 ? machines : all) {
          const root = paths.machineRoot(name);
          const before = readJson(join(root, 'run/boot.json'))?.['bootId'];
          const pid = readJson(join(root, 'run/machine.status.json'))?.['pid'];
          if (typeof pid !== 'number') throw new NotFoundError(`machine ${name} is not running (no ${join(root, 'run/machine.status.json')})`);
          const started = Date.now();
          try {
            process.kill(pid, 'SIGUSR2');
          } catch (error) {
            throw new ProviderError(`rebooting machine ${name} (supervisor pid ${pid}): ${(error as Error).message}`, { cause: error, retryable: true });
          }
          out.log('info', `rebooting ${name}`);
          if (!flags.wait) {
            results.push({ machine: name, bootId: null, version: null, slot: null, seconds: 0 });
            continue;
          }
          for (;;) {
            const boot = readJson(join(root, 'run/boot.json'));
            const agent = readJson(join(root, 'run/node-agent.status.json'));
            if (boot && boot['bootId'] !== before && agent?.['healthy'] === true) {
              const seconds = (Date.now() - started) / 1000;
              results.push({ machine: name, bootId: String(boot['bootId']), version: String(boot['version']), slot: String(boot['slot']), seconds });
              out.log('info', `${name} is back: ${String(boot['slot'])} ${String(boot['version'])} in ${seconds.toFixed(1)} s`);
              break;
            }
            if (Date.now() - started > timeoutMs) {
              throw new ProviderError(`machine ${name} did not come back healthy within ${flags.timeout} s after its reboot`, { retryable: true });
            }
            await sleep(250);
          }
        }
        out.result(results.map((r) => `${r.machine}: ${r.slot ? `${r.slot} ${r.version} (${r.seconds.toFixed(1)} s)` : 'reboot requested'}`).join('\n'), {
          machines: results,
        });
        return 0;
      }),
    );
}
