import { NextResponse } from 'next/server';
import { destroySession, SESSION_COOKIE, sessionCookieAttributes } from '@strata/console-server';
import { apiRoute } from '../../../../server/api';
import { recordAudit } from '../../../../server/audit';

export const dynamic = 'force-dynamic';

/** Signs out: ends the session on the server and clears the cookie. */
export const POST = apiRoute('view', async ({ req, runtime, session }) => {
  const token = req.cookies.get(SESSION_COOKIE)?.value;
  if (token) await destroySession(runtime.store, token);
  await recordAudit(runtime.store, session, 'logout', `user/${session.user.username}`);
  const res = NextResponse.json({ ok: true });
  res.cookies.set(SESSION_COOKIE, '', { ...sessionCookieAttributes(), maxAge: 0 });
  return res;
});
