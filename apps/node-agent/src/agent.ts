import { release } from 'node:os';
import { resolve } from 'node:path';
import type { NodeAgentConfig } from '@strata/bootstrap';
import { withContext } from '@strata/errors';
import { silentLogger, type Logger } from '@strata/log';
import { loadNodeAgentConfig } from './config/load-config';
import { startHealthz, type HealthzServer } from './health/healthz-server';
import { agentRestartsFromEnv } from './machine/machine-supervisor';
import { machineIdentity } from './node/machine-identity';
import { machineSize, type MachineType } from './node/machine-size';
import { goArch, type NodeFacts, type NodeHealth } from './node/node-object';
import type { NodeRegistrar } from './node/node-registrar';
import { pendingRegistration } from './node/registration-status';
import type { RestartBackoff } from './static-pods/restart-backoff';
import { StaticPodSupervisor } from './static-pods/supervisor';
import type { NodeAgentStatus } from './status/agent-status';
import { claimPidFile, pidFilePath, releasePidFile, statusFilePath, writeFileAtomic } from './status/run-files';
import { readBootRecord } from './os/boot';
import { bootedOs } from './os/booted-os';
import { loadTrustedKeys, loadUpdateEngineSettings } from './update/settings';
import { UpdateEngine } from './update/update-engine';

/** The kubelet's healthz port. */
export const HEALTHZ_PORT = 10248;

/** Options of {@link startNodeAgent}; only `root` is required. */
export interface NodeAgentOptions {
  /** The machine root Ignition wrote into. */
  root: string;
  /**
   * API server URL for registration and heartbeats. Default: a control-plane machine
   * talks to its own apiserver (`https://<address>:<api port>`), a worker to the
   * configured `apiServerUrl` (the cluster's API endpoint).
   */
  apiServer?: string;
  log?: Logger;
  /** Port of the health endpoint on the machine address; 0 picks a free port, null disables it. */
  healthzPort?: number | null;
  /** The machine's size class; default `medium` for control-plane machines and `small` for workers, as in the Cluster document. */
  machineType?: MachineType;
  /** How often the manifest directory is read again (default 2 s). */
  manifestPollMs?: number;
  /** Restart backoff of crashed static pods. */
  backoff?: RestartBackoff;
  /** SIGTERM → SIGKILL grace period when stopping static pods (default 10 s). */
  stopGraceMs?: number;
  /** How often the status file is rewritten when nothing changes (default 5 s). */
  statusIntervalMs?: number;
  /** Run the update engine on a machine booted from `/usr` slots (default true). */
  updateEngine?: boolean;
}

/** A running node agent. */
export interface RunningNodeAgent {
  config: NodeAgentConfig;
  /** The current status (what the status file holds). */
  status(): NodeAgentStatus;
  /**
   * Stops cleanly: heartbeats end and the Node is reported Ready=False (NodeAgentStopped),
   * then the static pods stop (etcd last), the health endpoint closes and the pid file
   * goes. Safe to call more than once.
   */
  stop(): Promise<void>;
}

/** The API server a machine's agent talks to by default (see {@link NodeAgentOptions.apiServer}). */
export function defaultApiServer(config: NodeAgentConfig): string {
  if (config.role !== 'control-plane') return config.apiServerUrl;
  const endpoint = new URL(config.apiServerUrl);
  const host = config.address.includes(':') ? `[${config.address}]` : config.address;
  return `https://${host}:${endpoint.port || '443'}`;
}

function staticPodHealth(pods: NodeAgentStatus['staticPods']): NodeHealth['staticPods'] {
  if (pods.length === 0) return undefined;
  const bad = pods.filter((p) => p.state !== 'running' && p.state !== 'starting');
  if (bad.length === 0) return { healthy: true, message: `${pods.length} static pods running: ${pods.map((p) => p.name).join(', ')}` };
  return {
    healthy: false,
    message: bad.map((p) => `${p.name}: ${p.state === 'failed' ? (p.error ?? 'cannot run') : `${p.state} after ${p.restarts} restarts`}`).join('; '),
  };
}

/**
 * Starts the node agent of the machine at `options.root`: reads and validates its
 * configuration, runs its static pods, registers its Node and keeps it alive, writes
 * the pid and status files and serves the health endpoint.
 * @throws NotFoundError or InputError for a missing or invalid configuration;
 *   ConflictError when another agent runs for the same root.
 */
