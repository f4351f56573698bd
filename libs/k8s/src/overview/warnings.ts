import type { CoreV1Event } from '@kubernetes/client-node';

/** A Warning event, flattened for the overview. */
export interface WarningSummary {
  reason: string;
  message: string;
  /** `Kind namespace/name` of the object the event is about. */
  object: string;
  count: number;
  /** ISO time of the latest occurrence. */
  lastSeen: string;
}

const iso = (value: Date | string | undefined): string | undefined => (value === undefined ? undefined : new Date(value).toISOString());

/**
 * Flattens a core/v1 Event. Events recorded through events.k8s.io/v1 fill `series` and
 * `eventTime` instead of `count` and `lastTimestamp`, so both are read.
 */
export function summarizeEvent(event: CoreV1Event): WarningSummary {
  const ref = event.involvedObject;
  const where = ref.namespace ? `${ref.namespace}/${ref.name}` : (ref.name ?? '');
  return {
    reason: event.reason ?? '',
    message: event.message ?? '',
    object: `${ref.kind ?? ''} ${where}`.trim(),
    count: event.series?.count ?? event.count ?? 1,
    lastSeen:
      iso(event.series?.lastObservedTime) ??
      iso(event.lastTimestamp) ??
      iso(event.eventTime) ??
      iso(event.metadata.creationTimestamp) ??
      new Date(0).toISOString(),
  };
}

/** Keeps the `limit` most recent warnings while pages stream by, so memory stays bounded. */
export class RecentWarnings {
  readonly #items: WarningSummary[] = [];

  constructor(private readonly limit: number) {}

  add(events: CoreV1Event[]): void {
    this.#items.push(...events.map(summarizeEvent));
    this.#items.sort((a, b) => b.lastSeen.localeCompare(a.lastSeen));
    this.#items.length = Math.min(this.#items.length, this.limit);
  }

  get items(): WarningSummary[] {
    return [...this.#items];
  }
}
