'use client';

import { Alert, Stack, Text, Title } from '@mantine/core';
import { DocSelect, DocTags, DocText } from './fields';
import type { StepProps } from './step-props';
import { valueAt } from './use-cluster-document';
import { useLookup } from './use-lookup';

/** Which document field each of the service's lookups fills, per platform key. */
const LOOKUP_FIELDS: Record<string, { field: string; label: string; many?: boolean }> = {
  regions: { field: 'region', label: 'Region' },
  zones: { field: 'zones', label: 'Zones', many: true },
  locations: { field: 'location', label: 'Location' },
};

/** Fields a platform needs that no lookup fills. */
const PLAIN_FIELDS: Record<string, { field: string; label: string; description?: string }[]> = {
  azure: [
    { field: 'subscriptionId', label: 'Subscription id' },
    { field: 'resourceGroup', label: 'Resource group', description: 'Created for the cluster; default: the cluster name.' },
  ],
  openstack: [
    { field: 'authUrl', label: 'Keystone URL' },
    { field: 'region', label: 'Region' },
  ],
};

function LookupField(props: StepProps & { lookup: string }) {
  const platform = props.platform ?? '';
  const spec = LOOKUP_FIELDS[props.lookup];
  const section = valueAt(props.doc.value, ['spec', 'platform', platform]);
  const [items, error] = useLookup(platform, props.lookup, props.credentialId, section, !props.readOnly && spec !== undefined);
  if (!spec) return null;
  const path = ['spec', 'platform', platform, spec.field];
  const description = error ? `Choices could not be read: ${error}` : undefined;
  return spec.many ? (
    <DocTags {...props} path={path} label={spec.label} description={description} data={items.map((i) => i.value)} />
  ) : (
    <DocSelect {...props} path={path} label={spec.label} description={description} data={items.map((i) => ({ value: i.value, label: i.title }))} />
  );
}

/**
 * Where the machines go: region, zones and the like, from the service's lookups with the
 * chosen credential. A local cluster has nothing to place; its address range can be set so two
 * local clusters on one machine do not meet.
 */
export function PlacementStep(props: StepProps) {
  const platform = props.platform;
  if (!platform)
    return (
      <Alert color="yellow" role="alert">
        Choose a provider first.
      </Alert>
    );
  if (platform === 'local') {
    return (
      <Stack maw={560}>
        <Title order={3}>Placement</Title>
        <Text c="dimmed">Nothing to place: every machine is a process on this host with its own loopback address.</Text>
        <DocText
          {...props}
          path={['spec', 'platform', 'local', 'addressRange']}
          label="Address range"
          placeholder="127.1.0.0/24"
          description="Loopback network the cluster takes its addresses from: the first for the API, the next ones for the machines. Give each local cluster its own."
        />
      </Stack>
    );
  }
  const lookups = (props.provider?.lookups ?? []).filter((l) => l in LOOKUP_FIELDS);
  const looked = new Set(lookups.map((l) => LOOKUP_FIELDS[l]?.field));
  return (
    <Stack maw={560}>
      <Title order={3}>Placement</Title>
      {props.credentialId ? null : (
        <Alert color="yellow" role="status">
          Without a credential the choices cannot be read from the provider; type them instead.
        </Alert>
      )}
      {lookups.map((l) => (
        <LookupField key={l} {...props} lookup={l} />
      ))}
      {(PLAIN_FIELDS[platform] ?? [])
        .filter((f) => !looked.has(f.field))
        .map((f) => (
          <DocText key={f.field} {...props} path={['spec', 'platform', platform, f.field]} label={f.label} description={f.description} />
        ))}
      {platform === 'aws' && !looked.has('region') ? (
        <DocText {...props} path={['spec', 'platform', 'aws', 'region']} label="Region" placeholder="us-east-1" />
      ) : null}
    </Stack>
  );
}
