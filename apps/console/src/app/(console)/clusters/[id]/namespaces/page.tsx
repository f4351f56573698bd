import { NamespacesView } from '../../../../../components/namespaces/namespaces-view';

export const dynamic = 'force-dynamic';

/** The cluster's namespaces, live. */
export default async function NamespacesPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <NamespacesView clusterId={id} />;
}
