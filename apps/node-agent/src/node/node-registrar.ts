import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { setHeaderOptions, PatchStrategy, V1MicroTime, type V1Lease, type V1Node } from '@kubernetes/client-node';
import { backoffDelay } from '@strata/backoff';
import type { NodeAgentConfig } from '@strata/bootstrap';
import type { Logger } from '@strata/log';
import { describeApiError, statusCodeOf } from './api-errors';
import type { KubeClients } from './kube-clients';
import { newNode, nodeStatus, selfLabels, type NodeFacts, type NodeHealth } from './node-object';
import { pendingRegistration, type RegistrationStatus } from './registration-status';

/** The namespace of node heartbeat Leases. */
export const NODE_LEASE_NAMESPACE = 'kube-node-lease';

/** The kubelet's default lease duration. */
export const LEASE_DURATION_SECONDS = 40;

export type { RegistrationStatus } from './registration-status';

/** What a {@link NodeRegistrar} needs. */
export interface RegistrarOptions {
  config: NodeAgentConfig;
  facts: NodeFacts;
  clients: KubeClients;
  log: Logger;
  /** Current health, read before every status update. */
  health: () => Omit<NodeHealth, 'ready'>;
  onChange?: () => void;
  /**
   * Registration retry delays (`backoffDelay` of `@strata/backoff`): from at most `initialMs`,
   * doubling, at most `maxMs`; at most `startingMaxMs` while the API is not up yet
   * (unreachable, 5xx or 429).
   */
  retry?: { initialMs: number; maxMs: number; startingMaxMs?: number };
}

const DEFAULT_RETRY = { initialMs: 250, maxMs: 10_000, startingMaxMs: 1_000 };

class NodeGoneError extends Error {}

/** Resolves with `promise`, or rejects once `ms` pass. */
async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  const expired = once(AbortSignal.timeout(ms), 'abort').then(() => {
    throw new Error(`${what}: no answer within ${ms} ms`);
  });
  return Promise.race([promise, expired]);
}

/**
 * Registers the machine's Node with the node's own credentials and keeps it alive: the
 * Node status every `statusUpdateSeconds` and the Lease `kube-node-lease/<name>` every
 * `leaseRenewSeconds`, the two signals the node-lifecycle controller watches. API errors
 * never end the agent: registration is retried with backoff (a control-plane machine
 * waits for its own apiserver this way), failed heartbeats are retried on the next tick,
 * a conflict on a status update re-reads the Node, and a deleted Node is registered again.
 */
export class NodeRegistrar {
  private readonly abort = new AbortController();
  private readonly state: RegistrationStatus;
  private node: V1Node | undefined;
  private lease: V1Lease | undefined;
  private statusChain: Promise<unknown> = Promise.resolve();
  private running: Promise<void> = Promise.resolve();
  private readonly name: string;

  constructor(private readonly options: RegistrarOptions) {
    this.name = options.config.machine;
    this.state = pendingRegistration(options.config, options.facts, options.clients.server);
  }

  status(): RegistrationStatus {
    return { ...this.state, skippedLabels: [...this.state.skippedLabels] };
  }

  /** Starts registering and, once registered, the heartbeats. Returns at once. */
  start(): void {
    if (this.state.skippedLabels.length > 0) {
      this.options.log.info({ labels: this.state.skippedLabels }, 'labels left to an administrator (NodeRestriction forbids a node to set them)');
    }
    this.running = this.run();
  }

  private changed(): void {
    this.options.onChange?.();
  }

  private failed(what: string, error: unknown): void {
    const message = `${what}: ${describeApiError(error)}`;
    // The error itself only the first time; repeats of the same failure are a debug line.
    if (message !== this.state.lastError) this.options.log.warn({ node: this.name, server: this.options.clients.server, err: error }, message);
    else this.options.log.debug({ node: this.name }, message);
    this.state.lastError = message;
    this.changed();
  }

  private async run(): Promise<void> {
    await this.registerUntilDone();
    const { statusUpdateSeconds, leaseRenewSeconds } = this.options.config;
    await Promise.all([
      this.every(statusUpdateSeconds * 1000, 'updating node status', () => this.postStatus(true)),
      this.every(leaseRenewSeconds * 1000, 'renewing node lease', () => this.renewLease()),
    ]);
  }

