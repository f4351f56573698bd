/**
 * Runs the ARM test server as a program, for processes that cannot start it themselves
 * (e2e runs, benchmarks, a developer's shell):
 *
 *   node --import tsx libs/azure-arm-server/src/cli.ts ['{"asyncDelayMs": 20, "port": 8443}']
 *
 * Prints one JSON line with the endpoint, the authority host, the CA file and the
 * identity, then serves until SIGINT or SIGTERM. The argument is an ArmServerOptions
 * object as JSON.
 */
import { startArmServer, type ArmServerOptions } from './server';

const options = JSON.parse(process.argv[2] ?? '{}') as ArmServerOptions;
const arm = await startArmServer(options);
const { url, authorityHost, caFile, subscriptionId, tenantId, clientId, clientSecret } = arm;
process.stdout.write(`${JSON.stringify({ url, authorityHost, caFile, subscriptionId, tenantId, clientId, clientSecret })}\n`);
const stop = () => void arm.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
