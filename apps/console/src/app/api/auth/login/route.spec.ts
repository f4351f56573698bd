import { NextRequest } from 'next/server';
import { afterAll, describe, expect, it } from 'vitest';
import { listAudit, SESSION_COOKIE, sessionFromToken, type AuditEntry } from '@strata/console-server';
import { CSRF_HEADER } from '../../../../server/api';
import { ACCOUNT_POLICY } from '../../../../server/login-throttle';
import { consoleRuntime } from '../../../../server/runtime';
import { TEST_ADMIN_PASSWORD, useConsoleTestEnv } from '../../../../server/testing/console-env';
import { POST as logout } from '../logout/route';
import { POST as login } from './route';

const env = useConsoleTestEnv('console-login');

function signIn(username: string, password: string, address = '192.0.2.10'): Promise<Response> {
  return login(
    new NextRequest('http://127.0.0.1/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
      body: JSON.stringify({ username, password }),
    }),
  );
}

async function auditRows(): Promise<AuditEntry[]> {
  const { store } = await consoleRuntime();
  return (await listAudit(store, { limit: 50 })).reverse();
}

describe('sign-in and sign-out are written to the audit log', () => {
  afterAll(() => env.close());

  it('records a failed sign-in with the client address and no password', async () => {
    const before = (await auditRows()).length;
    const res = await signIn('admin', 'not-the-password');
    expect(res.status).toBe(401);
    const rows = (await auditRows()).slice(before);
    expect(rows).toEqual([expect.objectContaining({ user: 'admin', action: 'login', outcome: 'failure', target: 'user/admin' })]);
    expect(rows[0]?.detail).toContain('192.0.2.10');
    expect(JSON.stringify(rows)).not.toContain('not-the-password');
  });

  it('records a sign-in and the sign-out of the session it opened', async () => {
    const before = (await auditRows()).length;
    const res = await signIn('admin', TEST_ADMIN_PASSWORD, '192.0.2.20');
    expect(res.status).toBe(200);
    const token = /strata_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1] ?? '';
    expect(SESSION_COOKIE).toBe('strata_session');
    expect(token).not.toBe('');

    const { store } = await consoleRuntime();
    const csrfToken = (await sessionFromToken(store, token))?.csrfToken ?? '';
    const out = await logout(
      new NextRequest('http://127.0.0.1/api/auth/logout', { method: 'POST', headers: { cookie: `${SESSION_COOKIE}=${token}`, [CSRF_HEADER]: csrfToken } }),
      {
        params: Promise.resolve({}),
      },
    );
    expect(out.status).toBe(200);

    const rows = (await auditRows()).slice(before);
    expect(rows.map((r) => [r.action, r.outcome, r.user])).toEqual([
      ['login', 'success', 'admin'],
      ['logout', 'success', 'admin'],
    ]);
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it('records sign-ins refused by the throttle as denied', async () => {
    // Another account and address than the tests above, so their failures do not count here.
    for (let i = 0; i < ACCOUNT_POLICY.freeFailures + 1; i += 1) await signIn('mallory', `wrong-${i}`, '192.0.2.30');
    const before = (await auditRows()).length;
    const res = await signIn('mallory', 'any-password', '192.0.2.30');
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    const rows = (await auditRows()).slice(before);
    expect(rows).toEqual([expect.objectContaining({ action: 'login', outcome: 'denied', user: 'mallory', target: 'user/mallory' })]);
  });
});
