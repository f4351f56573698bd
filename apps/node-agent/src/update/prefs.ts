import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../status/run-files';
import type { OmahaEvent } from './omaha-client';

/**
 * What the update engine keeps across restarts and reboots, as update_engine's prefs
 * directory does (`/var/lib/update_engine/prefs`): the download in progress (to resume it),
 * the update waiting for its reboot, and events not sent yet.
 */
export const UpdatePrefsSchema = z.object({
  download: z
    .object({
      version: z.string(),
      url: z.string(),
      size: z.number().int(),
      sha1: z.string(),
      sha256: z.string().nullable(),
      etag: z.string().nullable().default(null),
      startedEventSent: z.boolean(),
      finishedEventSent: z.boolean(),
    })
    .nullable()
    .default(null),
  /** An update written into `slot` in boot `fromBootId`, replacing `fromVersion`. */
  pending: z
    .object({ slot: z.enum(['usr-a', 'usr-b']), version: z.string(), fromVersion: z.string(), fromBootId: z.string() })
    .nullable()
    .default(null),
  /** Events to send with the next request (update_engine sends them as their own requests). */
  events: z.array(z.object({ type: z.number(), result: z.number(), errorCode: z.number().optional(), previousVersion: z.string().optional() })).default([]),
  /** Versions that failed their trial boot on this machine; never installed again. */
  badVersions: z.array(z.string()).default([]),
});
export type UpdatePrefs = z.infer<typeof UpdatePrefsSchema>;

export function prefsPath(root: string): string {
  return join(root, 'var/lib/update_engine/prefs.json');
}

export function readPrefs(root: string): UpdatePrefs {
  try {
    return UpdatePrefsSchema.parse(JSON.parse(readFileSync(prefsPath(root), 'utf8')));
  } catch {
    return UpdatePrefsSchema.parse({});
  }
}

export function writePrefs(root: string, prefs: UpdatePrefs): void {
  writeFileAtomic(prefsPath(root), `${JSON.stringify(prefs, null, 2)}\n`);
}

export type { OmahaEvent };
