/** Collects items for a short window and hands them to `flush` together. */
export interface Batcher<T> {
  /** Adds `item` to the next batch; settles as that batch's flush does. */
  add(item: T): Promise<void>;
}

export interface BatchOptions {
  /** Most items in one batch (the API's limit on ids per call). */
  max: number;
  /** How long the first item of a batch waits for others. */
  windowMs: number;
}

/**
 * Turns many calls made at about the same time into one: AWS counts requests, not ids,
 * against an account's rate limits, and a `TerminateInstances` of 300 ids costs one
 * request where 300 single ones would empty the mutating-actions bucket.
 */
export function batcher<T>(flush: (items: T[]) => Promise<void>, options: BatchOptions): Batcher<T> {
  let pending: { item: T; resolve: () => void; reject: (e: unknown) => void }[] = [];
  let timer: NodeJS.Timeout | undefined;
  const send = () => {
    clearTimeout(timer);
    timer = undefined;
    const batch = pending;
    pending = [];
    flush(batch.map((p) => p.item)).then(
      () => batch.forEach((p) => p.resolve()),
      (error: unknown) => batch.forEach((p) => p.reject(error)),
    );
  };
  return {
    add: (item) =>
      new Promise<void>((resolve, reject) => {
        pending.push({ item, resolve, reject });
        if (pending.length >= options.max) send();
        else timer ??= setTimeout(send, options.windowMs);
      }),
  };
}
