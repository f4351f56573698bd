import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { forgetProcess, recordProcess, type TestControlPlane } from '@strata/testkit';
import { binaryPath, findFreePort, ProcessGroup } from '@strata/toolchain';

/** A kube-controller-manager running only the controllers RBAC tests need. */
export interface TestControllers {
  logFile: string;
  stop(): Promise<void>;
}

/**
 * Starts the pinned kube-controller-manager against a test control plane with two
 * controllers: `clusterrole-aggregation`, which fills the built-in `view`, `edit` and
 * `admin` ClusterRoles from their aggregated parts (without it they hold no rules), and
 * `serviceaccount`, which gives every namespace its `default` ServiceAccount so pods can
 * be created. The control plane's own start-up runs neither.
 */
export async function startRbacControllers(cp: TestControlPlane): Promise<TestControllers> {
  const binary = binaryPath('kube-controller-manager');
  if (!existsSync(binary)) throw new Error(`kube-controller-manager is not built at ${binary}: run bash tools/binaries/build.sh`);
  const group = new ProcessGroup();
  const logFile = join(cp.dir, 'kube-controller-manager.log');
  const port = await findFreePort();
  const kcm = group.spawn({
    name: 'kube-controller-manager',
    command: binary,
    logFile,
    args: [
      `--kubeconfig=${cp.kubeconfigPath}`,
      `--authentication-kubeconfig=${cp.kubeconfigPath}`,
      `--authorization-kubeconfig=${cp.kubeconfigPath}`,
      '--bind-address=127.0.0.1',
      `--secure-port=${port}`,
      `--cert-dir=${join(cp.dir, 'controller-manager-certs')}`,
      '--controllers=clusterrole-aggregation,serviceaccount',
      '--leader-elect=false',
    ],
  });
  recordProcess(kcm.pid, kcm.name);
  void kcm.exited.then(() => forgetProcess(kcm.pid));
  let stopped = false;
  return {
    logFile,
    async stop() {
      if (stopped) return;
      stopped = true;
      await group.stopAll(5_000);
    },
  };
}

/** The last lines of the controller manager's log, for failure messages. */
export function controllersLog(controllers: TestControllers, lines = 30): string {
  return existsSync(controllers.logFile) ? readFileSync(controllers.logFile, 'utf8').split('\n').slice(-lines).join('\n') : '';
}
