import { jittered } from '@strata/backoff';
import { InputError } from '@strata/errors';
import { SESSION_COOKIE, sessionFromToken, userConnection } from '@strata/console-server';
import { resourceByKey } from '@strata/k8s';
import type { WatchMessage } from '../../../../../lib/rows';
import { apiRoute } from '../../../../../server/api';
import { SSE_HEADERS, sseEvent, sseMessage, sseRetry } from '../../../../../server/sse';
import { subscribe } from '../../../../../server/watch-hub';

export const dynamic = 'force-dynamic';

/** Heartbeats keep proxies from closing an idle stream and let the browser detect a dead one. */
const HEARTBEAT_MS = 15_000;

/**
 * A stream ends after this long (with ±10% jitter) and the browser reconnects by itself:
 * long-lived connections then spread over console replicas, and a permission change
 * applies to open pages within this time.
 */
const MAX_STREAM_MS = Number(process.env['STRATA_CONSOLE_STREAM_MAX_MS'] ?? 10 * 60_000);

/**
 * `GET /api/clusters/:id/watch?resource=pods&namespace=…`: a Server-Sent Events stream of
 * row changes (ADDED, MODIFIED, DELETED, RESYNC with the whole collection, STATUS of the
 * watch), with a `heartbeat` event every 15 s. The session is checked again at each
 * heartbeat, so a stream ends when its session does; every stream also ends after
 * STRATA_CONSOLE_STREAM_MAX_MS (10 minutes by default) and the browser reconnects.
 */
export const GET = apiRoute<{ id: string }>('view', async ({ req, params, runtime, session }) => {
  const resourceKey = req.nextUrl.searchParams.get('resource') ?? '';
  if (!resourceKey) throw new InputError('name the resource to watch', [{ path: 'resource', message: 'required' }]);
  resourceByKey(resourceKey);
  const namespace = req.nextUrl.searchParams.get('namespace') || undefined;
  // An unknown cluster (or an unusable kubeconfig) is answered now, not inside the stream.
  await userConnection(runtime.store, params.id, session.user);
  const token = req.cookies.get(SESSION_COOKIE)?.value ?? '';
  // Replaced by start() once the stream runs; cancel() may come first only in theory.
  let cleanup: () => void = () => undefined;

  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      const send = (bytes: Uint8Array) => {
        if (closed) return;
        try {
          controller.enqueue(bytes);
        } catch {
          cleanup();
        }
      };
      send(sseRetry(2_000));
      const unsubscribe = subscribe(runtime.store, params.id, session.user, resourceKey, namespace, (message: WatchMessage) => send(sseMessage(message)));
      const heartbeat = setInterval(() => {
        void (async () => {
          const session = await sessionFromToken(runtime.store, token).catch(() => null);
          if (!session) {
            cleanup();
            return;
          }
          send(sseEvent('heartbeat', { at: new Date().toISOString() }));
        })();
      }, HEARTBEAT_MS);
      const lifetime = setTimeout(() => cleanup(), jittered(MAX_STREAM_MS, 0.1));
      cleanup = () => {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        clearTimeout(lifetime);
        unsubscribe();
        try {
          controller.close();
        } catch {
          // Already closed by the client going away.
        }
      };
      req.signal.addEventListener('abort', () => cleanup());
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(stream, { headers: SSE_HEADERS });
});
