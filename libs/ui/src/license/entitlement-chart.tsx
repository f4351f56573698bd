'use client';

import { LineChart } from '@mantine/charts';
import { Text } from '@mantine/core';
import { chartRows, type UsagePoint } from './usage-points';

/** Nodes counted across clusters against the nodes the license allows, over time. */
export function EntitlementChart({ points, height = 260 }: { points: readonly UsagePoint[]; height?: number }) {
  if (points.length === 0) return <Text c="dimmed">No usage recorded yet.</Text>;
  return (
    <LineChart
      h={height}
      data={chartRows(points)}
      dataKey="time"
      curveType="stepAfter"
      withLegend
      aria-label="Nodes against entitlement"
      series={[
        { name: 'Entitlement', color: 'teal.6', strokeDasharray: '6 4' },
        { name: 'Nodes', color: 'indigo.6' },
      ]}
    />
  );
}
