import { z } from 'zod';

/** Version of the license document format this library writes and understands. */
export const LICENSE_FORMAT_VERSION = 1;

/** The nodes every Strata installation may run without a license, control plane included. */
export const FREE_TIER_NODES = 10;

const isoInstant = z.iso.datetime({ error: 'must be an ISO 8601 UTC instant such as 2027-01-31T00:00:00Z' });

const featureName = z.string().regex(/^[a-z][a-z0-9-]{0,63}$/, 'must be lowercase letters, digits and dashes, starting with a letter');

/**
 * The claims of a license document, format v1. Times are ISO 8601 UTC instants so that a
 * person reading `npm run license -- inspect` sees dates, not epoch seconds.
 *
 * Unknown claims are ignored (stripped) so that a v1 reader accepts additive v1 changes;
 * an incompatible change bumps `v`, which older readers reject.
 */
export const LicenseClaimsSchema = z
  .object({
    /** Format version; always 1 for this schema. */
    v: z.literal(LICENSE_FORMAT_VERSION, { error: `must be ${LICENSE_FORMAT_VERSION} (license format v1)` }),
    /** Unique id of this license, e.g. `lic_01J...`. */
    licenseId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, "_" or "-"'),
    /** Who the license is for. */
    customer: z.object({
      id: z.string().regex(/^[A-Za-z0-9_.-]{1,128}$/, 'must be 1-128 letters, digits, ".", "_" or "-"'),
      name: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
    }),
    /** The vendor's subscription this license was issued from, when there is one. */
    subscriptionId: z.string().min(1).max(128).optional(),
    /** Plan name, e.g. `standard` or `enterprise`. */
    plan: z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, 'must be a lowercase word such as "standard"'),
    /** Nodes the customer may run in total across all clusters the license covers. */
    nodes: z.int('must be a whole number').min(1, 'must be at least 1').max(1_000_000, 'must be at most 1000000'),
    /** Feature flags the license unlocks. */
    features: z
      .array(featureName)
      .max(64, 'must list at most 64 features')
      .refine((list) => new Set(list).size === list.length, 'must not repeat a feature'),
    issuedAt: isoInstant,
    notBefore: isoInstant,
    expiresAt: isoInstant,
    /** Days after `expiresAt` (and after going over `nodes`) during which the platform keeps working. */
    graceDays: z.int('must be a whole number').min(0, 'must be at least 0').max(365, 'must be at most 365'),
  })
  .superRefine((claims, ctx) => {
    if (Date.parse(claims.notBefore) >= Date.parse(claims.expiresAt)) {
      ctx.addIssue({ code: 'custom', path: ['expiresAt'], message: 'must be after notBefore' });
    }
    if (Date.parse(claims.issuedAt) > Date.parse(claims.expiresAt)) {
      ctx.addIssue({ code: 'custom', path: ['issuedAt'], message: 'must not be after expiresAt' });
    }
  });

/** The claims of a verified (or about to be signed) license document. */
export type LicenseClaims = z.infer<typeof LicenseClaimsSchema>;
