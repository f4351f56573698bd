import type { ReactNode } from 'react';
import { notFound } from 'next/navigation';
import { getCluster } from '@strata/console-server';
import { ClusterHeader } from '../../../../components/clusters/cluster-header';
import { consoleRuntime } from '../../../../server/runtime';

export const dynamic = 'force-dynamic';

/** The pages of one cluster share its name and the page tabs. */
export default async function ClusterLayout({ children, params }: { children: ReactNode; params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { store } = await consoleRuntime();
  const cluster = await getCluster(store, id);
  if (!cluster) notFound();
  return (
    <>
      <ClusterHeader clusterId={id} name={cluster.name} />
      {children}
    </>
  );
}
