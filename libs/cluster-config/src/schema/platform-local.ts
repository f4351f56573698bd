/** `spec.platform.local`: machines are processes on this host, each with its own loopback address. */
import { z } from 'zod';
import { cidrContains } from '../net/cidr';
import { cidrString, integerIn, nonEmptyString } from './fields';

/** The loopback network every local machine address must come from. */
export const LOOPBACK_CIDR = '127.0.0.0/8';

/** Default address range of a local cluster (127.1.0.0/24 leaves 127.0.0.1 to the host's own services). */
export const DEFAULT_LOCAL_ADDRESS_RANGE = '127.1.0.0/24';

function loopbackProblem(value: string): string | undefined {
  if (!cidrContains(LOOPBACK_CIDR, value)) {
    return `must lie inside the loopback network ${LOOPBACK_CIDR}, e.g. ${DEFAULT_LOCAL_ADDRESS_RANGE}; got ${JSON.stringify(value)}`;
  }
  if (cidrContains(value, '127.0.0.1/32')) {
    return `must not include 127.0.0.1, which the host's own services use; use a range such as ${DEFAULT_LOCAL_ADDRESS_RANGE}`;
  }
  return undefined;
}

/** Schema of `spec.platform.local`. */
export const LocalPlatformSchema = z
  .strictObject({
    stateDir: nonEmptyString({
      description: 'Directory that holds one sub-directory per local cluster (machine roots, logs, state). A leading ~/ means the home directory.',
    }).default('~/.strata/local'),
    addressRange: cidrString(
      {
        description:
          'Loopback network (inside 127.0.0.0/8) from which the cluster takes its addresses: the first host address is the API endpoint, the following ones go to the machines in order.',
        examples: [DEFAULT_LOCAL_ADDRESS_RANGE],
      },
      loopbackProblem,
    ).default(DEFAULT_LOCAL_ADDRESS_RANGE),
    apiPort: integerIn(
      1024,
      65535,
      {
        description: 'TCP port of the Kubernetes API on the API endpoint and the control-plane addresses.',
      },
      'a TCP port from 1024 to 65535 (no root privileges needed)',
    ).default(6443),
  })
  .meta({ description: 'Run the cluster on this machine: every machine is a directory root, a loopback address and a node-agent process.' });
