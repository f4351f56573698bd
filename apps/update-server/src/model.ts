import type { Policy } from './policy';

/**
 * What the server stores, after Nebraska's data model: applications, their packages,
 * channels pointing at a package, groups (a track's name, its channel and rollout policy),
 * the machines (instances) with their status history and events, and an activity log.
 */

/** An instance's update status, after Nebraska's instance statuses. */
export const INSTANCE_STATUSES = ['undefined', 'update-granted', 'downloading', 'downloaded', 'installed', 'complete', 'error', 'on-hold'] as const;
export type InstanceStatus = (typeof INSTANCE_STATUSES)[number];

/** The statuses of a machine that was granted an update and has not finished it. */
export const UPDATING: readonly InstanceStatus[] = ['update-granted', 'downloading', 'downloaded', 'installed'];

/** The channels every application starts with. */
export const DEFAULT_CHANNELS = ['stable', 'beta', 'alpha'] as const;

export interface Application {
  id: string;
  name: string;
}

export interface Package {
  appId: string;
  version: string;
  /** The payload's file name, which the machine appends to the codebase. */
  name: string;
  /** Where the server keeps the payload, relative to its packages directory (`<version>/<name>`). */
  file: string | null;
  /** An external codebase instead of the server's own (`https://…/`). */
  url: string | null;
  size: number;
  sha1Base64: string;
  sha256Base64: string;
  /** Further files of the release (names with their size and hashes), informational. */
  extraFiles: Array<{ name: string; size: number; sha256Base64: string }>;
  createdAt: number;
}

export interface Channel {
  appId: string;
  name: string;
  /** The version the channel points at, or null before the first promotion. */
  version: string | null;
  /** Versions every machine below them must install on its way to the channel's version. */
  floors: string[];
  updatedAt: number;
}

export interface Group {
  appId: string;
  /** The track machines name in their requests (`GROUP` of /etc/flatcar/update.conf). */
  name: string;
  channel: string;
  policy: Policy;
  /** Why updates are off, when they are: paused by an admin or automatically. */
  pausedReason: string | null;
  /** Failures before this time do not count towards auto-pause (set on resume). */
  failuresSince: number;
  updatedAt: number;
}

export interface Instance {
  appId: string;
  machineId: string;
  group: string | null;
  track: string;
  version: string;
  oem: string;
  bootId: string;
  status: InstanceStatus;
  statusAt: number;
  grantedVersion: string | null;
  grantedAt: number | null;
  lastCheckAt: number;
  createdAt: number;
}

export interface StoredEvent {
  id: number;
  appId: string;
  machineId: string;
  group: string | null;
  type: number;
  result: number;
  /** `errorcode` as sent. */
  errorCode: number | null;
  /** The code without its flag bits, its name and the flags (e.g. `testOmahaUrl` for 1<<28). */
  error: { code: number; name: string | null; flags: string[] } | null;
  previousVersion: string | null;
  version: string;
  /** The version the machine was granted when it reported the event. */
  targetVersion: string | null;
  at: number;
}

export interface Activity {
  id: number;
  appId: string;
  group: string | null;
  kind: string;
  severity: 'info' | 'warning' | 'error';
  version: string | null;
  message: string;
  at: number;
}
