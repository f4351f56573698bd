import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import type { NextRequest } from 'next/server';
import { can, SESSION_COOKIE, sessionFromToken } from '@strata/console-server';
import type { Role, Viewer } from '../lib/viewer';
import { consoleRuntime, type ConsoleStore } from './runtime';

/** A signed-in session, as `sessionFromToken` returns it. */
export type ConsoleSession = NonNullable<Awaited<ReturnType<typeof sessionFromToken>>>;

/** The session named by the request's cookie, or null. */
export async function sessionFromRequest(store: ConsoleStore, req: NextRequest): Promise<ConsoleSession | null> {
  const token = req.cookies.get(SESSION_COOKIE)?.value;
  if (!token) return null;
  return (await sessionFromToken(store, token)) ?? null;
}

/** The session of the page being rendered (server components), or null. */
export async function currentSession(): Promise<ConsoleSession | null> {
  const { store } = await consoleRuntime();
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  if (!token) return null;
  return (await sessionFromToken(store, token)) ?? null;
}

/** What the browser may know of a session (see `Viewer`). */
export function viewerOf(session: ConsoleSession): Viewer {
  const role: Role = session.user.role;
  return {
    username: session.user.username,
    role,
    can: { operate: can(role, 'operate'), administer: can(role, 'administer') },
    csrf: session.csrfToken,
  };
}

/** The viewer of a page that needs a signed-in user; sends others to the login page. */
export async function requireViewer(): Promise<Viewer> {
  const session = await currentSession();
  if (!session) redirect('/login');
  return viewerOf(session);
}
