'use client';

import { Stack, Title } from '@mantine/core';
import { OS_CHANNELS, PINNED_KUBERNETES_VERSION, SUPPORTED_KUBERNETES_VERSIONS } from '@strata/cluster-config';
import { DocSelect, DocText } from './fields';
import type { StepProps } from './step-props';

/** Name, Kubernetes version, OS channel and, on clouds, the base domain the API is published under. */
export function BasicsStep(props: StepProps) {
  const cloud = props.platform !== undefined && props.platform !== 'local';
  return (
    <Stack maw={560}>
      <Title order={3}>Basics</Title>
      <DocText
        {...props}
        path={['metadata', 'name']}
        label="Cluster name"
        required
        description="A DNS label of at most 32 characters; it prefixes every machine and resource name."
      />
      <DocSelect
        {...props}
        path={['spec', 'kubernetesVersion']}
        label="Kubernetes version"
        placeholder={PINNED_KUBERNETES_VERSION}
        data={SUPPORTED_KUBERNETES_VERSIONS.map((v) => ({ value: v, label: v === PINNED_KUBERNETES_VERSION ? `${v} (default)` : v }))}
      />
      <DocSelect
        {...props}
        path={['spec', 'os', 'channel']}
        label="OS update channel"
        placeholder="stable"
        data={OS_CHANNELS.map((c) => ({ value: c, label: c }))}
      />
      {cloud ? (
        <DocText
          {...props}
          path={['spec', 'baseDomain']}
          label="Base domain"
          required
          placeholder="example.com"
          description="The API is published as api.<name>.<base domain>."
        />
      ) : null}
    </Stack>
  );
}
