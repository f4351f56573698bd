/**
 * How the node agent is bundled; the one module of this app other projects import (the
 * local driver starts an agent per machine and the API load balancer from this bundle, and
 * the set-up step prebuilds it).
 */
import { join } from 'node:path';
import type { BundleSpec } from '@strata/toolchain/bundle';

/** The node agent's bundle, also the local load balancer: built from src/main.ts, cached as `node-agent`. */
export const NODE_AGENT: BundleSpec = { name: 'node-agent', entry: join(import.meta.dirname, 'main.ts') };
