import type { InstallPhaseView, InstallSnapshot } from '@strata/install-contract';
import type { NewInstallEvent } from '../store/installs-repo';
import type { Store } from '../store/store';

/**
 * Writes one install's events in the order they happen. The engine reports through plain
 * callbacks; each report is queued here and committed one after another, so the history keeps
 * the order of the reports and no report is lost while an earlier one is being written.
 */
export class EventWriter {
  private chain: Promise<unknown> = Promise.resolve();
  private failure: unknown;
  private readonly phases = new Map<string, InstallPhaseView>();

  constructor(
    private readonly store: Store,
    readonly installId: string,
    private readonly scrub: (text: string) => string,
    snapshot: InstallSnapshot,
  ) {
    for (const p of snapshot.phases) this.phases.set(p.id, p);
  }

  /** Queues events; their text fields are scrubbed of secrets first. */
  write(...events: NewInstallEvent[]): void {
    const clean = events.map((e) => this.clean(e));
    this.chain = this.chain.then(async () => {
      try {
        await this.store.append(this.installId, clean);
      } catch (error) {
        this.failure ??= error;
      }
    });
  }

  /** Updates a phase (merging into what is known of it) and writes it. */
  phase(id: string, change: Partial<InstallPhaseView> & { title?: string }): InstallPhaseView {
    const previous = this.phases.get(id);
    const next: InstallPhaseView = { ...(previous ?? { id, title: change.title ?? id, state: 'pending' }), ...change, id };
    for (const key of Object.keys(next) as (keyof InstallPhaseView)[]) if (next[key] === undefined) delete next[key];
    this.phases.set(id, next);
    this.write({ type: 'phase', phase: next });
    return next;
  }

  known(id: string): InstallPhaseView | undefined {
    return this.phases.get(id);
  }

  /** Resolves once everything queued is committed; throws the first write failure. */
  async flush(): Promise<void> {
    await this.chain;
    if (this.failure) throw this.failure;
  }

  private clean(e: NewInstallEvent): NewInstallEvent {
    switch (e.type) {
      case 'log':
        return { ...e, message: this.scrub(e.message) };
      case 'state':
        return e.error
          ? { ...e, error: { message: this.scrub(e.error.message), problems: e.error.problems.map((p) => ({ path: p.path, message: this.scrub(p.message) })) } }
          : e;
      case 'phase': {
        const phase = { ...e.phase };
        if (phase.message) phase.message = this.scrub(phase.message);
        if (phase.summary) phase.summary = this.scrub(phase.summary);
        if (phase.waitingFor) phase.waitingFor = this.scrub(phase.waitingFor);
        return { ...e, phase };
      }
      case 'machine':
        return e.machine.reason ? { ...e, machine: { ...e.machine, reason: this.scrub(e.machine.reason) } } : e;
      default:
        return e;
    }
  }
}
