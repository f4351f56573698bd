import { machinesOf, type Cluster } from '@strata/cluster-config';
import type { Driver, DriverContext, MachineInfo } from '@strata/driver-api';
import type { InstallMachineView } from '@strata/install-contract';

const POLL_MS = 2_000;

/**
 * Polls the driver's `listMachines` while an install runs and writes a `machine` event for
 * each machine whose state, addresses or reason changed since the last look.
 */
export class MachineWatch {
  private readonly seen = new Map<string, InstallMachineView>();
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;

  constructor(
    private readonly driver: Driver,
    private readonly cluster: Cluster,
    private readonly context: () => DriverContext | undefined,
    private readonly write: (machine: InstallMachineView) => void,
    known: readonly InstallMachineView[] = [],
  ) {
    for (const m of known) this.seen.set(m.name, m);
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.poll(), POLL_MS);
    void this.poll();
  }

  /** Stops polling after one last look. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.polling;
    await this.poll();
  }

  poll(): Promise<void> {
    this.polling ??= this.look().finally(() => (this.polling = undefined));
    return this.polling;
  }

  private async look(): Promise<void> {
    const ctx = this.context();
    if (!ctx) return;
    let machines: MachineInfo[];
    try {
      machines = await this.driver.listMachines(ctx);
    } catch {
      return; // the next look tries again; a provider hiccup is not an install failure
    }
    const pools = new Map(machinesOf(this.cluster).map((m) => [m.name, m.pool]));
    for (const m of machines) {
      const previous = this.seen.get(m.name);
      const addresses = m.addresses.filter((a) => a.type !== 'Hostname').map((a) => a.address);
      const changed = !previous || previous.state !== m.state || previous.addresses.join() !== addresses.join() || previous.reason !== m.detail;
      if (!changed) continue;
      const view: InstallMachineView = {
        name: m.name,
        role: m.role,
        pool: pools.get(m.name) ?? (m.role === 'control-plane' ? 'control-plane' : ''),
        state: m.state,
        addresses,
        since: previous && previous.state === m.state ? previous.since : new Date().toISOString(),
        ...(m.detail ? { reason: m.detail } : {}),
      };
      this.seen.set(m.name, view);
      this.write(view);
    }
  }
}
