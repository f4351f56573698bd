import { projectConfig } from '../../tools/vitest/project-config';
import { armTestCaEnv } from './src/ca';

// The SDK's TLS trusts the server's test CA only through NODE_EXTRA_CA_CERTS, which Node
// reads when a process starts: set it here, in the runner's process, before the test
// workers are forked (they inherit the environment). When the variable already names a
// bundle (the system store on many machines), a combined bundle takes its place.
process.env['NODE_EXTRA_CA_CERTS'] = armTestCaEnv();

export default projectConfig(import.meta.dirname);
