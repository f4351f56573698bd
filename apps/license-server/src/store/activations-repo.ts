import type { Queryable } from '@strata/sql';
import { iso, type Activation } from './model';

interface ActivationRow {
  cluster_id: string;
  license_id: string;
  activated_at: number;
  last_seen_at: number;
  secret_hash?: string | null;
}

function toActivation(row: ActivationRow): Activation {
  return { clusterId: row.cluster_id, licenseId: row.license_id, activatedAt: iso(row.activated_at), lastSeenAt: iso(row.last_seen_at) };
}

/** Activations: which license each cluster runs under. A cluster has one license at a time. */
export class ActivationsRepo {
  constructor(private readonly db: Queryable) {}

  /**
   * Binds `clusterId` to `licenseId` with a new activation secret (only its hash is given
   * and kept); re-activating moves the cluster to the new license and replaces the secret,
   * so the previous one stops working.
   */
  async activate(clusterId: string, licenseId: string, secretHash: string, now = new Date()): Promise<Activation> {
    const rows = await this.db.query<ActivationRow>(
      `INSERT INTO activations (cluster_id, license_id, activated_at, last_seen_at, secret_hash) VALUES ($1, $2, $3, $3, $4)
       ON CONFLICT (cluster_id) DO UPDATE SET
         activated_at = CASE WHEN activations.license_id = excluded.license_id THEN activations.activated_at ELSE excluded.activated_at END,
         license_id = excluded.license_id,
         last_seen_at = excluded.last_seen_at,
         secret_hash = excluded.secret_hash
       RETURNING *`,
      [clusterId, licenseId, now.getTime(), secretHash],
    );
    return toActivation(rows[0] as ActivationRow);
  }

  /** Notes that the cluster was heard from. */
  async touch(clusterId: string, now = new Date()): Promise<void> {
    await this.db.run('UPDATE activations SET last_seen_at = $2 WHERE cluster_id = $1 AND last_seen_at < $2', [clusterId, now.getTime()]);
  }

  async find(clusterId: string): Promise<Activation | undefined> {
    const row = (await this.db.query<ActivationRow>('SELECT * FROM activations WHERE cluster_id = $1', [clusterId]))[0];
    return row && toActivation(row);
  }

  /** The hash of the cluster's activation secret, if it is activated with one. */
  async secretHash(clusterId: string): Promise<string | undefined> {
    const row = (await this.db.query<{ secret_hash: string | null }>('SELECT secret_hash FROM activations WHERE cluster_id = $1', [clusterId]))[0];
    return row?.secret_hash ?? undefined;
  }

  async listByLicense(licenseId: string): Promise<Activation[]> {
    return (await this.db.query<ActivationRow>('SELECT * FROM activations WHERE license_id = $1 ORDER BY cluster_id', [licenseId])).map(toActivation);
  }
}
