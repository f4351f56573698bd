/** Stored records as the API returns them. Times are ISO 8601 UTC strings. */

export interface Customer {
  id: string;
  name: string;
  email: string | null;
  createdAt: string;
}

/** Subscription states: only `active` subscriptions can issue licenses. */
export const SUBSCRIPTION_STATUSES = ['active', 'suspended', 'cancelled'] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];

export interface Subscription {
  id: string;
  customerId: string;
  plan: string;
  nodes: number;
  features: string[];
  startsAt: string;
  endsAt: string;
  graceDays: number;
  status: SubscriptionStatus;
  createdAt: string;
}

export interface LicenseRecord {
  id: string;
  customerId: string;
  subscriptionId: string | null;
  kid: string;
  token: string;
  plan: string;
  nodes: number;
  features: string[];
  issuedAt: string;
  notBefore: string;
  expiresAt: string;
  graceDays: number;
  revokedAt: string | null;
  revokeReason: string | null;
  overLimitSince: string | null;
}

export interface Activation {
  clusterId: string;
  licenseId: string;
  activatedAt: string;
  lastSeenAt: string;
}

export interface UsageReport {
  reportId: string;
  clusterId: string;
  licenseId: string | null;
  nodes: number;
  observedAt: string;
  receivedAt: string;
}

/** The latest report of one cluster. */
export interface ClusterUsage {
  clusterId: string;
  licenseId: string | null;
  nodes: number;
  observedAt: string;
}

/** Epoch milliseconds (as stored) to ISO text. */
export function iso(ms: unknown): string {
  return new Date(Number(ms)).toISOString();
}

/** Nullable epoch milliseconds to nullable ISO text. */
export function isoOrNull(ms: unknown): string | null {
  return ms === null || ms === undefined ? null : iso(ms);
}
