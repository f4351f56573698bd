import type { AddonState } from '@strata/install-contract';

/** The answer of `GET /api/clusters/:id/overview` (the @strata/k8s ClusterOverview, as JSON). */
export interface OverviewAnswer {
  version: string;
  nodes: { total: number; ready: number };
  pods: { total: number; running: number; pending: number; failed: number };
  controlPlane: { name: string; healthy: boolean; message: string }[];
  recentWarnings: { reason: string; message: string; object: string; count: number; lastSeen: string }[];
  addons: {
    recorded: boolean;
    healthy: boolean;
    reasons: string[];
    addons: AddonState[];
  };
}
