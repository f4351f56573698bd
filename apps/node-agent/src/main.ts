#!/usr/bin/env node
/**
 * `node-agent`: the daemon of a local Strata machine (`run`) and the TCP load balancer of
 * a local API endpoint (`load-balancer`). Run from the repository as
 * `node_modules/.bin/node --import tsx apps/node-agent/src/main.ts <command>`.
 */
import { nodeAgentProgram } from './cli/program';

await nodeAgentProgram().parseAsync(process.argv);
