/** The license statuses of @strata/licensing, as plain strings for the browser. */
export type LicenseStatusWord = 'VALID' | 'FREE_TIER' | 'OVER_LIMIT_GRACE' | 'OVER_LIMIT' | 'EXPIRED_GRACE' | 'EXPIRED' | 'INVALID' | 'REVOKED';

/** The license state a page shows (a serializable view of an entitlement evaluation). */
export interface LicenseView {
  status: LicenseStatusWord;
  allowedNodes: number;
  nodes: number;
  message: string;
  /** ISO instant the current grace period ends, when one runs. */
  graceDeadline?: string;
  licenseId?: string;
  expiresAt?: string;
}

/** Statuses that need a person's attention on every page. */
export const BANNER_STATUSES: readonly LicenseStatusWord[] = ['OVER_LIMIT_GRACE', 'OVER_LIMIT', 'EXPIRED_GRACE', 'EXPIRED', 'INVALID', 'REVOKED'];

/** Whether the license state calls for the banner shown on every page. */
export function needsBanner(view: Pick<LicenseView, 'status'> | undefined | null): boolean {
  return !!view && BANNER_STATUSES.includes(view.status);
}

/** A short headline for a status. */
export function licenseHeadline(status: LicenseStatusWord): string {
  switch (status) {
    case 'VALID':
      return 'License valid';
    case 'FREE_TIER':
      return 'Free tier';
    case 'OVER_LIMIT_GRACE':
      return 'Over the node limit (grace period)';
    case 'OVER_LIMIT':
      return 'Over the node limit';
    case 'EXPIRED_GRACE':
      return 'License expired (grace period)';
    case 'EXPIRED':
      return 'License expired';
    case 'INVALID':
      return 'License not valid';
    case 'REVOKED':
      return 'License revoked';
  }
}
