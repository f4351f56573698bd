import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { machinePaths, staticPodProcess } from '@strata/bootstrap';
import type { Logger } from '@strata/log';
import { binaryForImage } from './image-binary';
import type { StaticPodStatus } from './pod-status';
import { probesOf } from './probe';
import { DEFAULT_RESTART_BACKOFF, type RestartBackoff } from './restart-backoff';
import { reapStaleStaticPods } from './stale-processes';
import { SupervisedPod, type PodContext } from './supervised-pod';

/** Options of a {@link StaticPodSupervisor}. */
export interface SupervisorOptions {
  /** The machine root; manifests are read from `<root>/etc/kubernetes/manifests`. */
  root: string;
  log: Logger;
  /** Image → binary; defaults to the pinned binaries ({@link binaryForImage}). */
  binaryFor?: (image: string) => string;
  backoff?: RestartBackoff;
  /** Time between SIGTERM and SIGKILL when stopping a pod. */
  stopGraceMs?: number;
  /** How often the manifest directory is read again. */
  pollMs?: number;
  /** Whether to run the manifests' HTTP probes (default true). */
  probes?: boolean;
  /** Called whenever a pod's reported status changes. */
  onChange?: () => void;
}

/** Files the kubelet would read from a static pod directory: not hidden, YAML or JSON. */
function isManifestFile(name: string): boolean {
  return !name.startsWith('.') && /\.(ya?ml|json)$/.test(name);
}

/** The environment static pods get: enough for the Go binaries, nothing of the agent's own settings. */
function podEnvironment(): Record<string, string> {
  const env: Record<string, string> = { PATH: process.env['PATH'] ?? '/usr/local/bin:/usr/bin:/bin' };
  for (const key of ['HOME', 'TMPDIR', 'LANG', 'TZ']) {
    const value = process.env[key];
    if (value !== undefined) env[key] = value;
  }
  return env;
}

/** Stop order: the control-plane components first, etcd (their storage) last. */
function stopsLast(pod: SupervisedPod): boolean {
  return pod.name === 'etcd';
}

/**
 * Runs every static pod manifest of a machine as a supervised process, like the
 * kubelet's static pod source: the manifest directory is read again every `pollMs`, so
 * added, changed and removed manifests start, restart and stop their pods. A manifest
 * that cannot run (invalid, or an image without a local binary) is reported as `failed`
 * until its file changes.
 */
export class StaticPodSupervisor {
  readonly manifestDir: string;
  readonly logDir: string;
  readonly pidDir: string;
  private readonly pods = new Map<string, SupervisedPod>();
  private readonly failed = new Map<string, { hash: string; status: StaticPodStatus }>();
  private readonly ctx: PodContext;
  private readonly binaryFor: (image: string) => string;
  private readonly pollMs: number;
  private pollTimer: NodeJS.Timeout | undefined;
  private syncing: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(private readonly options: SupervisorOptions) {
    this.manifestDir = join(options.root, machinePaths.MANIFESTS_DIR);
    this.logDir = join(options.root, 'var/log/pods');
    this.pidDir = join(options.root, 'run/static-pods');
    this.binaryFor = options.binaryFor ?? binaryForImage;
    this.pollMs = options.pollMs ?? 2_000;
    this.ctx = {
      root: options.root,
      log: options.log,
      backoff: options.backoff ?? DEFAULT_RESTART_BACKOFF,
      stopGraceMs: options.stopGraceMs ?? 10_000,
      probes: options.probes ?? true,
      env: podEnvironment(),
      changed: () => options.onChange?.(),
    };
  }

  /** Ends pods a killed predecessor left behind, starts every manifest, then keeps watching the directory. */
  async start(): Promise<void> {
    await reapStaleStaticPods(this.pidDir, this.options.root, this.ctx.stopGraceMs, this.options.log);
    await this.sync();
    const tick = () => {
      this.pollTimer = setTimeout(() => {
        void this.sync().finally(() => {
          if (!this.stopped) tick();
        });
      }, this.pollMs);
    };
    tick();
  }

