import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, createWriteStream } from 'node:fs';
import { request } from 'node:https';
import { basename, join, relative } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { pack } from 'tar-stream';
import { topologyOf } from '@strata/bootstrap';
import type { Cluster } from '@strata/cluster-config';
import type { ClusterConnection } from '@strata/k8s';
import { clusterFiles } from './context';
import { adminConnection } from './health';
import { loadK8s } from './load-k8s';
import { redact } from './redact';

/** What a diagnostics archive holds, written into it as `manifest.json`. */
export interface GatherManifest {
  cluster: string;
  platform: string;
  createdAt: string;
  /** Every file in the archive with its size. */
  collected: { path: string; bytes: number }[];
  /** What could not be collected, and why. */
  skipped: { what: string; reason: string }[];
  /** Files in which something was cut out, with what kind and how often. */
  redacted: { path: string; hits: Record<string, number> }[];
}

export interface GatherOptions {
  dir: string;
  cluster: Cluster | undefined;
  /** The archive to write (`.tar.gz`). */
  out: string;
  /** Reports what is being collected. */
  progress?: (message: string) => void;
}

/** The most of one log file kept (its end: the latest lines matter). */
const LOG_TAIL_BYTES = 4 * 1024 * 1024;
const API_TIMEOUT_MS = 10_000;

/** Files never read, whatever their content: keys, kubeconfigs, tokens (by their path in the archive). */
function neverCollected(path: string): boolean {
  return /\.(key|kubeconfig|pem)$/.test(path) || basename(path) === 'admin-token' || /(^|\/)(pki|auth|tls)\//.test(path);
}

function tail(path: string): string {
  const size = statSync(path).size;
  const text = readFileSync(path);
  return size > LOG_TAIL_BYTES
    ? `[first ${size - LOG_TAIL_BYTES} bytes left out]\n${text.subarray(size - LOG_TAIL_BYTES).toString('utf8')}`
    : text.toString('utf8');
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

class Archive {
  readonly entries = new Map<string, string>();
  readonly manifest: GatherManifest;

  constructor(cluster: string, platform: string) {
    this.manifest = { cluster, platform, createdAt: new Date().toISOString(), collected: [], skipped: [], redacted: [] };
  }

  /** Adds `text` at `path`, redacted. */
  add(path: string, text: string): void {
    const { text: clean, hits } = redact(text);
    if (Object.keys(hits).length > 0) this.manifest.redacted.push({ path, hits });
    this.entries.set(path, clean);
    this.manifest.collected.push({ path, bytes: Buffer.byteLength(clean) });
  }

  /** Adds a file of the machine running the gather, unless it is one never collected. */
  addFile(path: string, source: string): void {
    if (neverCollected(path)) {
      this.skip(path, 'holds keys or credentials');
      return;
    }
    try {
      this.add(path, tail(source));
    } catch (error) {
      this.skip(path, (error as Error).message);
    }
  }

  skip(what: string, reason: string): void {
    this.manifest.skipped.push({ what, reason });
  }
}

/**
 * Every private key and client credential of the cluster directory, as found in its files:
 * the archive is checked against them before it is written, so a rule that missed one fails
 * the gather instead of leaking it.
 */
function knownSecrets(dir: string): string[] {
  const secrets: string[] = [];
  for (const file of filesUnder(dir)) {
    if (!/\.(key|kubeconfig)$/.test(file)) continue;
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----\s*([A-Za-z0-9+/=\s]+?)-----END/g))
      secrets.push((m[1] ?? '').replace(/\s+/g, '').slice(0, 64));
    for (const m of text.matchAll(/(?:client-key-data|token):\s*(\S+)/g)) secrets.push((m[1] ?? '').slice(0, 64));
  }
  return secrets.filter((s) => s.length >= 16);
}

async function apiGet(conn: ClusterConnection, path: string, query: Record<string, string | number | boolean> = {}, accept = 'application/json') {
  const { requestText } = await loadK8s();
  const res = await requestText(conn, { method: 'GET', path, query, accept, timeoutMs: API_TIMEOUT_MS });
  if (res.status < 200 || res.status > 299) throw new Error(`HTTP ${res.status}: ${res.text.slice(0, 200)}`);
  return res.text;
}

