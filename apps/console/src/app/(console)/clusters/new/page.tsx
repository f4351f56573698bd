import { InstallerWizard } from '../../../../components/wizard/wizard';

export const dynamic = 'force-dynamic';

/**
 * The installer wizard: create a cluster through the installer service. Viewers see it read
 * only; the console's API refuses their writes anyway.
 */
export default async function NewClusterPage({ searchParams }: { searchParams: Promise<{ draft?: string | string[] }> }) {
  const { draft } = await searchParams;
  return <InstallerWizard draftId={typeof draft === 'string' && draft ? draft : undefined} />;
}
