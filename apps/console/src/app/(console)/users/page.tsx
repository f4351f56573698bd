import { Alert } from '@mantine/core';
import { UsersPage } from '../../../components/users/users-page';
import { requireViewer } from '../../../server/session';

export const dynamic = 'force-dynamic';

/** Users and roles (admins only; the API enforces it too). */
export default async function UsersRoute() {
  const viewer = await requireViewer();
  if (!viewer.can.administer) {
    return (
      <Alert color="red" title="Not allowed" role="alert">
        Only admins can manage users.
      </Alert>
    );
  }
  return <UsersPage />;
}
