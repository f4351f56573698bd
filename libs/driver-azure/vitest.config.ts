// A relative import: the config is loaded before the workspace's TypeScript paths apply.
import { armTestCaEnv } from '../azure-arm-server/src/ca';
import { projectConfig } from '../../tools/vitest/project-config';

// The SDK trusts the ARM test server's CA only through NODE_EXTRA_CA_CERTS, which Node reads
// when a process starts: set here, in the runner, before the test workers (and the
// conformance suite's child applies, which inherit the environment) are started.
process.env['NODE_EXTRA_CA_CERTS'] = armTestCaEnv();

export default projectConfig(import.meta.dirname);
