import { FREE_TIER_NODES, type LicenseClaims } from './claims';
import { licenseTiming, type LicenseVerification } from './verify';

/** Every status an entitlement evaluation can answer. */
export const LICENSE_STATUSES = ['VALID', 'FREE_TIER', 'OVER_LIMIT_GRACE', 'OVER_LIMIT', 'EXPIRED_GRACE', 'EXPIRED', 'INVALID', 'REVOKED'] as const;

/** The entitlement status of a platform. */
export type LicenseStatus = (typeof LICENSE_STATUSES)[number];

/** Days a platform without a license may run over the free tier before it counts as OVER_LIMIT. */
export const FREE_TIER_OVER_LIMIT_GRACE_DAYS = 30;

/** What the platform is using, and when. */
export interface Usage {
  /** Node objects across every cluster the license covers, control-plane nodes included. */
  nodes: number;
  /** The instant to evaluate at; default now. */
  now?: Date;
  /** Whether the vendor revoked the license (known only online); a reason may be given. */
  revoked?: boolean | { reason?: string };
  /**
   * When the running platform first counted more nodes than allowed. A running platform
   * passes it so that going over the limit starts a grace period instead of failing at once;
   * without it (an install, a what-if check) being over the limit is OVER_LIMIT.
   */
  overLimitSince?: Date;
}

/** The answer of `evaluate`. */
export interface Evaluation {
  status: LicenseStatus;
  /** Nodes allowed in total right now. */
  allowedNodes: number;
  /** Nodes counted. */
  nodes: number;
  /** When the current grace period ends (OVER_LIMIT_GRACE, EXPIRED_GRACE). */
  graceDeadline?: Date;
  /** One or two sentences a person understands, saying what to do when something is wrong. */
  message: string;
  /** The license evaluated, when one was given and verified. */
  licenseId?: string;
  /** The license's expiry, when one was given and verified. */
  expiresAt?: Date;
}

const DAY_MS = 86_400_000;

function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function freeTier(status: LicenseStatus, nodes: number, why: string): Evaluation {
  const over = nodes > FREE_TIER_NODES;
  const tail = over
    ? `The free tier of ${FREE_TIER_NODES} nodes applies and the platform counts ${nodes}; workloads keep running, but no nodes can be added until a valid license is installed.`
    : `The free tier of ${FREE_TIER_NODES} nodes applies (${nodes} in use).`;
  return { status, allowedNodes: FREE_TIER_NODES, nodes, message: `${why} ${tail}` };
}

function overLimit(allowed: number, nodes: number, now: Date, graceDays: number, since: Date | undefined, who: string): Evaluation | undefined {
  if (nodes <= allowed) return undefined;
  const deadline = since ? new Date(since.getTime() + graceDays * DAY_MS) : undefined;
  if (deadline && now < deadline) {
    return {
      status: 'OVER_LIMIT_GRACE',
      allowedNodes: allowed,
      nodes,
      graceDeadline: deadline,
      message: `${who} allows ${plural(allowed, 'node')} but the platform counts ${nodes}. Workloads keep running; remove ${plural(nodes - allowed, 'node')} or extend the license before ${day(deadline)}.`,
    };
  }
  return {
    status: 'OVER_LIMIT',
    allowedNodes: allowed,
    nodes,
    message: `${who} allows ${plural(allowed, 'node')} but the platform counts ${nodes}. Remove ${plural(nodes - allowed, 'node')} or install a license for more nodes.`,
  };
}

/**
 * Evaluates the entitlement of a platform: a verified license (its claims or the result of
 * `verifyLicense`), or `null` for no license, against the nodes in use. Pure: the same inputs
 * always give the same answer, so the installer, the console and the license server agree.
 *
 * Rules: no license allows FREE_TIER_NODES in total; a license allows max(its nodes, the free
 * tier); an invalid, revoked or fully expired license falls back to the free tier; after
 * `expiresAt` the license keeps its entitlement for `graceDays` (EXPIRED_GRACE).
 */
export function evaluate(license: LicenseClaims | LicenseVerification | null, usage: Usage): Evaluation {
  const now = usage.now ?? new Date();
  const nodes = usage.nodes;
  if (license === null) {
    return (
      overLimit(FREE_TIER_NODES, nodes, now, FREE_TIER_OVER_LIMIT_GRACE_DAYS, usage.overLimitSince, 'Without a license the free tier') ?? {
        status: 'FREE_TIER',
        allowedNodes: FREE_TIER_NODES,
        nodes,
        message: `No license installed: the free tier allows ${FREE_TIER_NODES} nodes and the platform counts ${nodes}.`,
      }
    );
  }
  let claims: LicenseClaims;
  if ('ok' in license) {
    if (!license.ok) return freeTier('INVALID', nodes, `The license is not valid: ${license.reason}.`);
    claims = license.claims;
  } else {
    claims = license;
  }
  const ids = { licenseId: claims.licenseId, expiresAt: new Date(claims.expiresAt) };
  const name = `License ${claims.licenseId} (${claims.customer.name})`;

  if (usage.revoked) {
    const reason = typeof usage.revoked === 'object' && usage.revoked.reason ? ` (${usage.revoked.reason})` : '';
    return { ...freeTier('REVOKED', nodes, `${name} was revoked by the vendor${reason}.`), ...ids };
  }
  const timing = licenseTiming(claims, now);
  if (timing === 'not-yet-valid') {
    return { ...freeTier('INVALID', nodes, `${name} is not valid before ${day(new Date(claims.notBefore))}.`), ...ids };
  }
  const expiryDeadline = new Date(Date.parse(claims.expiresAt) + claims.graceDays * DAY_MS);
  if (timing === 'expired') {
    return {
      ...freeTier('EXPIRED', nodes, `${name} expired on ${day(ids.expiresAt)} and its grace period ended on ${day(expiryDeadline)}; renew the subscription.`),
      ...ids,
    };
  }

  const allowed = Math.max(claims.nodes, FREE_TIER_NODES);
  const over = overLimit(allowed, nodes, now, claims.graceDays, usage.overLimitSince, name);
  if (over) {
    if (timing === 'expired-grace') {
      const deadline = over.graceDeadline && over.graceDeadline < expiryDeadline ? over.graceDeadline : expiryDeadline;
      const graceDeadline = over.status === 'OVER_LIMIT_GRACE' ? deadline : undefined;
      return {
        ...over,
        ...(graceDeadline ? { graceDeadline } : {}),
        message: `${over.message} It also expired on ${day(ids.expiresAt)}; renew it before ${day(expiryDeadline)}.`,
        ...ids,
      };
    }
    return { ...over, ...ids };
  }
  if (timing === 'expired-grace') {
    return {
      status: 'EXPIRED_GRACE',
      allowedNodes: allowed,
      nodes,
      graceDeadline: expiryDeadline,
      message: `${name} expired on ${day(ids.expiresAt)}. It keeps working for its ${plural(claims.graceDays, 'grace day')}, until ${day(expiryDeadline)}; renew the subscription before then.`,
      ...ids,
    };
  }
  return {
    status: 'VALID',
    allowedNodes: allowed,
    nodes,
    message: `${name}, plan ${claims.plan}, allows ${plural(allowed, 'node')}; the platform counts ${nodes}. Valid until ${day(ids.expiresAt)}.`,
    ...ids,
  };
}
