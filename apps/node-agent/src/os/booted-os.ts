import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseReleaseFile, USR_PATHS, type NodeAgentConfig } from '@strata/bootstrap';

/**
 * The configuration with `os` taken from the booted `/usr` (`<root>/usr/lib/os-release`,
 * which `/etc/os-release` links to): the Node's `osImage` names the version the machine
 * really runs. A machine not booted from slots keeps what its configuration says.
 */
export function bootedOs(config: NodeAgentConfig, root: string): NodeAgentConfig {
  let release: Record<string, string>;
  try {
    release = parseReleaseFile(readFileSync(join(root, 'usr', USR_PATHS.osRelease), 'utf8'));
  } catch {
    return config;
  }
  const version = release['VERSION_ID'];
  if (!version) return config;
  return { ...config, os: { ...config.os, name: release['NAME'] ?? config.os.name, version } };
}
