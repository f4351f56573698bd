import { YamlView } from '../../../../../components/yaml/yaml-view';

export const dynamic = 'force-dynamic';

/** `?resource=&namespace=&name=`: one object's YAML, editable by operators and admins. */
export default async function YamlPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { id } = await params;
  const q = await searchParams;
  const one = (v: string | string[] | undefined) => (typeof v === 'string' ? v : undefined);
  return <YamlView clusterId={id} resource={one(q['resource']) ?? ''} namespace={one(q['namespace'])} name={one(q['name']) ?? ''} />;
}
