import { Alert, Anchor, Text } from '@mantine/core';
import { Countdown } from './countdown';
import { licenseHeadline, needsBanner, type LicenseView } from './license-status';

/**
 * The banner every page carries while the platform is over its node limit, or its
 * license expired, is invalid or was revoked. Renders nothing otherwise.
 */
export function LicenseBanner({ license, href = '/license' }: { license: LicenseView | undefined | null; href?: string }) {
  if (!license || !needsBanner(license)) return null;
  const severe = license.status === 'OVER_LIMIT' || license.status === 'EXPIRED' || license.status === 'REVOKED' || license.status === 'INVALID';
  return (
    <Alert
      role="alert"
      data-testid="license-banner"
      color={severe ? 'red' : 'yellow'}
      title={licenseHeadline(license.status)}
      radius={0}
      data-license-status={license.status}
    >
      <Text size="sm">
        {license.message}{' '}
        {license.graceDeadline ? (
          <>
            Grace period ends in <Countdown deadline={license.graceDeadline} />.{' '}
          </>
        ) : null}
        <Anchor href={href} size="sm">
          Manage the license
        </Anchor>
      </Text>
    </Alert>
  );
}
