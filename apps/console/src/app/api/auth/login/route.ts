import { NextResponse, type NextRequest } from 'next/server';
import { z } from 'zod';
import { authenticatePassword, createSession, SESSION_COOKIE, sessionCookieAttributes } from '@strata/console-server';
import { NotAllowedError, TooManyRequestsError, UnauthenticatedError } from '@strata/errors';
import { errorResponse } from '../../../../server/api';
import { recordAudit } from '../../../../server/audit';
import { parseBody } from '../../../../server/body';
import { clientAddress, loginThrottles } from '../../../../server/login-throttle';
import { consoleRuntime } from '../../../../server/runtime';
import { isSameOrigin } from '../../../../server/same-origin';

export const dynamic = 'force-dynamic';

/** A login body is two short strings; anything bigger is refused before it is read. */
const LOGIN_BODY_LIMIT = 4096;

const LoginBody = z.object({
  username: z.string().trim().min(1, 'enter a username').max(200),
  password: z.string().min(1, 'enter a password').max(1024),
});

function throttled(waitMs: number): NextResponse {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  return errorResponse(new TooManyRequestsError(`Too many failed sign-ins; try again in ${seconds} s.`, seconds));
}

/** Password sign-in, throttled per account and per client address: sets the httpOnly session cookie; the answer carries no secret. */
export async function POST(req: NextRequest): Promise<Response> {
  try {
    if (!isSameOrigin(req)) return errorResponse(new NotAllowedError('Sign in from the console itself.'));
    const { accounts, addresses } = loginThrottles();
    const address = `ip:${clientAddress(req.headers)}`;
    const addressWait = addresses.retryAfterMs(address);
    if (addressWait > 0) return throttled(addressWait);
    const body = await parseBody(req, LoginBody, LOGIN_BODY_LIMIT);
    const account = `user:${body.username.toLowerCase()}`;
    const accountWait = accounts.retryAfterMs(account);
    const { store } = await consoleRuntime();
    if (accountWait > 0) {
      await recordAudit(store, { user: { username: body.username } }, 'login', `user/${body.username}`, 'throttled', 'denied');
      return throttled(accountWait);
    }
    const user = await authenticatePassword(store, body.username, body.password);
    if (!user) {
      const wait = Math.max(accounts.fail(account), addresses.fail(address));
      await recordAudit(
        store,
        { user: { username: body.username } },
        'login',
        `user/${body.username}`,
        `wrong username or password from ${address.slice(3)}`,
        'failure',
      );
      return wait > 0 ? throttled(wait) : errorResponse(new UnauthenticatedError('Wrong username or password.'));
    }
    accounts.succeed(account);
    const session = await createSession(store, user.id);
    await recordAudit(store, { user: { username: user.username } }, 'login', `user/${user.username}`);
    const res = NextResponse.json({ ok: true, username: user.username, role: user.role });
    // No cookie expiry: the server slides the session's expiry and is the only judge of it.
    res.cookies.set(SESSION_COOKIE, session.token, sessionCookieAttributes());
    return res;
  } catch (error) {
    return errorResponse(error);
  }
}
