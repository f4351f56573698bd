import type { KubernetesObject } from '@kubernetes/client-node';
import type { WatchEvent, WatchStatus } from '../watch/watch-resource';

/** Records what an informer delivers, for assertions. */
export class EventLog<T extends KubernetesObject = KubernetesObject> {
  readonly events: WatchEvent<T>[] = [];
  readonly statuses: { status: WatchStatus; error?: Error }[] = [];
  readonly versions: string[] = [];

  readonly onEvent = (event: WatchEvent<T>) => {
    this.events.push(event);
  };
  readonly onStatus = (status: WatchStatus, error?: Error) => {
    this.statuses.push(error ? { status, error } : { status });
  };
  readonly onResourceVersion = (version: string) => {
    this.versions.push(version);
  };

  /** Changes (not RESYNC) of the object called `name`, as `TYPE` strings in order. */
  changesOf(name: string): string[] {
    return this.events.flatMap((e) => (e.type !== 'RESYNC' && e.object.metadata?.name === name ? [e.type] : []));
  }

  resyncs(): Extract<WatchEvent<T>, { type: 'RESYNC' }>[] {
    return this.events.filter((e): e is Extract<WatchEvent<T>, { type: 'RESYNC' }> => e.type === 'RESYNC');
  }

  count(status: WatchStatus): number {
    return this.statuses.filter((s) => s.status === status).length;
  }
}
