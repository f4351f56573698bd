import { NextRequest } from 'next/server';
import { SESSION_COOKIE } from '@strata/console-server';
import { CSRF_HEADER } from '../../api';

/** A signed-in browser as the route handlers see it: its session cookie and its CSRF token. */
export interface SignedIn {
  token: string;
  csrf: string;
}

/** A request to a console route from `as`: the session cookie always, the CSRF header on writes, a JSON body when given. */
export function routeRequest(url: string, method: string, as: SignedIn, init: { json?: unknown; headers?: Record<string, string> } = {}): NextRequest {
  const headers = new Headers(init.headers);
  headers.set('cookie', `${SESSION_COOKIE}=${as.token}`);
  if (method !== 'GET') headers.set(CSRF_HEADER, as.csrf);
  if (init.json !== undefined) headers.set('content-type', 'application/json');
  return new NextRequest(`http://127.0.0.1${url}`, { method, headers, ...(init.json === undefined ? {} : { body: JSON.stringify(init.json) }) });
}

type Handler = (req: NextRequest, ctx: { params: Promise<never> }) => Promise<Response>;

/** Calls an App Router handler (`GET`, `POST`, … of a route module) as Next.js does, with its route params. */
export function callRoute(handler: unknown, req: NextRequest, params: Record<string, string> = {}): Promise<Response> {
  return (handler as Handler)(req, { params: Promise.resolve(params) as never });
}
