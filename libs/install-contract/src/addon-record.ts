/**
 * The add-on record: a ConfigMap the installer writes into every cluster it makes, listing the
 * add-ons it installed and the workloads whose readiness is each add-on's. `strata status` and
 * the console read it to tell a missing or degraded add-on from one the cluster never had.
 */
import { z } from 'zod';

export const ADDON_RECORD = { namespace: 'kube-system', name: 'strata-addons', key: 'addons.json' } as const;

export const AddonWorkloadSchema = z.strictObject({
  kind: z.enum(['DaemonSet', 'Deployment']),
  namespace: z.string().min(1),
  name: z.string().min(1),
});

export const AddonRecordEntrySchema = z.strictObject({
  name: z.string().min(1),
  version: z.string().min(1),
  workloads: z.array(AddonWorkloadSchema).min(1),
});

export const AddonRecordSchema = z.array(AddonRecordEntrySchema);

export type AddonWorkloadRef = z.infer<typeof AddonWorkloadSchema>;
export type AddonRecordEntry = z.infer<typeof AddonRecordEntrySchema>;

/** The state of one add-on as a status reader sees it. */
export interface AddonState {
  name: string;
  version: string;
  /** Summed over the add-on's workloads: pods wanted and pods ready. */
  desired: number;
  ready: number;
  state: 'ready' | 'progressing' | 'degraded' | 'missing';
  /** Why it is not ready, naming the workload. */
  reason?: string;
}

/** Parses the record's JSON; throws a readable error for a malformed record. */
export function parseAddonRecord(text: string): AddonRecordEntry[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`the add-on record ${ADDON_RECORD.namespace}/${ADDON_RECORD.name} is not JSON: ${(error as Error).message}`);
  }
  const parsed = AddonRecordSchema.safeParse(value);
  if (!parsed.success) throw new Error(`the add-on record ${ADDON_RECORD.namespace}/${ADDON_RECORD.name} is malformed: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}
