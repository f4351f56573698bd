import type { ReactNode } from 'react';
import { ConsoleShell } from '../../components/shell/console-shell';
import { platformLicense } from '../../server/fleet';
import { requireViewer } from '../../server/session';
import { consoleLog } from '../../server/log';

export const dynamic = 'force-dynamic';

/**
 * Every signed-in page: checks the session (else the login page), hands the viewer and
 * its CSRF token to the client, and puts the license banner on top when needed.
 */
export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const viewer = await requireViewer();
  const license = await platformLicense().catch((error: unknown) => {
    consoleLog().error({ err: error }, 'license state unavailable');
    return null;
  });
  return (
    <>
      {/* For scripts that drive the console's API with this session (React hoists it into <head>). */}
      <meta name="strata-csrf" content={viewer.csrf} />
      <ConsoleShell viewer={viewer} license={license}>
        {children}
      </ConsoleShell>
    </>
  );
}
