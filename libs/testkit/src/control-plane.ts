import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { binaryPath, findFreePorts, ProcessGroup, type ManagedProcess } from '@strata/toolchain';
import { waitForOk } from './https-get';
import { forgetProcess, recordProcess } from './process-registry';
import { makeThrowawayTls, type ThrowawayTls } from './tls';

/** A running etcd + kube-apiserver pair on loopback, started from the pinned binaries. */
export interface TestControlPlane {
  /** https://127.0.0.1:<port> */
  apiServerUrl: string;
  etcdUrl: string;
  /** Admin kubeconfig (system:masters) for kubectl and @kubernetes/client-node. */
  kubeconfigPath: string;
  tls: ThrowawayTls;
  dir: string;
  processes: { etcd: ManagedProcess; apiServer: ManagedProcess };
  /** Stops both processes and removes every file. Safe to call twice. */
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Extra kube-apiserver flags (`--name=value`). */
  apiServerFlags?: string[];
  readyTimeoutMs?: number;
}

function tail(file: string, lines = 20): string {
  if (!existsSync(file)) return '';
  return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
}

/**
 * Starts the pinned etcd and kube-apiserver on free loopback ports with throwaway TLS
 * material and waits for `/readyz`. Always pair with `stop()` in a `finally` or
 * `afterAll`; if the process dies first, the children are killed on exit, and the
 * suite's global teardown sweeps anything left.
 */
export async function startControlPlane(options: StartOptions = {}): Promise<TestControlPlane> {
  const dir = mkdtempSync(join(tmpdir(), 'strata-cp-'));
  const group = new ProcessGroup();
  const track = (p: ManagedProcess) => {
    recordProcess(p.pid, p.name);
    void p.exited.then(() => forgetProcess(p.pid));
    return p;
  };
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await group.stopAll(5_000);
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    const tls = makeThrowawayTls(dir);
    const [etcdClientPort, etcdPeerPort, apiPort] = await findFreePorts(3);
    const etcdUrl = `https://127.0.0.1:${etcdClientPort}`;
    const etcdLog = join(dir, 'etcd.log');
    const etcd = track(
      group.spawn({
        name: 'etcd',
        command: binaryPath('etcd'),
        logFile: etcdLog,
        args: [
          '--name=test',
          `--data-dir=${join(dir, 'etcd-data')}`,
          `--listen-client-urls=${etcdUrl}`,
          `--advertise-client-urls=${etcdUrl}`,
          `--listen-peer-urls=https://127.0.0.1:${etcdPeerPort}`,
          `--initial-advertise-peer-urls=https://127.0.0.1:${etcdPeerPort}`,
          `--initial-cluster=test=https://127.0.0.1:${etcdPeerPort}`,
          `--cert-file=${tls.serverCert}`,
          `--key-file=${tls.serverKey}`,
          `--trusted-ca-file=${tls.caCert}`,
          '--client-cert-auth=true',
          `--peer-cert-file=${tls.serverCert}`,
          `--peer-key-file=${tls.serverKey}`,
          `--peer-trusted-ca-file=${tls.caCert}`,
          '--peer-client-cert-auth=true',
          '--listen-metrics-urls=',
          '--log-level=warn',
        ],
      }),
    );
    const clientTls = { ca: tls.caCert, cert: tls.adminCert, key: tls.adminKey };
    await waitForOk(`${etcdUrl}/health`, clientTls, {
      timeoutMs: 30_000,
      alive: () => etcd.running(),
      describe: () => `etcd log:\n${tail(etcdLog)}`,
    });

    const apiServerUrl = `https://127.0.0.1:${apiPort}`;
    const apiLog = join(dir, 'kube-apiserver.log');
    const apiServer = track(
      group.spawn({
        name: 'kube-apiserver',
        command: binaryPath('kube-apiserver'),
        logFile: apiLog,
        args: [
          `--etcd-servers=${etcdUrl}`,
          `--etcd-cafile=${tls.caCert}`,
          `--etcd-certfile=${tls.adminCert}`,
          `--etcd-keyfile=${tls.adminKey}`,
          '--bind-address=127.0.0.1',
          '--advertise-address=127.0.0.1',
          `--secure-port=${apiPort}`,
          `--cert-dir=${join(dir, 'apiserver-certs')}`,
          `--tls-cert-file=${tls.serverCert}`,
          `--tls-private-key-file=${tls.serverKey}`,
          `--client-ca-file=${tls.caCert}`,
          '--service-account-issuer=https://kubernetes.default.svc',
          `--service-account-key-file=${tls.serviceAccountPub}`,
          `--service-account-signing-key-file=${tls.serviceAccountKey}`,
          '--service-cluster-ip-range=10.96.0.0/24',
          '--authorization-mode=Node,RBAC',
          // The apiserver refuses to publish a loopback address as the endpoint of the
          // in-cluster "kubernetes" Service; nothing in a test cluster needs it.
          '--endpoint-reconciler-type=none',
          '--enable-priority-and-fairness=false',
          ...(options.apiServerFlags ?? []),
        ],
      }),
    );
    await waitForOk(`${apiServerUrl}/readyz`, clientTls, {
      timeoutMs: options.readyTimeoutMs ?? 90_000,
      alive: () => apiServer.running(),
      describe: () => `kube-apiserver log:\n${tail(apiLog)}`,
    });

    const kubeconfigPath = join(dir, 'admin.kubeconfig');
    writeFileSync(kubeconfigPath, adminKubeconfig(apiServerUrl, tls), { mode: 0o600 });
    return { apiServerUrl, etcdUrl, kubeconfigPath, tls, dir, processes: { etcd, apiServer }, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function adminKubeconfig(server: string, tls: ThrowawayTls): string {
  const b64 = (file: string) => readFileSync(file).toString('base64');
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: test',
    '  cluster:',
    `    server: ${server}`,
    `    certificate-authority-data: ${b64(tls.caCert)}`,
    'users:',
    '- name: admin',
    '  user:',
    `    client-certificate-data: ${b64(tls.adminCert)}`,
    `    client-key-data: ${b64(tls.adminKey)}`,
    'contexts:',
    '- name: test',
    '  context: {cluster: test, user: admin}',
    'current-context: test',
    '',
  ].join('\n');
}

/** Runs `fn` against a fresh control plane and always stops it, also when `fn` throws. */
export async function withControlPlane<T>(fn: (cp: TestControlPlane) => Promise<T>, options?: StartOptions): Promise<T> {
  const cp = await startControlPlane(options);
  try {
    return await fn(cp);
  } finally {
    await cp.stop();
  }
}
