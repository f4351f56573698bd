import { apiRoute } from '../../../server/api';

export const dynamic = 'force-dynamic';

/** Who is signed in (name and role); for scripts and tests. */
export const GET = apiRoute('view', async ({ session }) => ({ username: session.user.username, role: session.user.role }));
