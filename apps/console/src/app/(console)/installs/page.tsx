import { InstallsList } from '../../../components/wizard/installs-list';

export const dynamic = 'force-dynamic';

/** The installs of the installer service, newest first. */
export default function InstallsPage() {
  return <InstallsList />;
}
