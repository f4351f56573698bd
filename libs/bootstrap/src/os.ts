/** The Strata OS release the machines report in `nodeInfo.osImage`. */
export const STRATA_OS = { name: 'Strata Container Linux', version: '4230.2.0' } as const;

/** `/etc/strata/os-release`, in the os-release(5) format. */
export function osRelease(channel: string): string {
  return [
    'NAME="Strata Container Linux"',
    'ID=strata',
    'ID_LIKE=flatcar',
    `VERSION=${STRATA_OS.version}`,
    `VERSION_ID=${STRATA_OS.version}`,
    `PRETTY_NAME="${STRATA_OS.name} ${STRATA_OS.version} (${channel})"`,
    `STRATA_CHANNEL=${channel}`,
    '',
  ].join('\n');
}

/** `/etc/flatcar/update.conf`: the update group (channel) and the Omaha server to ask. */
export function updateConf(channel: string, server: string): string {
  return `GROUP=${channel}\nSERVER=${server}\n`;
}

/** Public keys (PEM, one or more Ed25519 SPKI keys) a machine accepts `/usr` images signed by; written by Ignition. */
export const OS_TRUSTED_KEYS = '/etc/strata/update-payload-keys.pem';

/** Settings of a machine's update engine (schedule, health deadline), JSON; optional, written by Ignition. */
export const UPDATE_ENGINE_CONFIG = '/etc/strata/update-engine.json';
