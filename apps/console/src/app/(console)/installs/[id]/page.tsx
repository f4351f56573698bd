import { InstallProgress } from '../../../../components/wizard/install-progress';

export const dynamic = 'force-dynamic';

/** The live progress of one install of the installer service. */
export default async function InstallPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <InstallProgress id={id} />;
}
