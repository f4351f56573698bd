import { jittered } from '@strata/backoff';
import { InputError } from '@strata/errors';
import { SESSION_COOKIE, sessionFromToken } from '@strata/console-server';
import { apiRoute } from '../../../../../../server/api';
import { installerFor } from '../../../../../../server/installer/installer-routes';
import { servicePath } from '../../../../../../server/installer/installer-client';
import { SSE_HEADERS } from '../../../../../../server/sse';

export const dynamic = 'force-dynamic';

/** Like the cluster watches: a stream ends after this long (±10%) and the browser reconnects with Last-Event-ID. */
const MAX_STREAM_MS = Number(process.env['STRATA_CONSOLE_STREAM_MAX_MS'] ?? 10 * 60_000);

/** How often an open stream checks that its session still exists (sign-out, expiry, a removed user). */
const SESSION_CHECK_MS = 15_000;

const SEQ = /^\d{1,15}$/;

/**
 * `GET /api/installer/installs/:id/events?after=N`: the install's Server-Sent Events passed
 * through as the service writes them, `id:` lines included, so the browser's EventSource sends
 * `Last-Event-ID` when it reconnects and gets exactly the events after the last one it saw.
 * `Last-Event-ID` (a reconnect) wins over `after` (the page's first open, from its snapshot).
 * The stream ends when its session does and after STRATA_CONSOLE_STREAM_MAX_MS; the browser
 * then reconnects from where it was (an event cut in half is never dispatched, so none is lost).
 */
export const GET = apiRoute<{ id: string }>('view', async ({ req, params, runtime, session }) => {
  const lastEventId = req.headers.get('last-event-id')?.trim() || req.nextUrl.searchParams.get('after') || '0';
  if (!SEQ.test(lastEventId)) throw new InputError('the event position is not a sequence number', [{ path: 'after', message: 'must be a whole number ≥ 0' }]);
  const token = req.cookies.get(SESSION_COOKIE)?.value ?? '';
  const upstream = new AbortController();
  const onAbort = () => upstream.abort();
  req.signal.addEventListener('abort', onAbort);
  const res = await installerFor(session).ok('GET', servicePath`/v1/installs/${params.id}/events`, {
    headers: { accept: 'text/event-stream', 'last-event-id': lastEventId },
    signal: upstream.signal,
  });
  const reader = res.body?.getReader();
  if (!reader) throw new InputError('the installer service sent no event stream');
  const timers: { lifetime?: ReturnType<typeof setTimeout>; sessionCheck?: ReturnType<typeof setInterval> } = {};
  const stop = () => {
    clearTimeout(timers.lifetime);
    clearInterval(timers.sessionCheck);
    req.signal.removeEventListener('abort', onAbort);
    upstream.abort();
  };
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const end = () => {
        stop();
        try {
          controller.close();
        } catch {
          // Already closed.
        }
      };
      timers.lifetime = setTimeout(end, jittered(MAX_STREAM_MS, 0.1));
      timers.sessionCheck = setInterval(() => {
        void sessionFromToken(runtime.store, token)
          .catch(() => null)
          .then((current) => {
            if (!current) end();
          });
      }, SESSION_CHECK_MS);
    },
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) {
          stop();
          controller.close();
        } else controller.enqueue(value);
      } catch {
        // The upstream went away (or the stream ended): close this one; the browser reconnects.
        stop();
        try {
          controller.close();
        } catch {
          // Already closed.
        }
      }
    },
    cancel() {
      stop();
    },
  });
  return new Response(stream, { headers: SSE_HEADERS });
});
