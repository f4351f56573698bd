import { NotFoundError } from '@strata/errors';
import type { LicenseClaims } from '@strata/licensing';
import type { Queryable } from '@strata/sql';
import { iso, isoOrNull, type LicenseRecord } from './model';
import { decodeCursor, toPage, type Page, type PageRequest } from './page';

interface LicenseRow {
  id: string;
  customer_id: string;
  subscription_id: string | null;
  kid: string;
  token: string;
  plan: string;
  nodes: number;
  features: string;
  issued_at: number;
  not_before: number;
  expires_at: number;
  grace_days: number;
  revoked_at: number | null;
  revoke_reason: string | null;
  over_limit_since: number | null;
}

function toLicense(row: LicenseRow): LicenseRecord {
  return {
    id: row.id,
    customerId: row.customer_id,
    subscriptionId: row.subscription_id,
    kid: row.kid,
    token: row.token,
    plan: row.plan,
    nodes: Number(row.nodes),
    features: JSON.parse(row.features) as string[],
    issuedAt: iso(row.issued_at),
    notBefore: iso(row.not_before),
    expiresAt: iso(row.expires_at),
    graceDays: Number(row.grace_days),
    revokedAt: isoOrNull(row.revoked_at),
    revokeReason: row.revoke_reason,
    overLimitSince: isoOrNull(row.over_limit_since),
  };
}

/** A license's online state as validation sees it. */
export interface LicenseStanding {
  revokedAt: string | null;
  revokeReason: string | null;
  overLimitSince: string | null;
  /** Latest node counts of the other clusters activated under the license, summed. */
  otherClustersNodes: number;
}

/** Issued licenses: the signed token plus its terms, revocation and over-limit tracking. */
export class LicensesRepo {
  constructor(private readonly db: Queryable) {}

  /** Stores a license just signed from `claims`. */
  async insert(claims: LicenseClaims, token: string, kid: string): Promise<LicenseRecord> {
    const rows = await this.db.query<LicenseRow>(
      `INSERT INTO licenses (id, customer_id, subscription_id, kid, token, plan, nodes, features, issued_at, not_before, expires_at, grace_days)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING *`,
      [
        claims.licenseId,
        claims.customer.id,
        claims.subscriptionId ?? null,
        kid,
        token,
        claims.plan,
        claims.nodes,
        JSON.stringify(claims.features),
        Date.parse(claims.issuedAt),
        Date.parse(claims.notBefore),
        Date.parse(claims.expiresAt),
        claims.graceDays,
      ],
    );
    return toLicense(rows[0] as LicenseRow);
  }

  async find(id: string): Promise<LicenseRecord | undefined> {
    const row = (await this.db.query<LicenseRow>('SELECT * FROM licenses WHERE id = $1', [id]))[0];
    return row && toLicense(row);
  }

  async get(id: string): Promise<LicenseRecord> {
    const license = await this.find(id);
    if (!license) throw new NotFoundError(`license ${id} does not exist`);
    return license;
  }

  async list(filter: { customerId?: string } = {}): Promise<LicenseRecord[]> {
    const rows = filter.customerId
      ? await this.db.query<LicenseRow>('SELECT * FROM licenses WHERE customer_id = $1 ORDER BY issued_at DESC, id', [filter.customerId])
      : await this.db.query<LicenseRow>('SELECT * FROM licenses ORDER BY issued_at DESC, id');
    return rows.map(toLicense);
  }

  /** A page of licenses, newest first, optionally of one customer. */
  async page(filter: { customerId?: string | undefined }, request: PageRequest): Promise<Page<LicenseRecord>> {
    const [beforeAt, afterId] = (request.cursor ? decodeCursor(request.cursor, ['number', 'string']) : [Number.MAX_SAFE_INTEGER, '']) as [number, string];
    const rows = await this.db.query<LicenseRow>(
      `SELECT * FROM licenses WHERE ($1 = '' OR customer_id = $1) AND (issued_at < $2 OR (issued_at = $2 AND id > $3))
       ORDER BY issued_at DESC, id LIMIT $4`,
      [filter.customerId ?? '', beforeAt, afterId, request.limit + 1],
    );
    return toPage(rows, request.limit, toLicense, (row) => [Number(row.issued_at), row.id]);
  }

  /**
   * What validation needs to know about a license, in one statement: its revocation and
   * over-limit state, and the nodes of every cluster activated under it except `exceptClusterId`
   * (each cluster's latest report).
   */
  async standing(id: string, exceptClusterId = ''): Promise<LicenseStanding | undefined> {
    const row = (
      await this.db.query<{ revoked_at: number | null; revoke_reason: string | null; over_limit_since: number | null; other_nodes: number | null }>(
        `SELECT l.revoked_at, l.revoke_reason, l.over_limit_since,
           (SELECT SUM(r.nodes) FROM activations a
              JOIN usage_reports r ON r.report_id = (
                SELECT v.report_id FROM usage_reports v WHERE v.cluster_id = a.cluster_id
                ORDER BY v.arrival_seq DESC LIMIT 1)
              WHERE a.license_id = l.id AND a.cluster_id <> $2) AS other_nodes
         FROM licenses l WHERE l.id = $1`,
        [id, exceptClusterId],
      )
    )[0];
    return (
      row && {
        revokedAt: isoOrNull(row.revoked_at),
        revokeReason: row.revoke_reason,
        overLimitSince: isoOrNull(row.over_limit_since),
        otherClustersNodes: Number(row.other_nodes ?? 0),
      }
    );
  }

  /** Revokes a license; revoking twice keeps the first time and reason. */
  async revoke(id: string, reason: string, now = new Date()): Promise<LicenseRecord> {
    await this.db.run('UPDATE licenses SET revoked_at = $2, revoke_reason = $3 WHERE id = $1 AND revoked_at IS NULL', [id, now.getTime(), reason]);
    return this.get(id);
  }

  /** Records when the license's platform went over its limit (null when back within it). */
  async setOverLimitSince(id: string, since: Date | null): Promise<void> {
    await this.db.run('UPDATE licenses SET over_limit_since = $2 WHERE id = $1', [id, since ? since.getTime() : null]);
  }
}
