import { ERROR_TABLE } from '@strata/errors';
import { LICENSE_STATUSES } from '@strata/licensing';
import { z } from 'zod';
import { SUBSCRIPTION_STATUSES } from '../store/model';

/** Ids the server hands out (`cus_…`, `sub_…`, `lic_…`). */
const Id = z.string().regex(/^[a-z]{3}_[A-Za-z0-9_-]{1,60}$/, 'must be an id such as cus_Qm3kZ8…');
/** Cluster ids are chosen by clusters (a UUID is recommended). */
const ClusterId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/, 'must be 1-128 letters, digits, ".", "_", ":" or "-"');
const Instant = z.iso.datetime({ error: 'must be an ISO 8601 UTC instant such as 2026-06-01T12:00:00Z' });
/** Earliest and latest instants a request may name; anything outside is a typo or an attack on date arithmetic. */
export const EARLIEST_INSTANT = '2000-01-01T00:00:00Z';
export const LATEST_INSTANT = '2100-01-01T00:00:00Z';
/** An instant a client sends: ISO 8601 UTC and between 2000 and 2100, refused at its own field. */
// A value that is not an instant at all was already reported by the format check.
const InputInstant = Instant.refine(
  (value) => Number.isNaN(Date.parse(value)) || (Date.parse(value) >= Date.parse(EARLIEST_INSTANT) && Date.parse(value) < Date.parse(LATEST_INSTANT)),
  {
    error: 'must be between 2000-01-01 and 2100-01-01',
  },
);

