/** `spec.controlPlane` and `spec.workers[*]`: how many machines of which type. */
import { z } from 'zod';
import { DNS_LABEL, dnsLabelProblem } from '../formats/dns-names';
import { labelKeyProblem, labelValueProblem } from '../formats/kubernetes-labels';
import { show } from '../formats/show';
import { asRecord, checkedString, integerIn, stringMap, withCheck } from './fields';
import { machineTypeField } from './machine-type-field';

/** Pool names that would collide with the control plane's machine names (`<cluster>-cp-0`) or its pool label. */
export const RESERVED_POOL_NAMES = ['cp', 'control-plane'] as const;

/** Longest pool name: keeps `<cluster>-<pool>-<index>` within a 63-character DNS label. */
export const MAX_POOL_NAME_LENGTH = 24;

/** Most machines one pool may ask for. */
export const MAX_POOL_REPLICAS = 10_000;

/** Taint effects the scheduler and kubelet understand. */
export const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const;

/** Schema of one taint. */
export const TaintSchema = z
  .strictObject({
    key: checkedString((key) => labelKeyProblem(key), { description: 'Taint key, label-key syntax.' }),
    value: checkedString((value) => labelValueProblem(value), { description: 'Taint value, label-value syntax.' }).optional(),
    effect: z.enum(TAINT_EFFECTS).meta({ description: 'What the taint does to pods that do not tolerate it.' }),
  })
  .meta({ description: 'A taint registered with every node of the pool.' });

/** Schema of `spec.controlPlane`. */
export const ControlPlaneSchema = z
  .strictObject({
    replicas: z
      .number()
      .superRefine((value, ctx) => {
        if (value !== 1 && value !== 3 && value !== 5) {
          ctx.addIssue({
            code: 'custom',
            message: `must be 1, 3 or 5 (etcd needs an odd quorum); got ${show(value)}`,
            input: value,
          });
        }
      })
      .meta({ type: 'integer', enum: [1, 3, 5], description: 'Control-plane machines; each runs an etcd member, so 1, 3 or 5.' })
      .default(1),
    machineType: machineTypeField('Machine type of the control-plane machines.').default('medium'),
  })
  .meta({ description: 'The control-plane machines (etcd, kube-apiserver, controller-manager, scheduler).' });

/** Schema of one worker pool in `spec.workers`. */
export const NodePoolSchema = withCheck(
  z
    .strictObject({
      name: checkedString(
        (name) =>
          dnsLabelProblem(name, MAX_POOL_NAME_LENGTH, 'machine names are <cluster>-<pool>-<index>') ??
          ((RESERVED_POOL_NAMES as readonly string[]).includes(name)
            ? `${show(name)} is reserved for the control plane; choose another pool name such as "workers"`
            : undefined),
        {
          description: 'Pool name, a DNS-1123 label; machines are named <cluster>-<pool>-<index>.',
          pattern: DNS_LABEL.source,
          maxLength: MAX_POOL_NAME_LENGTH,
        },
      ),
      replicas: integerIn(0, MAX_POOL_REPLICAS, { description: 'Number of machines in the pool.' }, `a whole number from 0 to ${MAX_POOL_REPLICAS}`),
      machineType: machineTypeField('Machine type of the pool.').default('small'),
      labels: stringMap((key, value) => ({ key: labelKeyProblem(key), value: labelValueProblem(value) }), {
        description: 'Labels registered with every node of the pool.',
      }).default({}),
      taints: z.array(TaintSchema).default([]).meta({ description: 'Taints registered with every node of the pool.' }),
    })
    .meta({ description: 'A pool of identical worker machines.' }),
  (value, report) => {
    const taints = asRecord(value)?.taints;
    if (!Array.isArray(taints)) return;
    const seen = new Map<string, number>();
    taints.forEach((taint, index) => {
      const t = asRecord(taint);
      if (typeof t?.key !== 'string' || typeof t.effect !== 'string') return;
      const id = `${t.key}:${t.effect}`;
      const first = seen.get(id);
      if (first !== undefined) {
        report(['taints', index], `repeats the taint ${t.key} with effect ${t.effect} of taints[${first}]; a node holds one taint per key and effect`);
      } else seen.set(id, index);
    });
  },
);
