import type { CredentialIdentity } from '@strata/driver-api';
import type { CredentialSummary } from '@strata/install-contract';
import type { Queryable, Row } from '@strata/sql';
import { iso, json, num, str } from './rows';

/** A stored credential: its summary, its sealed values and the platform settings it is verified in. */
export interface StoredCredential {
  summary: CredentialSummary;
  sealed: string;
  platformSettings: Record<string, unknown>;
}

function toCredential(r: Row): StoredCredential {
  return {
    summary: {
      id: str(r['id']),
      platform: str(r['platform']),
      kind: str(r['kind']),
      name: str(r['name']),
      fingerprint: str(r['fingerprint']),
      identity: json<CredentialIdentity>(r, 'identity'),
      createdAt: iso(num(r['created_at'])),
      verifiedAt: iso(num(r['verified_at'])),
    },
    sealed: str(r['sealed']),
    platformSettings: json<Record<string, unknown>>(r, 'platform_settings'),
  };
}

/** Credentials, their values sealed by the credential box. */
export class CredentialsRepo {
  constructor(private readonly db: Queryable) {}

  async insert(c: {
    id: string;
    platform: string;
    kind: string;
    name: string;
    fingerprint: string;
    identity: CredentialIdentity;
    sealed: string;
    platformSettings: Record<string, unknown>;
    createdBy: string;
    at: number;
  }): Promise<void> {
    await this.db.run(
      `INSERT INTO credentials (id, platform, kind, name, fingerprint, identity, sealed, platform_settings, created_by, created_at, verified_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)`,
      [c.id, c.platform, c.kind, c.name, c.fingerprint, JSON.stringify(c.identity), c.sealed, JSON.stringify(c.platformSettings), c.createdBy, c.at],
    );
  }

  async get(id: string): Promise<StoredCredential | undefined> {
    const [row] = await this.db.query('SELECT * FROM credentials WHERE id = $1', [id]);
    return row ? toCredential(row) : undefined;
  }

  async list(): Promise<CredentialSummary[]> {
    return (await this.db.query('SELECT * FROM credentials ORDER BY created_at, id')).map((r) => toCredential(r).summary);
  }

  async verified(id: string, identity: CredentialIdentity, at: number): Promise<void> {
    await this.db.run('UPDATE credentials SET identity = $2, verified_at = $3 WHERE id = $1', [id, JSON.stringify(identity), at]);
  }

  async delete(id: string): Promise<void> {
    await this.db.run('DELETE FROM credentials WHERE id = $1', [id]);
  }
}
