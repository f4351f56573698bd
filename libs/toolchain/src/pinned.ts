import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
// The one place the versions are set (tools/binaries, the `binaries` project), imported by
// package name so the dependency is an edge of the project graph; bundles carry it inline.
import versions from '@strata/binaries/versions.json' with { type: 'json' };

/** The repository root, found from this file's location. */
export const WORKSPACE_ROOT = resolve(import.meta.dirname, '../../..');

/** The pinned versions of the real binaries; `@strata/binaries/versions.json` is the one place they are set. */
export interface PinnedVersions {
  kubernetes: string;
  etcd: string;
  kwok: string;
  /** Dex, the OpenID Connect provider the console's login tests run against. */
  dex: string;
}

const pinned: PinnedVersions = versions;

/** The pinned Kubernetes, etcd, KWOK and Dex versions. */
export function pinnedVersions(): PinnedVersions {
  return pinned;
}

/** The user's cache directory for Strata: $STRATA_CACHE_DIR, else $XDG_CACHE_HOME/strata, else ~/.cache/strata. */
export function cacheDir(): string {
  return process.env['STRATA_CACHE_DIR'] ?? join(process.env['XDG_CACHE_HOME'] ?? join(homedir(), '.cache'), 'strata');
}

export type PinnedBinary = 'kube-apiserver' | 'kube-controller-manager' | 'kube-scheduler' | 'kubectl' | 'etcd' | 'kwok' | 'kwokctl' | 'dex';

/** Where the set-up step puts each pinned binary (see build.sh of `@strata/binaries`). */
export function binaryPath(name: PinnedBinary): string {
  const v = pinnedVersions();
  switch (name) {
    case 'etcd':
      return join(cacheDir(), 'etcd', v.etcd, 'bin', 'etcd');
    case 'kwok':
    case 'kwokctl':
      return join(cacheDir(), 'kwok', v.kwok, 'bin', name);
    case 'dex':
      return join(cacheDir(), 'dex', v.dex, 'bin', 'dex');
    default:
      return join(cacheDir(), 'kubernetes', v.kubernetes, 'bin', name);
  }
}
