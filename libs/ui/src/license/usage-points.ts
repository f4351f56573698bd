/** One sample of node usage against the entitlement at that time. */
export interface UsagePoint {
  /** ISO instant. */
  at: string;
  nodes: number;
  allowedNodes: number;
}

/** Chart data: one row per sample, labelled by a short local time. */
export function chartRows(points: readonly UsagePoint[]): { time: string; Nodes: number; Entitlement: number }[] {
  return [...points]
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at))
    .map((p) => ({
      time: new Date(p.at).toISOString().slice(5, 16).replace('T', ' '),
      Nodes: p.nodes,
      Entitlement: p.allowedNodes,
    }));
}
