import { PodDetail } from '../../../../../../../components/pods/pod-detail';

export const dynamic = 'force-dynamic';

/** One pod: status, containers, conditions, its events. */
export default async function PodPage({ params }: { params: Promise<{ id: string; namespace: string; name: string }> }) {
  const { id, namespace, name } = await params;
  return <PodDetail clusterId={id} namespace={decodeURIComponent(namespace)} name={decodeURIComponent(name)} />;
}
