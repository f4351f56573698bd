import { NextResponse, type NextRequest } from 'next/server';
import { z } from 'zod';
import { authenticatePassword, createSession, SESSION_COOKIE, sessionCookieAttributes } from '@strata/console-server';
import { errorResponse } from '../../../../server/api';
import { parseBody } from '../../../../server/body';
import { consoleRuntime } from '../../../../server/runtime';
import { isSameOrigin } from '../../../../server/same-origin';

export const dynamic = 'force-dynamic';

const LoginBody = z.object({
  username: z.string().trim().min(1, 'enter a username').max(200),
  password: z.string().min(1, 'enter a password').max(1024),
});

/** Password sign-in: sets the httpOnly session cookie; the answer carries no secret. */
export async function POST(req: NextRequest): Promise<Response> {
  try {
    if (!isSameOrigin(req)) return NextResponse.json({ error: 'Sign in from the console itself.' }, { status: 403 });
    const body = await parseBody(req, LoginBody);
    const { store } = await consoleRuntime();
    const user = await authenticatePassword(store, body.username, body.password);
    if (!user) return NextResponse.json({ error: 'Wrong username or password.' }, { status: 401 });
    const session = await createSession(store, user.id);
    const res = NextResponse.json({ ok: true, username: user.username, role: user.role });
    // No cookie expiry: the server slides the session's expiry and is the only judge of it.
    res.cookies.set(SESSION_COOKIE, session.token, sessionCookieAttributes());
    return res;
  } catch (error) {
    return errorResponse(error);
  }
}
