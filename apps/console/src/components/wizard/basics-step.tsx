'use client';

import { Stack, Title } from '@mantine/core';
import { OS_CHANNELS, PINNED_KUBERNETES_VERSION, SUPPORTED_KUBERNETES_VERSIONS } from '@strata/cluster-config';
import { DocSelect, DocSuggest, DocText } from './fields';
import type { StepProps } from './step-props';
import { valueAt } from './use-cluster-document';
import { useLookup } from './use-lookup';

/** Lookups that list the provider's public DNS zones, which the base domain must be one of. */
const ZONE_LOOKUPS = ['hosted-zones', 'dns-zones'];

/** Name, Kubernetes version, OS channel and, on clouds, the base domain the API is published under. */
export function BasicsStep(props: StepProps) {
  const cloud = props.platform !== undefined && props.platform !== 'local';
  const zoneLookup = props.provider?.lookups.find((l) => ZONE_LOOKUPS.includes(l));
  const section = valueAt(props.doc.value, ['spec', 'platform', props.platform ?? '']);
  const [zones] = useLookup(
    props.platform ?? '',
    zoneLookup ?? '',
    props.credentialId,
    section,
    cloud && !props.readOnly && !!zoneLookup && !!props.credentialId,
  );
  const domains = [...new Set(zones.map((z) => z.value.replace(/\.$/, '')))];
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
        <DocSuggest
          {...props}
          path={['spec', 'baseDomain']}
          label="Base domain"
          required
          placeholder="example.com"
          data={domains}
          description={`The API is published as api.<name>.<base domain>${domains.length > 0 ? '; the provider holds the zones listed' : ''}.`}
        />
      ) : null}
    </Stack>
  );
}
