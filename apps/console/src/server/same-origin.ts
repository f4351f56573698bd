import type { NextRequest } from 'next/server';

/**
 * Whether a request without a session (the login itself) comes from the console's own
 * pages: browsers send `Origin` on cross-site POSTs, so a mismatch is a forged login.
 */
export function isSameOrigin(req: NextRequest): boolean {
  const origin = req.headers.get('origin');
  if (!origin) return true;
  const host = req.headers.get('x-forwarded-host') ?? req.headers.get('host');
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
