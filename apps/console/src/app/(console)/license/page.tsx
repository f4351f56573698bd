import { LicensePage } from '../../../components/license/license-page';

export const dynamic = 'force-dynamic';

/** License: status, entitlement against nodes across clusters, grace countdown, upload. */
export default function LicenseRoute() {
  return <LicensePage />;
}
