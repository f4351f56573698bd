import { IMAGE_REGISTRY } from '../images';
import type { OsImageFile } from './payload';

/** Flatcar's application id in Omaha, which Strata's OS keeps (update servers key on it). */
export const OS_APP_ID = '{e96281a6-d1af-4bde-9a0a-97b76e56dc57}';

/** Paths inside a `/usr` image (relative to `/usr`) that the machine and its update engine read. */
export const USR_PATHS = {
  osRelease: 'lib/os-release',
  flatcarRelease: 'share/flatcar/release',
  nodeAgent: 'lib/strata/node-agent.mjs',
  imageTable: 'lib/strata/images.json',
  healthChecks: 'lib/strata/health.d',
  /** Run by the update engine from the freshly written slot, as Flatcar runs `/postinst` from the new partition. */
  postinstall: 'postinst',
} as const;

/** `/usr/lib/os-release` of a `/usr` image, in the os-release(5) format (`/etc/os-release` links to it). */
export function usrOsRelease(version: string, buildId: string): string {
  return [
    'NAME="Strata Container Linux"',
    'ID=strata',
    'ID_LIKE=flatcar',
    `VERSION=${version}`,
    `VERSION_ID=${version}`,
    `BUILD_ID=${buildId}`,
    `PRETTY_NAME="Strata Container Linux ${version}"`,
    'HOME_URL="https://strata.dev/"',
    '',
  ].join('\n');
}

/** Flatcar's `/usr/share/flatcar/release`, which its update engine reads for the version it reports. */
export function flatcarRelease(version: string): string {
  return [`FLATCAR_RELEASE_VERSION=${version}`, 'FLATCAR_RELEASE_BOARD=amd64-usr', `FLATCAR_RELEASE_APPID=${OS_APP_ID}`, ''].join('\n');
}

/** Parses os-release(5) or Flatcar's release file: `KEY=value` lines, values optionally quoted. */
export function parseReleaseFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (!m) continue;
    const [, key, raw] = m as unknown as [string, string, string];
    out[key] = raw.replace(/^"(.*)"$/, '$1').replace(/^'(.*)'$/, '$1');
  }
  return out;
}

/**
 * The default health check of an image: the slot it runs from holds its own release
 * files and agent. Checks are shell scripts run with `STRATA_ROOT` (the machine root) and
 * `STRATA_USR` (the slot); exit 0 means healthy.
 */
export const DEFAULT_HEALTH_CHECK = `#!/bin/sh
# The booted /usr is complete: its release files name one version and its agent is there.
set -eu
test -s "$STRATA_USR/${USR_PATHS.nodeAgent}"
grep -q "^VERSION_ID=$STRATA_VERSION\\$" "$STRATA_USR/${USR_PATHS.osRelease}"
grep -q "^FLATCAR_RELEASE_VERSION=$STRATA_VERSION\\$" "$STRATA_USR/${USR_PATHS.flatcarRelease}"
`;

/**
 * The default postinstall script, run by the update engine with the new slot's directory as
 * its first argument before the slot is made bootable: it checks the slot it was written
 * into is the image it belongs to. A non-zero exit fails the update (error 5).
 */
export const DEFAULT_POSTINSTALL = `#!/bin/sh
set -eu
slot="$1"
test -s "$slot/${USR_PATHS.nodeAgent}"
grep -q "^VERSION_ID=$STRATA_NEW_VERSION\\$" "$slot/${USR_PATHS.osRelease}"
echo "postinstall: $slot holds Strata Container Linux $STRATA_NEW_VERSION"
`;

/** What goes into a `/usr` image. */
export interface UsrImageInput {
  version: string;
  /** The node-agent bundle the machine runs from this image. */
  nodeAgentBundle: Buffer;
  /** Image reference → local binary name (the table the agent runs static pods by). */
  imageTable: Record<string, string>;
  /** Extra health checks, by file name; the default check is always included. */
  healthChecks?: Record<string, string>;
  postinstall?: string;
  buildId?: string;
}

/** The files of a `/usr` image (see {@link USR_PATHS}). */
export function usrImageFiles(input: UsrImageInput): OsImageFile[] {
  const text = (path: string, contents: string, mode = 0o644): OsImageFile => ({ path, mode, contents: Buffer.from(contents) });
  const buildId = input.buildId ?? new Date().toISOString().slice(0, 16).replace(/[-:T]/g, '');
  return [
    text(USR_PATHS.osRelease, usrOsRelease(input.version, buildId)),
    text(USR_PATHS.flatcarRelease, flatcarRelease(input.version)),
    { path: USR_PATHS.nodeAgent, mode: 0o755, contents: input.nodeAgentBundle },
    text(USR_PATHS.imageTable, `${JSON.stringify(input.imageTable, null, 2)}\n`),
    text(`${USR_PATHS.healthChecks}/00-usr`, DEFAULT_HEALTH_CHECK, 0o755),
    ...Object.entries(input.healthChecks ?? {}).map(([name, body]) => text(`${USR_PATHS.healthChecks}/${name}`, body, 0o755)),
    text(USR_PATHS.postinstall, input.postinstall ?? DEFAULT_POSTINSTALL, 0o755),
  ];
}

/**
 * The image-to-binary table a `/usr` image ships (`/usr/lib/strata/images.json`): each
 * control-plane image of the given Kubernetes and etcd versions and the binary that runs it.
 */
export function imageBinaryTable(pinned: { kubernetes: string; etcd: string }): Record<string, string> {
  const table: Record<string, string> = {};
  for (const name of ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler']) table[`${IMAGE_REGISTRY}/${name}:${pinned.kubernetes}`] = name;
  table[`${IMAGE_REGISTRY}/etcd:${pinned.etcd.replace(/^v/, '')}-0`] = 'etcd';
  return table;
}
