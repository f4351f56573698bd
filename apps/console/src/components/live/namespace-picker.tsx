'use client';

import { Select } from '@mantine/core';
import { useJson } from '@strata/ui';
import type { NamespaceRow, RowPage } from '../../lib/rows';

const ALL = '__all__';

/**
 * Picks one namespace or all of them. Namespaces are polled rather than streamed: they
 * change rarely, and each open stream holds one of the browser's few connections per host.
 */
export function NamespacePicker({
  clusterId,
  value,
  onChange,
}: {
  clusterId: string;
  value: string | undefined;
  onChange: (namespace: string | undefined) => void;
}) {
  const [page] = useJson<RowPage<NamespaceRow>>(`/api/clusters/${encodeURIComponent(clusterId)}/resources/namespaces?limit=1000`, { refreshMs: 30_000 });
  const names = (page?.items ?? []).map((n) => n.name).sort();
  if (value && !names.includes(value)) names.unshift(value);
  return (
    <Select
      aria-label="Namespace"
      w={240}
      searchable
      value={value ?? ALL}
      data={[{ value: ALL, label: 'All namespaces' }, ...names.map((n) => ({ value: n, label: n }))]}
      onChange={(next) => onChange(!next || next === ALL ? undefined : next)}
      allowDeselect={false}
    />
  );
}