/** What the API answers: readiness, nodes, pods, events, leases, secret names, static-pod logs. */
async function collectApi(archive: Archive, dir: string, progress: (m: string) => void): Promise<void> {
  const conn = await adminConnection(dir);
  if (!conn) {
    archive.skip('api', 'the admin kubeconfig has not been rendered');
    return;
  }
  progress('reading the API');
  try {
    archive.add('api/readyz.txt', await apiGet(conn, '/readyz', { verbose: true }, 'text/plain'));
  } catch (error) {
    archive.skip('api', `the API does not answer: ${(error as Error).message}`);
    return;
  }
  const lists: [string, string][] = [
    ['api/nodes.json', '/api/v1/nodes'],
    ['api/pods.json', '/api/v1/pods'],
    ['api/events.json', '/api/v1/events'],
    ['api/leases.json', '/apis/coordination.k8s.io/v1/leases'],
    ['api/version.json', '/version'],
  ];
  for (const [path, api] of lists) {
    try {
      archive.add(path, await apiGet(conn, api, api === '/version' ? {} : { limit: 5000 }));
    } catch (error) {
      archive.skip(path, (error as Error).message);
    }
  }
  // Secrets by name and type only: the server sends their metadata, never their data.
  try {
    const meta = JSON.parse(await apiGet(conn, '/api/v1/secrets', { limit: 5000 }, 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1')) as {
      items?: { metadata: { namespace?: string; name: string; creationTimestamp?: string } }[];
    };
    const names = (meta.items ?? []).map((s) => `${s.metadata.namespace ?? ''}/${s.metadata.name}`).sort();
    archive.add('api/secret-names.txt', `${names.join('\n')}\n`);
  } catch (error) {
    archive.skip('api/secret-names.txt', (error as Error).message);
  }
  try {
    const pods = JSON.parse(await apiGet(conn, '/api/v1/namespaces/kube-system/pods')) as {
      items?: { metadata: { name: string; annotations?: Record<string, string> }; spec: { containers: { name: string }[] } }[];
    };
    for (const pod of (pods.items ?? []).filter((p) => p.metadata.annotations?.['kubernetes.io/config.mirror'])) {
      for (const c of pod.spec.containers) {
        const path = `api/static-pod-logs/${pod.metadata.name}/${c.name}.log`;
        try {
          archive.add(path, await apiGet(conn, `/api/v1/namespaces/kube-system/pods/${pod.metadata.name}/log`, { container: c.name, tailLines: 5000 }, '*/*'));
        } catch (error) {
          archive.skip(path, `the kubelet did not serve the log (${(error as Error).message}); the machine's own copy is under machines/`);
        }
      }
    }
  } catch (error) {
    archive.skip('api/static-pod-logs', (error as Error).message);
  }
}

/** One etcd HTTP call with the API server's etcd client certificate. */
function etcdCall(dir: string, address: string, method: 'GET' | 'POST', path: string): Promise<string> {
  const pki = (name: string) => readFileSync(join(dir, 'pki', name));
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: address,
        port: 2379,
        method,
        path,
        ca: pki('etcd/ca.crt'),
        cert: pki('apiserver-etcd-client.crt'),
        key: pki('apiserver-etcd-client.key'),
        timeout: API_TIMEOUT_MS,
        headers: { 'content-type': 'application/json' },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => (res.statusCode === 200 ? resolve(body) : reject(new Error(`HTTP ${res.statusCode}: ${body.slice(0, 200)}`))));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${API_TIMEOUT_MS / 1000} s`)));
    req.on('error', reject);
    req.end(method === 'POST' ? '{}' : undefined);
  });
}

/** etcd's member list and each member's health, asked of every control-plane machine. */
async function collectEtcd(archive: Archive, dir: string, cluster: Cluster, progress: (m: string) => void): Promise<void> {
  if (!existsSync(join(dir, 'pki/apiserver-etcd-client.key'))) {
    archive.skip('etcd', 'the etcd client certificate has not been rendered');
    return;
  }
  progress('asking etcd for its members and health');
  let members = false;
  for (const m of topologyOf(cluster).controlPlane) {
    try {
      archive.add(`etcd/${m.name}/health.json`, await etcdCall(dir, m.address, 'GET', '/health'));
      if (!members) {
        archive.add('etcd/members.json', await etcdCall(dir, m.address, 'POST', '/v3/cluster/member/list'));
        members = true;
      }
    } catch (error) {
      archive.skip(`etcd/${m.name}`, `etcd at ${m.address}:2379 did not answer: ${(error as Error).message}`);
    }
  }
}

/** The local machines' process logs, status files, slot table and Ignition result. */
async function collectLocalMachines(archive: Archive, cluster: Cluster, progress: (m: string) => void): Promise<void> {
  const { localPaths } = await import('@strata/driver-local');
  const paths = localPaths(cluster);
  progress('reading the machines');
  for (const [name, file] of [
    ['load-balancer/lb.log', join(paths.lbDir, 'lb.log')],
    ['kwok/kwok.log', join(paths.kwokDir, 'kwok.log')],
  ] as const) {
    if (existsSync(file)) archive.addFile(`machines/${name}`, file);
  }
  for (const m of topologyOf(cluster).controlPlane.concat(topologyOf(cluster).workers)) {
    const dir = paths.machineDir(m.name);
    if (!existsSync(dir)) {
      archive.skip(`machines/${m.name}`, `${dir} does not exist (the machine was never created, or was deleted)`);
      continue;
    }
    const root = paths.machineRoot(m.name);
    const prefix = `machines/${m.name}`;
    archive.addFile(`${prefix}/node-agent.log`, join(dir, 'node-agent.log'));
    for (const file of [...filesUnder(join(root, 'var/log')), ...filesUnder(join(root, 'run')).filter((f) => f.endsWith('.json'))]) {
      archive.addFile(`${prefix}/${relative(root, file)}`, file);
    }
    if (existsSync(join(root, 'boot/partition-table.json'))) archive.addFile(`${prefix}/boot/partition-table.json`, join(root, 'boot/partition-table.json'));
    // Ignition's result: whether it ran to the end, and the files it wrote (names only).
    const done = join(dir, 'ignition.done');
    const written = filesUnder(join(root, 'etc'))
      .map((f) => `/${relative(root, f)}`)
      .sort();
    archive.add(
      `${prefix}/ignition.txt`,
      `${existsSync(done) ? `applied at ${readFileSync(done, 'utf8').trim()}` : 'not applied'}\nfiles under /etc:\n${written.join('\n')}\n`,
    );
  }
}

/**
 * Writes one archive of what support needs about a cluster: the document (redacted), the
 * journal, install log and asset list, every machine's logs and state, and what the API and
 * etcd answer. Nothing is written unless the whole archive is: it is built in memory, checked
 * against every private key and credential of the cluster directory, then written to a
 * temporary file that is renamed into place.
 */
export async function gather(options: GatherOptions): Promise<GatherManifest> {
  const { dir, cluster } = options;
  const progress = options.progress ?? (() => undefined);
  const platform = cluster ? (Object.keys(cluster.spec.platform)[0] ?? 'unknown') : 'unknown';
  const archive = new Archive(cluster?.metadata.name ?? basename(dir), platform);
  progress('reading the cluster directory');
  for (const [path, file] of [
    ['cluster.yaml', join(dir, 'cluster.yaml')],
    ['assets.json', join(dir, 'assets.json')],
    ['install.log', clusterFiles(dir).installLog],
    ['state/journal.jsonl', clusterFiles(dir).journal],
  ] as const) {
    if (existsSync(file)) archive.addFile(path, file);
    else archive.skip(path, `${file} does not exist`);
  }
  if (cluster) {
    if (cluster.spec.platform.local) await collectLocalMachines(archive, cluster, progress);
    else archive.skip('machines', `the logs of ${platform} machines stay on the machines; read them with the provider's serial console`);
    await collectApi(archive, dir, progress);
    await collectEtcd(archive, dir, cluster, progress);
  } else {
    archive.skip('cluster', `${dir} holds no cluster document the gather could read`);
  }

  const secrets = knownSecrets(dir);
  for (const [path, text] of archive.entries) {
    const leaked = secrets.find((s) => text.includes(s));
    if (leaked) throw new Error(`refusing to write the archive: ${path} holds a credential of the cluster directory the redaction missed`);
  }
  archive.manifest.collected.sort((a, b) => a.path.localeCompare(b.path));
  const root = `strata-gather-${archive.manifest.cluster}`;
  const tar = pack();
  const tmp = `${options.out}.${process.pid}.partial`;
  const written = pipeline(tar, createGzip(), createWriteStream(tmp, { mode: 0o600 }));
  try {
    for (const [path, text] of [...archive.entries, ['manifest.json', `${JSON.stringify(archive.manifest, null, 2)}\n`] as const]) {
      tar.entry({ name: `${root}/${path}`, mode: 0o644, mtime: new Date(archive.manifest.createdAt) }, text);
    }
    tar.finalize();
    await written;
    renameSync(tmp, options.out);
  } catch (error) {
    tar.destroy();
    rmSync(tmp, { force: true });
    throw error;
  }
  return archive.manifest;
}
