'use client';

import { SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { problemAt } from './wizard-steps';
import { DocSelect } from './fields';
import type { StepProps } from './step-props';
import { valueAt } from './use-cluster-document';

/** Machine sizes of the catalog, smallest first. */
export const MACHINE_SIZES = ['small', 'medium', 'large'] as const;

/** Size choices with the provider's machine type for each, when it says. */
export function machineTypeChoices(props: StepProps): { value: string; label: string }[] {
  return MACHINE_SIZES.map((size) => {
    const type = props.provider?.machineTypes.find((m) => m.size === size);
    return { value: size, label: type ? `${size}: ${type.type} (${type.cpus} vCPU, ${type.memoryGiB} GiB)` : size };
  });
}

/** The control plane: 1, 3 or 5 machines (one etcd member each, so an odd number) and their size. */
export function ControlPlaneStep(props: StepProps) {
  const replicas = valueAt(props.doc.value, ['spec', 'controlPlane', 'replicas']);
  const error = problemAt(props.problems, 'spec.controlPlane.replicas');
  return (
    <Stack maw={560}>
      <Title order={3}>Control plane</Title>
      <div>
        <Text size="sm" fw={500} id="cp-replicas-label">
          Control-plane machines
        </Text>
        <SegmentedControl
          aria-labelledby="cp-replicas-label"
          data-path="spec.controlPlane.replicas"
          disabled={props.readOnly}
          data={['1', '3', '5']}
          value={String(typeof replicas === 'number' ? replicas : 1)}
          onChange={(v) => props.doc.edit([{ path: ['spec', 'controlPlane', 'replicas'], value: Number(v) }])}
        />
        <Text size="xs" c="dimmed">
          One etcd member per machine: 3 survive the loss of one, 5 of two.
        </Text>
        {error ? (
          <Text size="xs" c="red">
            {error}
          </Text>
        ) : null}
      </div>
      <DocSelect {...props} path={['spec', 'controlPlane', 'machineType']} label="Machine type" placeholder="medium" data={machineTypeChoices(props)} />
    </Stack>
  );
}
