import { kubernetesIdentity, type User, userConnection, explainRoleDenial } from '@strata/console-server';
import { resourceByKey, watchResource } from '@strata/k8s';
import type { WatchMessage } from '../lib/rows';
import { FeedState, type InformerEvent } from './feed-state';
import { projectRow } from './rows/project';
import type { ConsoleStore } from './runtime';
import { consoleLog } from './log';

type Listener = (message: WatchMessage) => void;

/** Who a feed watches for: the signed-in user, whose role decides what the cluster shows. */
type Watcher = Pick<User, 'username' | 'role'>;

interface Feed {
  state: FeedState;
  listeners: Set<Listener>;
  abort: AbortController;
  lastStatus?: WatchMessage;
  idleTimer?: ReturnType<typeof setTimeout>;
}

/** How long a feed nobody listens to keeps watching, so a page reload finds it warm. */
const IDLE_MS = 30_000;

const KEY = Symbol.for('strata.console.feeds');
type Holder = { [KEY]?: Map<string, Feed> };

function feeds(): Map<string, Feed> {
  const holder = globalThis as Holder;
  holder[KEY] ??= new Map();
  return holder[KEY];
}

function broadcast(feed: Feed, message: WatchMessage): void {
  for (const listener of feed.listeners) {
    try {
      listener(message);
    } catch (error) {
      consoleLog().error({ err: error }, 'a watch listener failed');
    }
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function startFeed(store: ConsoleStore, clusterId: string, user: Watcher, resourceKey: string, namespace: string | undefined, key: string): Feed {
  const feed: Feed = {
    state: new FeedState((object) => projectRow(resourceKey, object)),
    listeners: new Set(),
    abort: new AbortController(),
  };
  const resource = resourceByKey(resourceKey);
  void (async () => {
    try {
      const conn = await userConnection(store, clusterId, user);
      await watchResource(conn, resource, {
        ...(namespace ? { namespace } : {}),
        signal: feed.abort.signal,
        onEvent: (event: InformerEvent) => broadcast(feed, feed.state.apply(event)),
        onStatus: (state, error) => {
          const message: WatchMessage = { type: 'STATUS', state, ...(error ? { message: messageOf(explainRoleDenial(error, user.role)) } : {}) };
          feed.lastStatus = message;
          broadcast(feed, message);
        },
      });
    } catch (error) {
      if (feed.abort.signal.aborted) return;
      const message: WatchMessage = { type: 'STATUS', state: 'failed', message: messageOf(explainRoleDenial(error, user.role)) };
      feed.lastStatus = message;
      broadcast(feed, message);
      // A failed feed is dropped so the next subscriber (a reconnecting browser) starts afresh.
      feeds().delete(key);
    }
  })();
  return feed;
}

/**
 * Subscribes `user` to the rows of one collection of one cluster. The watch runs as that
 * user (impersonated, see `connectionFor`), so it shows what the user's role may read.
 * Browsers of the same user watching the same collection share one informer (paged list,
 * then watch, kept by @strata/k8s), so a hundred open pod pages cost the API server one
 * watch per user. A new subscriber first gets the current collection as a RESYNC when it
 * is known. Returns the unsubscribe function.
 */
export function subscribe(
  store: ConsoleStore,
  clusterId: string,
  user: Watcher,
  resourceKey: string,
  namespace: string | undefined,
  listener: Listener,
): () => void {
  resourceByKey(resourceKey); // unknown kinds fail here, before anything starts
  const who = kubernetesIdentity(user);
  // The role is in the key (through the group): after a role change the user gets a new feed.
  const key = [clusterId, who.user, who.group, resourceKey, namespace ?? ''].join('\u0000');
  let feed = feeds().get(key);
  if (!feed) {
    feed = startFeed(store, clusterId, user, resourceKey, namespace, key);
    feeds().set(key, feed);
  }
  if (feed.idleTimer) {
    clearTimeout(feed.idleTimer);
    delete feed.idleTimer;
  }
  feed.listeners.add(listener);
  if (feed.state.synced) listener(feed.state.snapshot());
  if (feed.lastStatus) listener(feed.lastStatus);
  const current = feed;
  return () => {
    current.listeners.delete(listener);
    if (current.listeners.size > 0) return;
    current.idleTimer = setTimeout(() => {
      if (current.listeners.size > 0) return;
      current.abort.abort();
      if (feeds().get(key) === current) feeds().delete(key);
    }, IDLE_MS);
    current.idleTimer.unref?.();
  };
}
