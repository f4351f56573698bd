import { FINAL_INSTALL_STATES, type InstallEvent } from '@strata/install-contract';
import { InputError } from '@strata/errors';
import { z } from 'zod';
import type { ServiceContext } from '../../services/context';
import { installOf } from '../../services/installs';
import { SECURITY_HEADERS } from '../security-headers';
import { defineRoute, type AnyRouteSpec } from '../route';
import { IdParams } from './params';

const EventsQuery = z.strictObject({ after: z.string().optional() });

function cursorOf(value: string | undefined, path: string): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0)
    throw new InputError(`${path} must be an event sequence number`, [{ path, message: 'must be a whole number of at least 0' }]);
  return n;
}

function frame(event: InstallEvent): string {
  return `id: ${event.seq}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

/**
 * `GET /v1/installs/{id}/events`: Server-Sent Events read from the stored history, so a client
 * that reconnects with `Last-Event-ID: N` (or `?after=N`) gets exactly the events after N; a
 * heartbeat comment keeps proxies from closing the stream; after a final state, `event: end`.
 */
export function eventRoutes(ctx: ServiceContext, heartbeatMs: number): AnyRouteSpec[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/v1/installs/:id/events',
      action: 'install.events',
      summary: "The install's events as Server-Sent Events, from Last-Event-ID or ?after=",
      responses: { 200: { description: 'An event stream; it ends with event: end after a final state.', contentType: 'text/event-stream' } },
      role: 'viewer',
      params: IdParams,
      query: EventsQuery,
      handler: async ({ params, query, request, reply }) => {
        await installOf(ctx, params.id);
        const header = request.headers['last-event-id'];
        let cursor = cursorOf(typeof header === 'string' ? header : undefined, 'headers.last-event-id') ?? cursorOf(query.after, 'query.after') ?? 0;
        reply.hijack();
        const raw = reply.raw;
        raw.writeHead(200, {
          ...SECURITY_HEADERS,
          'content-type': 'text/event-stream; charset=utf-8',
          connection: 'keep-alive',
          'x-accel-buffering': 'no',
          'x-request-id': request.id,
        });
        raw.write(': stream of install events\n\n');
        let closed = false;
        let pumping = false;
        let again = false;
        const close = () => {
          if (closed) return;
          closed = true;
          clearInterval(heartbeat);
          unsubscribe();
          raw.end();
        };
        // One reader at a time; an append during a read asks for one more round.
        const pump = async (): Promise<void> => {
          if (pumping) {
            again = true;
            return;
          }
          pumping = true;
          try {
            for (;;) {
              again = false;
              const events = await ctx.store.installs.eventsAfter(params.id, cursor);
              for (const event of events) {
                if (closed) return;
                raw.write(frame(event));
                cursor = event.seq;
              }
              if (events.length === 500) continue;
              const install = await ctx.store.installs.get(params.id);
              if (install && FINAL_INSTALL_STATES.includes(install.state) && cursor >= install.snapshot.lastSeq) {
                raw.write('event: end\ndata: {}\n\n');
                close();
                return;
              }
              if (!again || closed) return;
            }
          } catch (error) {
            request.log.error({ err: error }, 'event stream failed');
            close();
          } finally {
            pumping = false;
          }
        };
        const unsubscribe = ctx.store.onAppend(params.id, () => void pump());
        const heartbeat = setInterval(() => raw.write(': heartbeat\n\n'), heartbeatMs);
        raw.on('close', close);
        await pump();
      },
    }),
  ];
}
