/**
 * `npm start`: starts the platform on the local embedded default and stays in the
 * foreground until interrupted. Each component is reported as running only after it
 * answered its health check.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { strataCliCommand } from '@strata/installer/bundle';
import { ProcessGroup, WORKSPACE_ROOT, type ManagedProcess } from '@strata/toolchain';
import { waitForHttp } from './wait-for-http';

const group = new ProcessGroup();
const env = { NEXT_TELEMETRY_DISABLED: '1' };
const logDir = join(WORKSPACE_ROOT, '.strata/logs');
const nodeBin = join(WORKSPACE_ROOT, 'node_modules/.bin/node');

interface Component {
  name: string;
  url: string;
  health: string;
  proc: ManagedProcess;
}

async function startComponent(name: string, command: string, args: string[], url: string, health: string): Promise<Component> {
  const logFile = join(logDir, `${name}.log`);
  const proc = group.spawn({ name, command, args, env, cwd: WORKSPACE_ROOT, logFile });
  await waitForHttp(`${url}${health}`, { timeoutMs: 120_000, alive: () => proc.running(), logFile });
  return { name, url, health, proc };
}

/**
 * Brings up (or reuses) the local cluster of examples/local.yaml through the real
 * installer, which reports an already healthy cluster and changes nothing.
 */
function startLocalCluster(): { dir: string; kubeconfig: string } {
  const dir = join(WORKSPACE_ROOT, '.strata/clusters/local');
  console.log('installing (or reusing) the local cluster of examples/local.yaml');
  const cli = strataCliCommand(['install', '-f', 'examples/local.yaml', '--dir', dir]);
  const res = spawnSync(cli.command, cli.args, {
    cwd: WORKSPACE_ROOT,
    stdio: 'inherit',
  });
  if (res.status !== 0) throw new Error(`strata install exited with ${res.status}; see ${join(dir, 'install.log')}`);
  return { dir, kubeconfig: join(dir, 'auth/kubeconfig') };
}

/**
 * What to tell about the console's admin account: on the start that created it, the
 * password it generated (printed once to its log); otherwise how to sign in.
 */
function adminPasswordNotice(logFile: string, from: number): string {
  const text = existsSync(logFile) ? readFileSync(logFile).subarray(from).toString('utf8') : '';
  const generated = /Initial admin password: (\S+)/.exec(text)?.[1];
  if (generated) {
    return `\n  Console sign-in: user "admin", password ${generated}\n  (generated on this first start and shown only now; it is stored only as a hash)`;
  }
  if (/created the user "admin" with the password from STRATA_ADMIN_PASSWORD/.test(text)) {
    return '\n  Console sign-in: user "admin" with the password from STRATA_ADMIN_PASSWORD';
  }
  return '\n  Console sign-in: user "admin" with the password shown on the first start (or set STRATA_ADMIN_PASSWORD before that start)';
}

async function main(): Promise<void> {
  const started: Component[] = [];
  const cluster = startLocalCluster();
  console.log('building the console (production build, cached when unchanged)');
  const build = spawnSync(join(WORKSPACE_ROOT, 'node_modules/.bin/nx'), ['run', 'console:build'], {
    cwd: WORKSPACE_ROOT,
    env: { ...process.env, ...env, NX_DAEMON: 'false' },
    stdio: 'inherit',
  });
  if (build.status !== 0) throw new Error('console build failed; see the output above');

  const consolePort = process.env['PORT'] ?? '3000';
  const consoleLog = join(logDir, 'console.log');
  const consoleLogStart = existsSync(consoleLog) ? statSync(consoleLog).size : 0;
  started.push(
    await startComponent(
      'console',
      join(WORKSPACE_ROOT, 'node_modules/.bin/next'),
      ['start', 'apps/console', '--hostname', '127.0.0.1', '--port', consolePort],
      `http://127.0.0.1:${consolePort}`,
      '/api/health',
    ),
  );

  const licenseMain = join(WORKSPACE_ROOT, 'apps/license-server/src/main.ts');
  if (existsSync(licenseMain)) {
    const port = process.env['LICENSE_PORT'] ?? '4100';
    started.push(await startComponent('license-server', nodeBin, ['--import', 'tsx', licenseMain, '--port', port], `http://127.0.0.1:${port}`, '/healthz'));
  }

  // The Omaha update server the local machines' update engines ask (http://127.0.0.1:8600/v1/update/).
  const updatePort = process.env['STRATA_UPDATE_PORT'] ?? '8600';
  started.push(
    await startComponent(
      'update-server',
      nodeBin,
      ['--import', 'tsx', join(WORKSPACE_ROOT, 'apps/update-server/src/main.ts'), '--port', updatePort],
      `http://127.0.0.1:${updatePort}`,
      '/healthz',
    ),
  );

  // The installer service the console's wizard drives (loopback only; the console's server holds its token).
  const installerPort = process.env['STRATA_INSTALLER_PORT'] ?? '8700';
  started.push(
    await startComponent(
      'installer-service',
      nodeBin,
      ['--import', 'tsx', join(WORKSPACE_ROOT, 'apps/installer-service/src/main.ts'), '--port', installerPort],
      `http://127.0.0.1:${installerPort}`,
      '/healthz',
    ),
  );

  const consoleNotice = adminPasswordNotice(consoleLog, consoleLogStart);

  console.log('\nStrata is running:');
  console.log(`  local cluster     ${cluster.dir}   (kubectl: npm run kubectl -- --kubeconfig ${cluster.kubeconfig} get nodes)`);
  for (const c of started) console.log(`  ${c.name.padEnd(17)} ${c.url}   (log: .strata/logs/${c.name}.log)`);
  console.log(consoleNotice);
  console.log('\nPress Ctrl-C to stop.');

  let stopping = false;
  const shutdown = async () => {
    stopping = true;
    console.log(
      '\nstopping the console, the license server, the update server and the installer service; the local cluster keeps running (npm run strata -- destroy --dir .strata/clusters/local removes it)',
    );
    await group.stopAll();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
  await Promise.race(started.map((c) => c.proc.exited.then((code) => ({ c, code })))).then(async ({ c, code }) => {
    if (stopping) return;
    console.error(`${c.name} exited (${code}); see .strata/logs/${c.name}.log`);
    await group.stopAll();
    process.exit(1);
  });
}

main().catch(async (error: unknown) => {
  console.error(`npm start: ${(error as Error).message}`);
  await group.stopAll();
  process.exit(1);
});
