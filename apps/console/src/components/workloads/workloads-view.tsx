'use client';

import { useState } from 'react';
import { Stack, Tabs } from '@mantine/core';
import { NamespacePicker } from '../live/namespace-picker';
import { useNamespaceParam } from '../live/use-namespace-param';
import { WorkloadTable } from './workload-table';

const KINDS = [
  { value: 'deployments', label: 'Deployments' },
  { value: 'statefulsets', label: 'StatefulSets' },
  { value: 'daemonsets', label: 'DaemonSets' },
] as const;

type Kind = (typeof KINDS)[number]['value'];

/** The workloads of a cluster by kind; only the open tab is streamed. */
export function WorkloadsView({ clusterId }: { clusterId: string }) {
  const [namespace, setNamespace] = useNamespaceParam();
  const [kind, setKind] = useState<Kind>('deployments');
  return (
    <Stack>
      <NamespacePicker clusterId={clusterId} value={namespace} onChange={setNamespace} />
      <Tabs value={kind} onChange={(v) => v && setKind(v as Kind)} keepMounted={false}>
        <Tabs.List aria-label="Workload kinds">
          {KINDS.map((k) => (
            <Tabs.Tab key={k.value} value={k.value}>
              {k.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {KINDS.map((k) => (
          <Tabs.Panel key={k.value} value={k.value} pt="sm">
            <WorkloadTable clusterId={clusterId} resource={k.value} label={k.label} namespace={namespace} />
          </Tabs.Panel>
        ))}
      </Tabs>
    </Stack>
  );
}
