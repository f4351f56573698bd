'use client';

import { usePathname, useRouter } from 'next/navigation';
import { Anchor, Breadcrumbs, Tabs, Title } from '@mantine/core';
import { clusterHref } from '../../lib/links';

const PAGES = [
  { value: 'overview', label: 'Overview' },
  { value: 'nodes', label: 'Nodes' },
  { value: 'workloads', label: 'Workloads' },
  { value: 'pods', label: 'Pods' },
  { value: 'namespaces', label: 'Namespaces' },
  { value: 'events', label: 'Events' },
];

/** The cluster's name and the tabs of its pages. */
export function ClusterHeader({ clusterId, name }: { clusterId: string; name: string }) {
  const pathname = usePathname();
  const router = useRouter();
  const base = clusterHref(clusterId);
  const rest = pathname.startsWith(base) ? pathname.slice(base.length).replace(/^\//, '') : '';
  const current = rest === '' ? 'overview' : (PAGES.find((p) => rest === p.value || rest.startsWith(`${p.value}/`))?.value ?? null);
  return (
    <>
      <Breadcrumbs>
        <Anchor href="/" size="sm">
          Clusters
        </Anchor>
        <Anchor href={base} size="sm">
          {name}
        </Anchor>
      </Breadcrumbs>
      <Title order={2}>Cluster {name}</Title>
      <Tabs value={current} onChange={(value) => value !== null && router.push(clusterHref(clusterId, value === 'overview' ? '' : value))} keepMounted={false}>
        <Tabs.List aria-label="Cluster pages">
          {PAGES.map((p) => (
            <Tabs.Tab key={p.value} value={p.value}>
              {p.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
    </>
  );
}
