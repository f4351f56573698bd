'use client';

import { Button, Card, Group, SimpleGrid, Stack, TagsInput, Text, Title } from '@mantine/core';
import { machineTypeChoices } from './control-plane-step';
import { ProblemLines } from './problem-lines';
import { DocNumber, DocSelect, DocText, pathText } from './fields';
import type { StepProps } from './step-props';
import { valueAt } from './use-cluster-document';

/** What a document has when it names no pools: the schema's default pool. */
const DEFAULT_POOLS: Record<string, unknown>[] = [{ name: 'default', replicas: 2 }];

/** `key=value` for each label. */
function labelTags(labels: unknown): string[] {
  return labels && typeof labels === 'object' ? Object.entries(labels as Record<string, unknown>).map(([k, v]) => `${k}=${String(v ?? '')}`) : [];
}

/** `key=value:Effect` for each taint. */
function taintTags(taints: unknown): string[] {
  return Array.isArray(taints)
    ? taints.map(
        (t: { key?: unknown; value?: unknown; effect?: unknown }) =>
          `${String(t.key ?? '')}${t.value === undefined ? '' : `=${String(t.value)}`}:${String(t.effect ?? '')}`,
      )
    : [];
}

function parseLabel(tag: string): [string, string] {
  const at = tag.indexOf('=');
  return at < 0 ? [tag.trim(), ''] : [tag.slice(0, at).trim(), tag.slice(at + 1).trim()];
}

function parseTaint(tag: string): { key: string; value?: string; effect: string } {
  const colon = tag.lastIndexOf(':');
  const head = colon < 0 ? tag : tag.slice(0, colon);
  const effect = colon < 0 ? '' : tag.slice(colon + 1).trim();
  const at = head.indexOf('=');
  return at < 0 ? { key: head.trim(), effect } : { key: head.slice(0, at).trim(), value: head.slice(at + 1).trim(), effect };
}

/** The worker pools: add and remove pools, their size, replicas, labels and taints. */
export function WorkersStep(props: StepProps) {
  const { doc, readOnly, problems } = props;
  const written = valueAt(doc.value, ['spec', 'workers']);
  const pools = Array.isArray(written) ? (written as Record<string, unknown>[]) : DEFAULT_POOLS;
  const add = () => {
    const name = `pool-${pools.length + 1}`;
    if (Array.isArray(written)) doc.edit([{ path: ['spec', 'workers', pools.length], value: { name, replicas: 1 } }]);
    else doc.edit([{ path: ['spec', 'workers'], value: [...DEFAULT_POOLS, { name, replicas: 1 }] }]);
  };
  return (
    <Stack>
      <Title order={3}>Worker pools</Title>
      {pools.map((pool, i) => {
        const base = ['spec', 'workers', i] as const;
        const prefix = pathText(base);
        const other = problems.filter((p) => (p.path.startsWith(`${prefix}.labels`) || p.path.startsWith(`${prefix}.taints`)) && p.path !== prefix);
        return (
          <Card withBorder key={i} data-pool={String(pool['name'] ?? i)}>
            <Stack gap="xs">
              <SimpleGrid cols={{ base: 1, sm: 3 }}>
                <DocText {...props} path={[...base, 'name']} label="Pool name" required />
                <DocNumber {...props} path={[...base, 'replicas']} label="Replicas" min={0} />
                <DocSelect {...props} path={[...base, 'machineType']} label="Machine type" placeholder="small" data={machineTypeChoices(props)} />
              </SimpleGrid>
              <TagsInput
                label="Labels"
                description="key=value, e.g. example.com/tier=general"
                readOnly={readOnly}
                value={labelTags(pool['labels'])}
                onChange={(tags) => doc.edit([{ path: [...base, 'labels'], value: tags.length > 0 ? Object.fromEntries(tags.map(parseLabel)) : undefined }])}
              />
              <TagsInput
                label="Taints"
                description="key=value:Effect, e.g. example.com/batch=true:NoSchedule"
                readOnly={readOnly}
                value={taintTags(pool['taints'])}
                onChange={(tags) => doc.edit([{ path: [...base, 'taints'], value: tags.length > 0 ? tags.map(parseTaint) : undefined }])}
              />
              <ProblemLines problems={other} size="xs" c="red" />
              {readOnly ? null : (
                <Group justify="flex-end">
                  <Button size="xs" variant="subtle" color="red" onClick={() => doc.edit([{ path: ['spec', 'workers', i], value: undefined }])}>
                    Remove pool {String(pool['name'] ?? i)}
                  </Button>
                </Group>
              )}
            </Stack>
          </Card>
        );
      })}
      {problems
        .filter((p) => p.path === 'spec.workers')
        .map((p) => (
          <Text size="sm" c="red" key={p.message}>
            {p.message}
          </Text>
        ))}
      {readOnly ? null : (
        <Group>
          <Button variant="default" onClick={add}>
            Add a pool
          </Button>
        </Group>
      )}
    </Stack>
  );
}
