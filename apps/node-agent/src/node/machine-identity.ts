import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The identifiers a Node reports in `status.nodeInfo`. */
export interface MachineIdentity {
  machineID: string;
  systemUUID: string;
  bootID: string;
}

function readTrimmed(path: string): string | undefined {
  try {
    const text = readFileSync(path, 'utf8').trim();
    return text === '' ? undefined : text;
  } catch {
    return undefined;
  }
}

function writeFile(path: string, contents: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${contents}\n`);
}

/** `0123456789abcdef…` (32 hex digits) as a UUID. */
function asUuid(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * The machine's identity, kept in its root like on a real machine: the machine id in
 * `/etc/machine-id` (derived from cluster and machine name the first time, so it is
 * stable), the system UUID derived from it, and the boot id in `/run/boot_id`, created
 * once per boot; clearing the root's `/run` directory counts as a reboot.
 */
export function machineIdentity(root: string, cluster: string, machine: string): MachineIdentity {
  const machineIdPath = join(root, 'etc/machine-id');
  let machineID = readTrimmed(machineIdPath);
  if (!machineID || !/^[0-9a-f]{32}$/.test(machineID)) {
    machineID = createHash('sha256').update(`strata:${cluster}/${machine}`).digest('hex').slice(0, 32);
    writeFile(machineIdPath, machineID);
  }
  const bootIdPath = join(root, 'run/boot_id');
  let bootID = readTrimmed(bootIdPath);
  if (!bootID) {
    bootID = randomUUID();
    writeFile(bootIdPath, bootID);
  }
  const systemUUID = asUuid(createHash('sha256').update(`strata-system-uuid:${machineID}`).digest('hex'));
  return { machineID, systemUUID, bootID };
}
