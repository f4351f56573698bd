import type { RowBase, WatchMessage } from './rows';

/**
 * The rows of a live table in the browser: pages fetched through the list API merged
 * with messages from the watch stream. Rules that keep them correct whatever arrives
 * first:
 *  - a RESYNC is a complete, newer snapshot: it replaces everything, and pages still
 *    arriving afterwards are ignored;
 *  - a row the stream added, changed or deleted is never overwritten by a page, which
 *    may have been read before that change.
 */
export class LiveRows<R extends RowBase> {
  readonly #rows = new Map<string, R>();
  readonly #fromStream = new Set<string>();
  #resynced = false;
  #pagesDone = false;

  /** Adds one page from the list API. */
  addPage(items: readonly R[]): void {
    if (this.#resynced) return;
    for (const row of items) {
      if (!this.#fromStream.has(row.uid)) this.#rows.set(row.uid, row);
    }
  }

  /** Applies one stream message; returns whether the rows changed. */
  apply(message: WatchMessage<R>): boolean {
    switch (message.type) {
      case 'RESYNC':
        this.#rows.clear();
        this.#fromStream.clear();
        for (const row of message.rows) this.#rows.set(row.uid, row);
        this.#resynced = true;
        return true;
      case 'ADDED':
      case 'MODIFIED':
        this.#remember(message.row.uid);
        this.#rows.set(message.row.uid, message.row);
        return true;
      case 'DELETED':
        this.#remember(message.row.uid);
        return this.#rows.delete(message.row.uid);
      default:
        return false;
    }
  }

  /**
   * The list API has delivered its last page: no page can overwrite a streamed change any
   * more, so the record of streamed rows is dropped (it would otherwise grow with every
   * pod that ever came and went).
   */
  pagesDone(): void {
    this.#pagesDone = true;
    this.#fromStream.clear();
  }

  /** Records a streamed change while pages may still arrive; afterwards nothing needs it. */
  #remember(uid: string): void {
    if (!this.#pagesDone && !this.#resynced) this.#fromStream.add(uid);
  }

  /** How many streamed row ids are held to protect them from older pages. */
  get protectedIds(): number {
    return this.#fromStream.size;
  }

  /** Whether a complete snapshot came through the stream. */
  get resynced(): boolean {
    return this.#resynced;
  }

  get size(): number {
    return this.#rows.size;
  }

  /** The rows now, in insertion order. */
  values(): R[] {
    return [...this.#rows.values()];
  }
}
