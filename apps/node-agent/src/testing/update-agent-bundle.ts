import { join } from 'node:path';
import type { BundleSpec } from '@strata/toolchain/bundle';

/** The agent program of the images update specs build (see `update-agent.ts`). */
export const UPDATE_AGENT: BundleSpec = { name: 'update-agent', entry: join(import.meta.dirname, 'update-agent.ts') };
