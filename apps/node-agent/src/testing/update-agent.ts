/**
 * The agent of the `/usr` images that update specs build: what `node-agent machine --slots`
 * starts from the booted slot (`<bundle> run --root <dir> --log-level <level>`). It runs the
 * real update engine of the machine and nothing of Kubernetes, so its Node counts as
 * registered and Ready; the image's own health checks still decide its trial boot. The
 * machine id is read from `<root>/etc/machine-id`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger, type LogLevel } from '@strata/log';
import { readBootRecord } from '../os/boot';
import { loadTrustedKeys, loadUpdateEngineSettings } from '../update/settings';
import { UpdateEngine } from '../update/update-engine';
import { exitWithError, stopOnSignals } from '../cli/exit';

function flag(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at < 0 ? undefined : process.argv[at + 1];
}

function main(): void {
  const root = flag('--root');
  const log = createLogger('node-agent', { level: (flag('--log-level') ?? 'info') as LogLevel });
  try {
    if (!root) throw new Error('--root is required');
    const boot = readBootRecord(root);
    if (!boot) throw new Error(`${root} was not booted from a /usr slot`);
    const engine = new UpdateEngine({
      root,
      boot,
      settings: loadUpdateEngineSettings(root),
      trustedKeys: loadTrustedKeys(root),
      machineId: readFileSync(join(root, 'etc/machine-id'), 'utf8').trim(),
      log: log.child({ component: 'update-engine' }),
      health: () => ({ registered: true, nodeReady: true, staticPodsHealthy: true }),
    });
    engine.start();
    log.info({ slot: boot.slot, version: boot.version, bootId: boot.bootId }, 'update agent started');
    stopOnSignals(log, () => engine.stop());
  } catch (error) {
    exitWithError(log, 'update agent', error);
  }
}

main();