/**
 * C0 and C1 controls and the Unicode bidirectional embeddings, overrides and isolates
 * (U+202A–U+202E, U+2066–U+2069), which can make a name display as something else
 * (e.g. in an admin table or a license file).
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const FORBIDDEN_TEXT = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/u;

/** What is wrong with `text` if it holds a control or bidi-override character, naming the first one. */
export function forbiddenCharacterProblem(text: string): string | undefined {
  const match = FORBIDDEN_TEXT.exec(text);
  if (!match) return undefined;
  const code = `U+${(match[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
  return `must not contain control or bidirectional-override characters (found ${code} at position ${match.index})`;
}

/** Text a person typed: refused, not cleaned, when it holds a control or bidi-override character. */
function humanText(max: number) {
  return z
    .string()
    .superRefine((value, ctx) => {
      const problem = forbiddenCharacterProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .trim()
    .max(max, `must be at most ${max} characters`);
}
const NodeCount = z.int('must be a whole number').min(0, 'must be at least 0').max(1_000_000, 'must be at most 1000000');
const LicenseToken = z.string().min(1, 'must not be empty').max(16_384, 'must be at most 16384 characters');
const Plan = z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, 'must be a lowercase word such as "standard"');
const Feature = z.string().regex(/^[a-z][a-z0-9-]{0,63}$/, 'must be lowercase letters, digits and dashes');

export const IdParams = z.strictObject({ id: Id });

export const ValidateBody = z.strictObject({
  license: LicenseToken.optional(),
  clusterId: ClusterId.optional(),
  nodes: NodeCount.optional(),
});

export const ActivationBody = z.strictObject({ license: LicenseToken, clusterId: ClusterId });

export const UsageReportBody = z.strictObject({
  reportId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{7,127}$/, 'must be 8-128 letters, digits, ".", "_", ":" or "-" (a UUID is recommended)'),
  clusterId: ClusterId,
  nodes: NodeCount,
  observedAt: InputInstant,
});

export const CustomerBody = z.strictObject({
  name: humanText(200).min(1, 'must not be empty'),
  email: z.email('must be an email address').max(254, 'must be at most 254 characters').optional(),
});

export const SubscriptionBody = z
  .strictObject({
    customerId: Id,
    plan: Plan,
    nodes: z.int('must be a whole number').min(1, 'must be at least 1').max(1_000_000, 'must be at most 1000000'),
    features: z.array(Feature).max(64, 'must list at most 64 features').default([]),
    startsAt: InputInstant.optional(),
    termDays: z.int('must be a whole number').min(1, 'must be at least 1').max(3660, 'must be at most 3660').default(365),
    graceDays: z.int('must be a whole number').min(0, 'must be at least 0').max(365, 'must be at most 365').default(14),
  })
  .refine((s) => new Set(s.features).size === s.features.length, { path: ['features'], message: 'must not repeat a feature' });

export const SubscriptionPatchBody = z.strictObject({ status: z.enum(SUBSCRIPTION_STATUSES, { error: `must be one of ${SUBSCRIPTION_STATUSES.join(', ')}` }) });

export const IssueLicenseBody = z.strictObject({ subscriptionId: Id });

export const RevokeBody = z.strictObject({ reason: humanText(500).min(1, 'must say why') });

/** `limit` and `cursor` of every list endpoint: at most 200 items a page (default 50). */
const PageFields = {
  limit: z
    .string()
    .regex(/^[0-9]{1,4}$/, 'must be a whole number from 1 to 200')
    .transform(Number)
    .pipe(z.int().min(1, 'must be at least 1').max(200, 'must be at most 200'))
    .default(50),
  cursor: z.string().max(512, 'must be the nextCursor of a previous page').optional(),
};

export const PageQuery = z.strictObject(PageFields);

export const CustomerFilterQuery = z.strictObject({ customerId: Id.optional(), ...PageFields });

export const ProblemSchema = z.object({ path: z.string(), message: z.string() });

export const ErrorResponse = z.object({
  code: z.string().describe(
    `the error code of @strata/errors' ERROR_TABLE: ${Object.values(ERROR_TABLE)
      .map((row) => `${row.code} (${row.status})`)
      .join(', ')}`,
  ),
  message: z.string(),
  problems: z.array(ProblemSchema),
});

/** The `nextCursor` of a page: pass it as `cursor` for the next one; null on the last page. */
export const NextCursor = z.string().nullable();

export const EvaluationResponse = z.object({
  status: z.enum(LICENSE_STATUSES),
  allowedNodes: z.int(),
  nodes: z.int(),
  graceDeadline: Instant.optional(),
  message: z.string(),
  licenseId: z.string().optional(),
  expiresAt: Instant.optional(),
  known: z.boolean().optional(),
  checkedAt: Instant.optional(),
});

export const CustomerResponse = z.object({ id: z.string(), name: z.string(), email: z.string().nullable(), createdAt: Instant });

export const SubscriptionResponse = z.object({
  id: z.string(),
  customerId: z.string(),
  plan: z.string(),
  nodes: z.int(),
  features: z.array(z.string()),
  startsAt: Instant,
  endsAt: Instant,
  graceDays: z.int(),
  status: z.enum(SUBSCRIPTION_STATUSES),
  createdAt: Instant,
});

export const LicenseResponse = z.object({
  id: z.string(),
  customerId: z.string(),
  subscriptionId: z.string().nullable(),
  kid: z.string(),
  token: z.string(),
  plan: z.string(),
  nodes: z.int(),
  features: z.array(z.string()),
  issuedAt: Instant,
  notBefore: Instant,
  expiresAt: Instant,
  graceDays: z.int(),
  revokedAt: Instant.nullable(),
  revokeReason: z.string().nullable(),
  overLimitSince: Instant.nullable(),
});

export const ActivationResponse = z.object({ clusterId: z.string(), licenseId: z.string(), activatedAt: Instant, lastSeenAt: Instant });

/** The activation secret: shown once, sent as `Authorization: Bearer <secret>` with usage reports. */
export const ActivationSecret = z
  .string()
  .describe('Shown only in this answer (the server keeps a hash). Send it as Authorization: Bearer <secret> with usage reports for the cluster.');

export const UsageReportResponse = z.object({
  reportId: z.string(),
  clusterId: z.string(),
  licenseId: z.string().nullable(),
  nodes: z.int(),
  observedAt: Instant,
  receivedAt: Instant,
});

export const ClusterUsageResponse = z.object({ clusterId: z.string(), licenseId: z.string().nullable(), nodes: z.int(), observedAt: Instant });

export const CustomerUsageResponse = z.object({ customerId: z.string(), totalNodes: z.int(), entitledNodes: z.int(), clusters: z.array(ClusterUsageResponse) });
