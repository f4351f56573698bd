'use client';

import { Stack, Text, Title } from '@mantine/core';
import { DocText } from './fields';
import type { StepProps } from './step-props';

/**
 * Pod, Service and machine networks. Overlaps between them (and with the local address range)
 * are reported by `validateCluster` at the field, as the CLI reports them.
 */
export function NetworkingStep(props: StepProps) {
  const cloud = props.platform !== undefined && props.platform !== 'local';
  const general = props.problems.filter((p) => p.path === 'spec.networking');
  return (
    <Stack maw={560}>
      <Title order={3}>Networking</Title>
      <DocText {...props} path={['spec', 'networking', 'podCIDR']} label="Pod network (CIDR)" placeholder="10.128.0.0/14" />
      <DocText {...props} path={['spec', 'networking', 'serviceCIDR']} label="Service network (CIDR)" placeholder="172.30.0.0/16" />
      {cloud ? <DocText {...props} path={['spec', 'networking', 'machineCIDR']} label="Machine network (CIDR)" placeholder="10.0.0.0/16" /> : null}
      {general.map((p) => (
        <Text size="sm" c="red" key={p.message}>
          {p.message}
        </Text>
      ))}
    </Stack>
  );
}