  /** Reads the manifest directory once and converges the running pods on it. */
  sync(): Promise<void> {
    this.syncing = this.syncing
      .then(() => this.syncOnce())
      .catch((error: unknown) => {
        this.options.log.error({ dir: this.manifestDir, err: error }, 'reading static pod manifests failed');
      });
    return this.syncing;
  }

  private readManifests(): Map<string, string> {
    const manifests = new Map<string, string>();
    let names: string[];
    try {
      names = readdirSync(this.manifestDir).filter(isManifestFile).sort();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return manifests;
      throw error;
    }
    for (const name of names) {
      try {
        manifests.set(name, readFileSync(join(this.manifestDir, name), 'utf8'));
      } catch (error) {
        // Removed between listing and reading: the next pass sees it gone.
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
    return manifests;
  }

  private async syncOnce(): Promise<void> {
    if (this.stopped) return;
    const manifests = this.readManifests();
    const hashes = new Map([...manifests].map(([file, text]) => [file, createHash('sha256').update(text).digest('hex')]));

    const removals: Promise<void>[] = [];
    for (const [file, pod] of this.pods) {
      if (hashes.get(file) !== pod.hash) {
        this.pods.delete(file);
        this.options.log.info(
          { pod: pod.name, manifest: file },
          hashes.has(file) ? 'static pod manifest changed; restarting the pod' : 'static pod manifest removed; stopping the pod',
        );
        removals.push(pod.stop());
      }
    }
    for (const [file, entry] of this.failed) {
      if (hashes.get(file) !== entry.hash) this.failed.delete(file);
    }
    await Promise.all(removals);
    if (removals.length > 0) this.ctx.changed();

    for (const [file, text] of manifests) {
      if (this.stopped) return;
      const hash = hashes.get(file) ?? '';
      if (this.pods.has(file) || this.failed.has(file)) continue;
      this.load(file, text, hash);
    }
  }

  private load(file: string, text: string, hash: string): void {
    try {
      const spec = staticPodProcess(text, this.options.root, this.binaryFor);
      const clash = [...this.pods.values()].find((p) => p.name === spec.name);
      if (clash) throw new Error(`pod ${spec.name} is already defined by ${clash.manifest}`);
      const pod = new SupervisedPod(file, hash, spec, probesOf(text), join(this.logDir, `${spec.name}.log`), join(this.pidDir, `${spec.name}.pid`), this.ctx);
      pod.start();
      this.pods.set(file, pod);
    } catch (error) {
      const message = (error as Error).message;
      this.options.log.error({ manifest: file, err: error }, 'static pod manifest cannot run');
      this.failed.set(file, {
        hash,
        status: {
          name: file.replace(/\.(ya?ml|json)$/, ''),
          manifest: file,
          image: null,
          command: null,
          state: 'failed',
          pid: null,
          restarts: 0,
          ready: false,
          startedAt: null,
          lastExit: null,
          nextRestartAt: null,
          error: message,
          log: join(this.logDir, `${file.replace(/\.(ya?ml|json)$/, '')}.log`),
        },
      });
      this.ctx.changed();
    }
  }

  /** Every pod, running or failed, in manifest file order. */
  status(): StaticPodStatus[] {
    const all = [...[...this.pods.values()].map((p) => p.status()), ...[...this.failed.values()].map((f) => f.status)];
    return all.sort((a, b) => a.manifest.localeCompare(b.manifest));
  }

  /**
   * Stops watching the manifests and restarting pods, leaving running pods alone: the
   * first step of a shutdown, so that a pod that exits meanwhile (its machine is being
   * stopped too) is not started again.
   */
  hold(): void {
    this.stopped = true;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    for (const pod of this.pods.values()) pod.hold();
  }

  /** Stops watching and stops every pod: the control-plane components first, etcd last. */
  async stop(): Promise<void> {
    this.hold();
    await this.syncing;
    const pods = [...this.pods.values()];
    await Promise.all(pods.filter((p) => !stopsLast(p)).map((p) => p.stop()));
    await Promise.all(pods.filter(stopsLast).map((p) => p.stop()));
  }
}
