import type { KubernetesObject } from '@kubernetes/client-node';
import type { WatchEvent } from '@strata/k8s';
import type { RowBase, WatchMessage } from '../lib/rows';

/** An informer event as @strata/k8s `watchResource` delivers it. */
export type InformerEvent = WatchEvent;

/**
 * The current rows of one watched collection, kept from informer events. Every event is
 * turned into the message browsers receive; a RESYNC (after a relist) replaces the whole
 * collection, so browsers drop rows that vanished while the watch was broken.
 */
export class FeedState {
  readonly rows = new Map<string, RowBase>();
  #synced = false;

  constructor(private readonly project: (object: KubernetesObject) => RowBase) {}

  /** Whether a complete list has been seen. */
  get synced(): boolean {
    return this.#synced;
  }

  /** Applies an informer event and returns the message for subscribers. */
  apply(event: InformerEvent): WatchMessage {
    if (event.type === 'RESYNC') {
      this.rows.clear();
      for (const object of event.items) {
        const row = this.project(object);
        this.rows.set(row.uid, row);
      }
      this.#synced = true;
      return this.snapshot();
    }
    const row = this.project(event.object);
    if (event.type === 'DELETED') {
      this.rows.delete(row.uid);
      return { type: 'DELETED', row };
    }
    this.rows.set(row.uid, row);
    return { type: event.type, row };
  }

  /** The whole collection as one RESYNC message. */
  snapshot(): WatchMessage {
    return { type: 'RESYNC', rows: [...this.rows.values()] };
  }
}