export async function startNodeAgent(options: NodeAgentOptions): Promise<RunningNodeAgent> {
  const root = resolve(options.root);
  const log = options.log ?? silentLogger;
  // The OS the machine runs is the booted slot's (`/usr/lib/os-release`), not what Ignition wrote.
  const config = bootedOs(loadNodeAgentConfig(root), root);
  const server = options.apiServer ?? defaultApiServer(config);
  const pidFile = pidFilePath(root);
  claimPidFile(pidFile, `the node agent of ${config.machine}`);

  const facts: NodeFacts = {
    identity: machineIdentity(root, config.cluster, config.machine),
    size: machineSize(options.machineType ?? (config.role === 'control-plane' ? 'medium' : 'small'), root),
    kernelVersion: release(),
    architecture: goArch(),
  };
  const startedAt = new Date().toISOString();
  const agentRestarts = agentRestartsFromEnv();
  let state: NodeAgentStatus['state'] = 'running';
  let healthz: HealthzServer | undefined;
  let writeTimer: NodeJS.Timeout | undefined;
  let interval: NodeJS.Timeout | undefined;

  const supervisor = new StaticPodSupervisor({
    root,
    log,
    onChange: () => scheduleWrite(),
    ...(options.backoff ? { backoff: options.backoff } : {}),
    ...(options.stopGraceMs !== undefined ? { stopGraceMs: options.stopGraceMs } : {}),
    ...(options.manifestPollMs !== undefined ? { pollMs: options.manifestPollMs } : {}),
  });
  // Created once the static pods run (see below); until then registration is pending.
  let registrar: NodeRegistrar | undefined;
  let engine: UpdateEngine | undefined;
  const pending = pendingRegistration(config, facts, server);

  const status = (): NodeAgentStatus => {
    const staticPods = supervisor.status();
    const registration = registrar?.status() ?? pending;
    const podsHealthy = staticPods.every((p) => p.state === 'running' || p.state === 'starting');
    return {
      version: 1,
      cluster: config.cluster,
      machine: config.machine,
      role: config.role,
      address: config.address,
      pid: process.pid,
      state,
      startedAt,
      updatedAt: new Date().toISOString(),
      healthz: healthz?.url ?? null,
      healthy: state === 'running' && registration.state === 'registered' && podsHealthy,
      registration,
      staticPods,
    };
  };
  const writeNow = () => {
    writeTimer = undefined;
    try {
      writeFileAtomic(statusFilePath(root), `${JSON.stringify(status(), null, 2)}\n`);
    } catch (error) {
      log.error({ err: error }, 'writing the status file failed');
    }
  };
  // Changes come in bursts (a pod exits, its restart is scheduled): write once per burst.
  function scheduleWrite() {
    writeTimer ??= setTimeout(writeNow, 50);
  }

  log.info({ machine: config.machine, role: config.role, address: config.address, root, server }, 'node agent starting');
  try {
    writeNow();
    await supervisor.start();
    // The Kubernetes client is loaded only now, so a control-plane machine's etcd and
    // apiserver start without waiting for the largest part of the agent to load.
    const [{ kubeClients }, { NodeRegistrar }] = await Promise.all([import('./node/kube-clients'), import('./node/node-registrar')]);
    registrar = new NodeRegistrar({
      config,
      facts,
      clients: kubeClients(root, config.kubeconfig, { server }),
      log,
      health: () => ({ staticPods: staticPodHealth(supervisor.status()), ...(agentRestarts ? { agentRestarts } : {}) }),
      onChange: () => scheduleWrite(),
    });
    if (options.healthzPort !== null) {
      healthz = await startHealthz(config.address, options.healthzPort ?? HEALTHZ_PORT, () => {
        const s = status();
        return {
          healthy: s.healthy,
          body: {
            machine: s.machine,
            registration: s.registration.state,
            staticPods: Object.fromEntries(s.staticPods.map((p) => [p.name, p.state])),
          },
        };
      }).catch((error: unknown) => {
        throw withContext(error, `serving healthz on ${config.address}:${options.healthzPort ?? HEALTHZ_PORT}`);
      });
    }
    registrar.start();
    const boot = readBootRecord(root);
    if (boot && options.updateEngine !== false) {
      engine = new UpdateEngine({
        root,
        boot,
        settings: loadUpdateEngineSettings(root),
        trustedKeys: loadTrustedKeys(root),
        machineId: facts.identity.machineID,
        log: log.child({ component: 'update-engine' }),
        health: () => {
          const s = status();
          return {
            registered: s.registration.state === 'registered',
            nodeReady: s.registration.ready,
            staticPodsHealthy: s.staticPods.every((p) => p.state === 'running' && p.ready),
          };
        },
      });
      engine.start();
    }
    interval = setInterval(writeNow, options.statusIntervalMs ?? 5_000);
    writeNow();
  } catch (error) {
    await supervisor.stop();
    await healthz?.close();
    releasePidFile(pidFile);
    throw error;
  }

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      log.info({ machine: config.machine }, 'node agent stopping');
      state = 'stopping';
      // Pods that exit from now on stay down (the whole machine may be receiving signals).
      supervisor.hold();
      writeNow();
      await engine?.stop();
      await registrar?.stop();
      await supervisor.stop();
      await healthz?.close();
      clearInterval(interval);
      if (writeTimer) clearTimeout(writeTimer);
      state = 'stopped';
      writeNow();
      releasePidFile(pidFile);
      log.info({ machine: config.machine }, 'node agent stopped');
    })();
    return stopping;
  };
  return { config, status, stop };
}
