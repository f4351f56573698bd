import type { LicenseView, UsagePoint } from '@strata/ui';

/** A registered cluster as the clusters page lists it. */
export interface ClusterSummary {
  id: string;
  name: string;
  /** API server URL (no credentials). */
  apiUrl?: string;
  /** `installed` (found in STRATA_HOME) or `imported` (a kubeconfig uploaded by an admin). */
  source?: string;
  reachable: boolean;
  /** Why the cluster could not be read, when it could not. */
  error?: string;
  /** Kubernetes version of the API server. */
  version?: string;
  nodes: { ready: number; total: number };
  /** `Healthy`, `Degraded` (a control-plane component or node not ready) or `Unreachable`. */
  health: 'Healthy' | 'Degraded' | 'Unreachable';
  /** ISO instant the summary was read. */
  checkedAt: string;
}

/** The answer of `GET /api/clusters`. */
export interface ClustersAnswer {
  clusters: ClusterSummary[];
  license: LicenseView | null;
}

/** The answer of `GET /api/license`. */
export interface LicenseAnswer {
  license: LicenseView;
  usage: UsagePoint[];
  /** Node counts per cluster that make up `license.nodes`. */
  clusters: { id: string; name: string; nodes: number; reachable: boolean }[];
}
