import { parse } from 'yaml';

/** What the pod page shows, read from the pod's YAML. */
export interface PodDetails {
  phase: string;
  node?: string;
  podIP?: string;
  qosClass?: string;
  startTime?: string;
  owner?: string;
  containers: { name: string; image: string; ready: boolean; restarts: number; state: string }[];
  conditions: { type: string; status: string; reason?: string; message?: string }[];
  labels: Record<string, string>;
}

type Loose = Record<string, unknown>;
const obj = (v: unknown): Loose => (v && typeof v === 'object' ? (v as Loose) : {});
const arr = (v: unknown): Loose[] => (Array.isArray(v) ? v.map(obj) : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : v instanceof Date ? v.toISOString() : undefined);

function stateOf(status: Loose): string {
  const state = obj(status['state']);
  const [key, value] = Object.entries(state)[0] ?? [];
  if (!key) return 'unknown';
  const reason = str(obj(value)['reason']);
  return reason ? `${key} (${reason})` : key;
}

/** Reads the details of a pod from its YAML; tolerant of missing fields. */
export function podDetailsFromYaml(text: string): PodDetails {
  const pod = obj(parse(text));
  const meta = obj(pod['metadata']);
  const spec = obj(pod['spec']);
  const status = obj(pod['status']);
  const statuses = new Map(arr(status['containerStatuses']).map((s) => [str(s['name']) ?? '', s]));
  const owner = arr(meta['ownerReferences'])[0];
  return {
    phase: str(status['phase']) ?? 'Unknown',
    ...(str(spec['nodeName']) ? { node: str(spec['nodeName']) } : {}),
    ...(str(status['podIP']) ? { podIP: str(status['podIP']) } : {}),
    ...(str(status['qosClass']) ? { qosClass: str(status['qosClass']) } : {}),
    ...(str(status['startTime']) ? { startTime: str(status['startTime']) } : {}),
    ...(owner ? { owner: `${str(owner['kind']) ?? ''}/${str(owner['name']) ?? ''}` } : {}),
    containers: arr(spec['containers']).map((c) => {
      const name = str(c['name']) ?? '';
      const s = statuses.get(name) ?? {};
      return { name, image: str(c['image']) ?? '', ready: s['ready'] === true, restarts: Number(s['restartCount'] ?? 0), state: stateOf(s) };
    }),
    conditions: arr(status['conditions']).map((c) => ({
      type: str(c['type']) ?? '',
      status: str(c['status']) ?? '',
      ...(str(c['reason']) ? { reason: str(c['reason']) } : {}),
      ...(str(c['message']) ? { message: str(c['message']) } : {}),
    })),
    labels: Object.fromEntries(Object.entries(obj(meta['labels'])).map(([k, v]) => [k, String(v)])),
  };
}