  private async every(periodMs: number, what: string, fn: () => Promise<void>): Promise<void> {
    const signal = this.abort.signal;
    while (!signal.aborted) {
      // Rejects only when `signal` aborts, checked next.
      await sleep(periodMs, undefined, { signal }).catch(() => undefined);
      if (signal.aborted) return;
      try {
        await fn();
      } catch (error) {
        if (error instanceof NodeGoneError) {
          this.options.log.warn({ node: this.name }, 'the Node was deleted; registering again');
          this.state.state = 'pending';
          this.node = undefined;
          this.lease = undefined;
          this.changed();
          await this.registerUntilDone();
        } else {
          this.failed(what, error);
        }
      }
    }
  }

  private async registerUntilDone(): Promise<void> {
    const retry = { ...DEFAULT_RETRY, ...this.options.retry };
    const signal = this.abort.signal;
    for (let attempt = 0; !signal.aborted; attempt++) {
      try {
        await this.register();
        return;
      } catch (error) {
        this.failed('registering the node', error);
        // An API that is still starting (nothing listening, or not serving yet) is worth
        // trying again soon: the node is Ready as soon as it answers. Refusals back off further.
        const status = statusCodeOf(error);
        const starting = status === undefined || status >= 500 || status === 429;
        const cap = starting ? Math.min(retry.maxMs, retry.startingMaxMs ?? retry.maxMs) : retry.maxMs;
        await sleep(backoffDelay(attempt, { initialMs: retry.initialMs, maxMs: cap }), undefined, { signal }).catch(() => undefined);
      }
    }
  }

  private async register(): Promise<void> {
    const { core } = this.options.clients;
    const { config, facts } = this.options;
    let adopted = false;
    try {
      this.node = await core.createNode({ body: newNode(config, facts) });
      this.options.log.info({ node: this.name, server: this.options.clients.server }, 'node registered');
    } catch (error) {
      if (statusCodeOf(error) !== 409) throw error;
      // Registered before (an earlier run of this agent): adopt it and bring its own labels up to date.
      this.node = await core.readNode({ name: this.name });
      await this.reconcileLabels();
      this.options.log.info({ node: this.name }, 'node already registered; adopting it');
      adopted = true;
    }
    await this.postStatus(true);
    if (adopted) await this.reportPodsReadyAgain();
    this.state.state = 'registered';
    this.state.registeredAt ??= new Date().toISOString();
    this.changed();
    try {
      await this.renewLease();
    } catch (error) {
      // The lease namespace appears shortly after a new apiserver starts; the lease loop retries.
      this.failed('renewing node lease', error);
    }
  }

