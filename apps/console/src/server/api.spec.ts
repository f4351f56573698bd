import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession, createUser, listAudit, SESSION_COOKIE } from '@strata/console-server';
import { apiRoute, CSRF_HEADER } from './api';
import { consoleRuntime } from './runtime';
import { useConsoleTestEnv } from './testing/console-env';

const env = useConsoleTestEnv('console-api');

type Who = { token: string; csrf: string };
const sessions: Record<'viewer' | 'operator', Who> = {} as Record<'viewer' | 'operator', Who>;

function request(method: string, who?: Who, csrf?: string): NextRequest {
  const headers = new Headers();
  if (who) headers.set('cookie', `${SESSION_COOKIE}=${who.token}`);
  if (csrf !== undefined) headers.set(CSRF_HEADER, csrf);
  return new NextRequest('http://127.0.0.1/api/clusters/c1/scale', { method, headers });
}

const scale = apiRoute<{ id: string }>('operate', async ({ params }) => ({ scaled: params.id }));
const read = apiRoute('view', async ({ session }) => ({ user: session.user.username }));
const call = (handler: typeof scale | typeof read, req: NextRequest) => handler(req, { params: Promise.resolve({ id: 'c1' }) as never });

describe('apiRoute', () => {
  beforeAll(async () => {
    const { store } = await consoleRuntime();
    for (const role of ['viewer', 'operator'] as const) {
      const user = await createUser(store, { username: `${role}-1`, password: `${role}-password-1`, role });
      const s = await createSession(store, user.id);
      sessions[role] = { token: s.token, csrf: s.csrfToken };
    }
  });

  afterAll(() => env.close());

  it.each([
    ['no session', () => request('POST'), 401, 'Sign in first'],
    ['an unknown session', () => request('POST', { token: 'x'.repeat(43), csrf: '' }), 401, 'Sign in first'],
    ['an operator without the CSRF token', () => request('POST', sessions.operator), 403, 'CSRF'],
    ['an operator with another session’s CSRF token', () => request('POST', sessions.operator, sessions.viewer.csrf), 403, 'CSRF'],
    ['a viewer with a valid CSRF token', () => request('POST', sessions.viewer, sessions.viewer.csrf), 403, 'may not operate'],
  ])('refuses a mutation with %s', async (_what, make, status, message) => {
    const res = await call(scale, make());
    expect(res.status).toBe(status);
    const body = (await res.json()) as { code: string; message: string; problems: unknown[] };
    expect(body).toEqual({ code: expect.any(String), message: expect.stringContaining(message), problems: [] });
  });

  it('runs a mutation for an operator with the CSRF token', async () => {
    const res = await call(scale, request('POST', sessions.operator, sessions.operator.csrf));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ scaled: 'c1' });
  });

  it('lets a viewer read without a CSRF token', async () => {
    const res = await call(read, request('GET', sessions.viewer));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ user: 'viewer-1' });
  });

  it('writes refused mutations to the audit log', async () => {
    // Its own refused mutation, rather than one an earlier test may or may not have made.
    expect((await call(scale, request('POST', sessions.viewer, sessions.viewer.csrf))).status).toBe(403);
    const { store } = await consoleRuntime();
    const denied = (await listAudit(store, { user: 'viewer-1' })).filter((e) => e.outcome === 'denied');
    expect(denied.length).toBeGreaterThan(0);
    expect(denied[0]).toMatchObject({ action: 'POST /api/clusters/c1/scale' });
  });
});
