import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Page, Response } from '@playwright/test';

/** One event the page's EventSources dispatched: its type, data and when the page got it (ms since the epoch). */
export interface ReceivedEvent {
  type: string;
  data: string;
  lastEventId: string;
  receivedAt: number;
}

declare global {
  interface Window {
    __receivedEvents?: ReceivedEvent[];
  }
}

/**
 * Records every event any EventSource of the page dispatches to a listener, with the time the
 * page received it (`performance.timeOrigin + performance.now()`), in `window.__receivedEvents`.
 * Installed before the page's own scripts run, on every navigation.
 */
export async function recordEventSources(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const seen = new WeakSet<Event>();
    window.__receivedEvents = [];
    const original = EventSource.prototype.addEventListener;
    EventSource.prototype.addEventListener = function (this: EventSource, type: string, listener: unknown, options?: unknown) {
      original.call(this, type, (event: Event) => {
        if (seen.has(event) || !(event instanceof MessageEvent)) return;
        seen.add(event);
        window.__receivedEvents?.push({
          type,
          data: String(event.data),
          lastEventId: event.lastEventId,
          receivedAt: performance.timeOrigin + performance.now(),
        });
      });
      original.call(this, type, listener as EventListener, options as AddEventListenerOptions);
    };
  });
}

/** The events the page recorded since it loaded. */
export function receivedEvents(page: Page): Promise<ReceivedEvent[]> {
  return page.evaluate(() => window.__receivedEvents ?? []);
}

/** Every answer the browser receives, its body as text once it is complete (an event stream once it ends). */
export interface ResponseRecorder {
  bodies: { url: string; status: number; text: string }[];
  /** Waits (at most `timeoutMs`) for the bodies still being read: open streams end when their page closes. */
  settle(timeoutMs: number): Promise<void>;
}

export function recordResponses(page: Page): ResponseRecorder {
  const bodies: ResponseRecorder['bodies'] = [];
  const pending = new Set<Promise<void>>();
  page.on('response', (res: Response) => {
    const read = res
      .body()
      .then((body) => {
        bodies.push({ url: res.url(), status: res.status(), text: body.toString('latin1') });
      })
      // Redirects and aborted streams have no body to read.
      .catch(() => undefined)
      .finally(() => pending.delete(read));
    pending.add(read);
  });
  return {
    bodies,
    async settle(timeoutMs) {
      await Promise.race([Promise.allSettled([...pending]), new Promise((r) => setTimeout(r, timeoutMs))]);
    },
  };
}

/** Every file under each of `paths` (a file stands for itself), recursively. */
export function filesUnder(...paths: string[]): string[] {
  return paths.flatMap((path) => {
    if (!existsSync(path)) return [];
    if (statSync(path).isFile()) return [path];
    return readdirSync(path, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name));
  });
}

/** The files whose bytes hold `needle`. */
export function filesHolding(files: string[], needle: string): string[] {
  const bytes = Buffer.from(needle);
  return files.filter((f) => existsSync(f) && readFileSync(f).includes(bytes));
}

/**
 * Everything the page's origin keeps in the browser, as one text: localStorage,
 * sessionStorage, every IndexedDB database's object stores with their records, the Cache
 * Storage entries' URLs, and the context's cookies.
 */
export async function browserStorage(page: Page): Promise<string> {
  const stored = await page.evaluate(async () => {
    const all = (s: Storage) => Object.fromEntries(Array.from({ length: s.length }, (_, i) => s.key(i) ?? '').map((k) => [k, s.getItem(k)]));
    const databases: Record<string, Record<string, unknown[]>> = {};
    for (const info of await indexedDB.databases()) {
      if (!info.name) continue;
      const db = await new Promise<IDBDatabase>((done, fail) => {
        const open = indexedDB.open(info.name ?? '');
        open.onsuccess = () => done(open.result);
        open.onerror = () => fail(open.error ?? new Error(`opening IndexedDB ${info.name}`));
      });
      const stores: Record<string, unknown[]> = {};
      for (const name of Array.from(db.objectStoreNames)) {
        stores[name] = await new Promise<unknown[]>((done, fail) => {
          const req = db.transaction(name, 'readonly').objectStore(name).getAll();
          req.onsuccess = () => done(req.result);
          req.onerror = () => fail(req.error ?? new Error(`reading ${name}`));
        });
      }
      db.close();
      databases[info.name] = stores;
    }
    const caches: Record<string, string[]> = {};
    if ('caches' in window) {
      for (const name of await window.caches.keys()) caches[name] = (await (await window.caches.open(name)).keys()).map((r) => r.url);
    }
    return { localStorage: all(localStorage), sessionStorage: all(sessionStorage), indexedDB: databases, caches };
  });
  const cookies = await page.context().cookies();
  return JSON.stringify({ ...stored, cookies });
}