  /**
   * After the agent was down, the node lifecycle controller marked this node's pods not ready.
   * Their containers kept running (on a local machine, pods are simulated and never stop with
   * the agent), so, as a kubelet does when it comes back and finds its containers alive, the
   * agent reports them ready again. Best effort: a pod that fails is left to its controller.
   */
  private async reportPodsReadyAgain(): Promise<void> {
    const { core } = this.options.clients;
    try {
      const pods = await core.listPodForAllNamespaces({ fieldSelector: `spec.nodeName=${this.name}` });
      const stale = pods.items
        .flatMap((p) => (p.metadata?.name && p.metadata.namespace ? [{ ...p, name: p.metadata.name, namespace: p.metadata.namespace }] : []))
        .filter(
          (p) =>
            p.status?.phase === 'Running' &&
            !p.metadata?.deletionTimestamp &&
            p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'False') &&
            (p.status.containerStatuses ?? []).every((c) => c.state?.running),
        );
      const now = new Date();
      await Promise.all(
        stale.map((p) =>
          core.patchNamespacedPodStatus(
            {
              name: p.name,
              namespace: p.namespace,
              body: { status: { conditions: ['Ready', 'ContainersReady'].map((type) => ({ type, status: 'True', lastTransitionTime: now })) } },
            },
            setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
          ),
        ),
      );
      if (stale.length > 0) this.options.log.info({ node: this.name, pods: stale.length }, 'pods reported ready again');
    } catch (error) {
      this.failed('reporting pods ready again', error);
    }
  }

  private async reconcileLabels(): Promise<void> {
    const wanted = selfLabels(this.options.config, this.options.facts).labels;
    const current = this.node?.metadata?.labels ?? {};
    const changes = Object.fromEntries(Object.entries(wanted).filter(([k, v]) => current[k] !== v));
    if (Object.keys(changes).length === 0) return;
    this.node = await this.options.clients.core.patchNode(
      { name: this.name, body: { metadata: { labels: changes } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
  }

  /** Posts the Node status (serialized: the heartbeat loop and a stop never race). */
  private postStatus(ready: boolean): Promise<void> {
    const next = this.statusChain.then(() => this.replaceStatus(ready));
    this.statusChain = next.catch(() => undefined);
    return next;
  }

  private async replaceStatus(ready: boolean): Promise<void> {
    const { core } = this.options.clients;
    const health: NodeHealth = { ...this.options.health(), ready };
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        // Read first, as the kubelet does: the body must carry the current spec, or NodeRestriction
        // sees a stale copy of the taints the controller manager manages as a forbidden change.
        const node = await core.readNode({ name: this.name });
        const body: V1Node = { ...node, status: nodeStatus(this.options.config, this.options.facts, health, new Date(), node.status) };
        this.node = await core.replaceNodeStatus({ name: this.name, body });
        this.state.ready = ready;
        this.state.lastStatusUpdate = new Date().toISOString();
        this.state.lastError = null;
        this.changed();
        return;
      } catch (error) {
        const code = statusCodeOf(error);
        if (code === 404) throw new NodeGoneError(`node ${this.name} not found`);
        // Someone else changed the Node between read and write (controller manager, an administrator): read it again.
        // A taint added in that window makes NodeRestriction answer 403 before the 409 check: the same race.
        if (code === 409 || (code === 403 && /modify taints/.test(describeApiError(error)))) continue;
        throw error;
      }
    }
    throw new Error(`node ${this.name}: status update conflicted 3 times in a row`);
  }

  private leaseBody(): V1Lease {
    const uid = this.node?.metadata?.uid;
    return {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: {
        name: this.name,
        namespace: NODE_LEASE_NAMESPACE,
        // Owned by the Node, like the kubelet's lease: deleting the Node deletes its lease.
        ...(uid ? { ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: this.name, uid }] } : {}),
      },
      spec: { holderIdentity: this.name, leaseDurationSeconds: LEASE_DURATION_SECONDS, renewTime: new V1MicroTime() },
    };
  }

  private async renewLease(): Promise<void> {
    const { coordination } = this.options.clients;
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        if (!this.lease) {
          try {
            this.lease = await coordination.readNamespacedLease({ name: this.name, namespace: NODE_LEASE_NAMESPACE });
          } catch (error) {
            if (statusCodeOf(error) !== 404) throw error;
            this.lease = await coordination.createNamespacedLease({ namespace: NODE_LEASE_NAMESPACE, body: this.leaseBody() });
            this.leaseRenewed();
            return;
          }
        }
        const fresh = this.leaseBody();
        const body: V1Lease = { ...this.lease, spec: fresh.spec };
        this.lease = await coordination.replaceNamespacedLease({ name: this.name, namespace: NODE_LEASE_NAMESPACE, body });
        this.leaseRenewed();
        return;
      } catch (error) {
        const code = statusCodeOf(error);
        if (code === 409 || code === 404) {
          this.lease = undefined;
          continue;
        }
        throw error;
      }
    }
    throw new Error(`lease ${NODE_LEASE_NAMESPACE}/${this.name}: renewal conflicted 3 times in a row`);
  }

  private leaseRenewed(): void {
    this.state.lastLeaseRenewal = new Date().toISOString();
    this.changed();
  }

  /**
   * Stops the heartbeats and, when registered, reports the truth before the agent exits:
   * Ready=False with reason NodeAgentStopped. Waits at most `timeoutMs` for a call in
   * flight and as long again for the update (the API may already be gone).
   */
  async stop(timeoutMs = 3_000): Promise<void> {
    this.abort.abort();
    // Let an API call in flight finish first, so that nothing posts Ready=True after Ready=False.
    await withTimeout(this.running, timeoutMs, 'stopping the heartbeats').catch(() => undefined);
    if (this.state.state === 'registered') {
      try {
        await withTimeout(this.postStatus(false), timeoutMs, 'reporting Ready=False');
        this.options.log.info({ node: this.name }, 'node reported not ready (agent stopped)');
      } catch (error) {
        this.options.log.warn({ node: this.name, err: error }, `could not report the node as stopped: ${describeApiError(error)}`);
      }
    }
    this.state.state = 'stopped';
    this.changed();
  }
}
