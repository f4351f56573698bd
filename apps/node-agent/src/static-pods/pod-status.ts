/**
 * Lifecycle of one static pod:
 * `starting` (process spawned, startup probe not passed yet), `running`, `backoff`
 * (exited; waiting to restart), `failed` (the manifest cannot run: invalid or an image
 * without a local binary), `stopping`, `stopped`.
 */
export type StaticPodState = 'starting' | 'running' | 'backoff' | 'failed' | 'stopping' | 'stopped';

/** What the agent reports about one static pod (status file, healthz, node condition). */
export interface StaticPodStatus {
  /** `metadata.name` of the pod, or the manifest file name when it cannot be read. */
  name: string;
  /** Manifest file name inside /etc/kubernetes/manifests. */
  manifest: string;
  image: string | null;
  /** The binary that runs the image. */
  command: string | null;
  state: StaticPodState;
  pid: number | null;
  /** Restarts since the manifest was (re)loaded. */
  restarts: number;
  /** The last probe passed (or, without probes, the process runs). */
  ready: boolean;
  startedAt: string | null;
  lastExit: { code: number | null; signal: string | null; at: string; reason: string | null } | null;
  nextRestartAt: string | null;
  /** Why the pod cannot run (state `failed`). */
  error: string | null;
  /** The pod's log file (stdout and stderr, appended). */
  log: string;
}
