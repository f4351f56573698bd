import { ConflictError } from '@strata/errors';
import type { Queryable } from '@strata/sql';
import { iso, type ClusterUsage, type UsageReport } from './model';

interface UsageRow {
  report_id: string;
  cluster_id: string;
  license_id: string | null;
  nodes: number;
  observed_at: number;
  received_at: number;
  arrival_seq?: number | null;
}

function toReport(row: UsageRow): UsageReport {
  return {
    reportId: row.report_id,
    clusterId: row.cluster_id,
    licenseId: row.license_id,
    nodes: Number(row.nodes),
    observedAt: iso(row.observed_at),
    receivedAt: iso(row.received_at),
  };
}

/** A usage report as a cluster sends it. */
export interface NewUsageReport {
  reportId: string;
  clusterId: string;
  nodes: number;
  observedAt: Date;
}

/**
 * The latest report of each activated cluster, as one portable statement: for every
 * activation the correlated subquery seeks the cluster's newest report through the
 * (cluster_id, arrival_seq) index, so the cost grows with clusters, not reports.
 */
const LATEST_PER_ACTIVATED_CLUSTER = `
  SELECT a.cluster_id, r.license_id, r.nodes, r.observed_at
  FROM activations a
  JOIN usage_reports r ON r.report_id = (
    SELECT v.report_id FROM usage_reports v WHERE v.cluster_id = a.cluster_id
    ORDER BY v.arrival_seq DESC LIMIT 1
  )`;

/** Usage reports: node counts clusters send, idempotent by report id. */
export class UsageRepo {
  constructor(private readonly db: Queryable) {}

  /**
   * Records a report once. A replay with the same id and content answers `duplicate`;
   * the same id with different content is a ConflictError (the sender reused an id).
   */
  async record(report: NewUsageReport, licenseId: string | null, now = new Date()): Promise<{ report: UsageReport; duplicate: boolean }> {
    const inserted = await this.db.query<UsageRow>(
      `INSERT INTO usage_reports (report_id, cluster_id, license_id, nodes, observed_at, received_at, arrival_seq)
       VALUES ($1, $2, $3, $4, $5, $6, (SELECT COALESCE(MAX(s.arrival_seq), 0) + 1 FROM usage_reports s WHERE s.cluster_id = $2))
       ON CONFLICT (report_id) DO NOTHING RETURNING *`,
      [report.reportId, report.clusterId, licenseId, report.nodes, report.observedAt.getTime(), now.getTime()],
    );
    if (inserted[0]) return { report: toReport(inserted[0]), duplicate: false };
    const existing = (await this.db.query<UsageRow>('SELECT * FROM usage_reports WHERE report_id = $1', [report.reportId]))[0];
    if (!existing) throw new Error(`usage report ${report.reportId} was neither inserted nor found`);
    const same =
      existing.cluster_id === report.clusterId && Number(existing.nodes) === report.nodes && Number(existing.observed_at) === report.observedAt.getTime();
    if (!same) throw new ConflictError(`usage report ${report.reportId} was already received with different content; use a new report id`);
    return { report: toReport(existing), duplicate: true };
  }

  async find(reportId: string): Promise<UsageReport | undefined> {
    const row = (await this.db.query<UsageRow>('SELECT * FROM usage_reports WHERE report_id = $1', [reportId]))[0];
    return row && toReport(row);
  }

  async count(filter: { clusterId?: string } = {}): Promise<number> {
    const rows = filter.clusterId
      ? await this.db.query<{ n: number }>('SELECT COUNT(*) AS n FROM usage_reports WHERE cluster_id = $1', [filter.clusterId])
      : await this.db.query<{ n: number }>('SELECT COUNT(*) AS n FROM usage_reports');
    return Number(rows[0]?.n ?? 0);
  }

  /** The reports of a cluster that arrived last, last first. */
  async history(clusterId: string, limit = 50): Promise<UsageReport[]> {
    const rows = await this.db.query<UsageRow>('SELECT * FROM usage_reports WHERE cluster_id = $1 ORDER BY arrival_seq DESC LIMIT $2', [clusterId, limit]);
    return rows.map(toReport);
  }

  /** The latest node count of every cluster activated under `licenseId`. */
  async latestByLicense(licenseId: string): Promise<ClusterUsage[]> {
    const rows = await this.db.query<UsageRow>(`${LATEST_PER_ACTIVATED_CLUSTER} WHERE a.license_id = $1 ORDER BY a.cluster_id`, [licenseId]);
    return rows.map(toClusterUsage);
  }

  /** The latest node count of every cluster activated under any license of `customerId`. */
  async latestByCustomer(customerId: string): Promise<ClusterUsage[]> {
    const rows = await this.db.query<UsageRow>(
      `${LATEST_PER_ACTIVATED_CLUSTER} JOIN licenses l ON l.id = a.license_id WHERE l.customer_id = $1 ORDER BY a.cluster_id`,
      [customerId],
    );
    return rows.map(toClusterUsage);
  }

  /** The report of one cluster that arrived last. */
  async latestForCluster(clusterId: string): Promise<ClusterUsage | undefined> {
    const row = (await this.db.query<UsageRow>('SELECT * FROM usage_reports WHERE cluster_id = $1 ORDER BY arrival_seq DESC LIMIT 1', [clusterId]))[0];
    return row && toClusterUsage(row);
  }
}

function toClusterUsage(row: Pick<UsageRow, 'cluster_id' | 'license_id' | 'nodes' | 'observed_at'>): ClusterUsage {
  return { clusterId: row.cluster_id, licenseId: row.license_id, nodes: Number(row.nodes), observedAt: iso(row.observed_at) };
}
