import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { once } from 'node:events';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { installLocalCluster, type TestLocalCluster } from '@strata/testkit';
import { findFreePort } from '@strata/toolchain';
import { writeDexConfig } from './dex';
import { E2E_ENV, E2E_NAMESPACE } from './e2e-env';
import { startE2eInstallerService, type E2eInstallerService } from './installer-service';
import { kubectl } from './kubectl';

const root = resolve(import.meta.dirname, '../../..');
const nodeBin = join(root, 'node_modules/.bin/node');

/** The workloads the suites act on: `web` (2 replicas) and `guarded` (1 replica behind a PodDisruptionBudget). */
const WORKLOADS = `
apiVersion: v1
kind: Namespace
metadata: {name: ${E2E_NAMESPACE}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: ${E2E_NAMESPACE}}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: registry.example/web:1}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: guarded, namespace: ${E2E_NAMESPACE}}
spec:
  replicas: 1
  selector: {matchLabels: {app: guarded}}
  template:
    metadata: {labels: {app: guarded}}
    spec:
      containers: [{name: guarded, image: registry.example/guarded:1}]
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: guarded, namespace: ${E2E_NAMESPACE}}
spec:
  minAvailable: 1
  selector: {matchLabels: {app: guarded}}
`;

function license(args: string[]): string {
  const res = spawnSync(nodeBin, ['--import', 'tsx', join(root, 'apps/license-server/src/cli/license-cli.ts'), ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (res.status !== 0) throw new Error(`npm run license -- ${args.join(' ')} failed: ${res.stderr || res.stdout}`);
  return res.stdout;
}

async function waitForHealth(url: string, server: ChildProcess, logFile: string, timeoutMs: number): Promise<void> {
  const deadline = AbortSignal.timeout(timeoutMs);
  while (!deadline.aborted) {
    if (server.exitCode !== null) throw new Error(`the console exited (${server.exitCode}):\n${readFileSync(logFile, 'utf8').slice(-3000)}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // Not listening yet.
    }
    await sleep(500);
  }
  throw new Error(`the console did not answer ${url} within ${timeoutMs / 1000} s:\n${readFileSync(logFile, 'utf8').slice(-3000)}`);
}

function waitForRollout(kubeconfig: string, name: string): void {
  kubectl(kubeconfig, ['-n', E2E_NAMESPACE, 'rollout', 'status', `deployment/${name}`, '--timeout=240s']);
}

/**
 * Installs a real local cluster (1 control plane, 2 workers) through the real installer
 * with its own STRATA_HOME, prepares workloads and a signed test license, and starts the
 * console's production build with the same STRATA_HOME, so the cluster appears by
 * itself. Returns the teardown: stop the console, destroy the cluster.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const work = mkdtempSync(join(tmpdir(), 'strata-console-e2e-'));
  const strataHome = join(work, 'home');
  mkdirSync(strataHome, { recursive: true });
  let cluster: TestLocalCluster | undefined;
  let server: ChildProcess | undefined;
  let installer: E2eInstallerService | undefined;

  const teardown = async () => {
    if (server?.pid && server.exitCode === null) {
      try {
        process.kill(-server.pid, 'SIGTERM');
      } catch {
        // Already gone.
      }
      // SIGKILL whatever is left once the console exited, or after a second at most.
      await Promise.race([once(server, 'exit').catch(() => undefined), sleep(1_000)]);
      try {
        process.kill(-server.pid, 'SIGKILL');
      } catch {
        // Stopped on SIGTERM.
      }
    }
    await installer?.stop();
    cluster?.destroy();
    rmSync(work, { recursive: true, force: true });
  };

  try {
    // A free port unless one is set, so two runs on one machine never meet; the workers
    // read it from the environment when they load playwright.config.ts.
    const port = Number(process.env['STRATA_E2E_CONSOLE_PORT']) || (await findFreePort());
    process.env['STRATA_E2E_CONSOLE_PORT'] = String(port);
    const started = Date.now();
    cluster = installLocalCluster({ name: 'e2e', workers: 2, strataHome });
    console.log(`e2e: local cluster installed in ${Math.round((Date.now() - started) / 1000)} s`);
    kubectl(cluster.kubeconfigPath, ['apply', '-f', '-'], WORKLOADS);
    waitForRollout(cluster.kubeconfigPath, 'web');
    waitForRollout(cluster.kubeconfigPath, 'guarded');

    const keys = join(work, 'license-keys');
    license(['keygen', '--out', keys, '--kid', 'e2e-test-key']);
    const licenseFile = join(work, 'e2e.license');
    license(['issue', '--key', join(keys, 'private.jwk.json'), '--customer', 'E2E Test Customer', '--nodes', '50', '--days', '30', '--out', licenseFile]);

    // OIDC: the console knows the provider from the start; the OIDC suite starts Dex itself.
    const dex = writeDexConfig(work, await findFreePort(), `http://127.0.0.1:${port}`, randomBytes(16).toString('hex'));

    const adminPassword = `e2e-${randomBytes(9).toString('base64url')}`;
    const logFile = join(work, 'console.log');
    const log = openSync(logFile, 'a');
    // The installer service the wizard drives; what it installs lands in the same STRATA_HOME.
    installer = await startE2eInstallerService(work, strataHome, openSync(join(work, 'installer-service.log'), 'a'));
    // Through the workspace's Node 24 (node:sqlite), whatever `node` is first on PATH.
    server = spawn(nodeBin, [join(root, 'node_modules/next/dist/bin/next'), 'start', 'apps/console', '--hostname', '127.0.0.1', '--port', String(port)], {
      cwd: root,
      detached: true,
      stdio: ['ignore', log, log],
      env: {
        ...process.env,
        NEXT_TELEMETRY_DISABLED: '1',
        STRATA_HOME: strataHome,
        STRATA_ADMIN_PASSWORD: adminPassword,
        CONSOLE_DB: `sqlite:${join(work, 'console.db')}`,
        STRATA_CONSOLE_DATA_DIR: join(work, 'console-data'),
        STRATA_LICENSE_TRUSTED_KEYS: join(keys, 'jwks.json'),
        STRATA_CONSOLE_SYNC_MS: '2000',
        // Streams end after 20 s so the reconnect suite sees the browser reconnect by itself.
        STRATA_CONSOLE_STREAM_MAX_MS: '20000',
        STRATA_OIDC_ISSUER: dex.issuer,
        STRATA_OIDC_CLIENT_ID: dex.clientId,
        STRATA_OIDC_CLIENT_SECRET: dex.clientSecret,
        STRATA_OIDC_REDIRECT_URI: dex.redirectUri,
        STRATA_OIDC_OPERATOR_GROUPS: 'authors',
        STRATA_INSTALLER_URL: installer.url,
        STRATA_INSTALLER_TOKEN_FILE: installer.tokenFile,
      },
    });
    await waitForHealth(`http://127.0.0.1:${port}/api/health`, server, logFile, 120_000);

    process.env[E2E_ENV.adminPassword] = adminPassword;
    process.env[E2E_ENV.kubeconfig] = cluster.kubeconfigPath;
    process.env[E2E_ENV.licenseFile] = licenseFile;
    process.env[E2E_ENV.clusterName] = cluster.name;
    process.env[E2E_ENV.workDir] = work;
    process.env[E2E_ENV.dexConfig] = dex.configFile;
    process.env[E2E_ENV.dexIssuer] = dex.issuer;
    process.env[E2E_ENV.installerTokenFile] = installer.tokenFile;
    process.env[E2E_ENV.installerUrl] = installer.url;
    console.log(`e2e: console on http://127.0.0.1:${port} (log ${logFile})`);
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}
