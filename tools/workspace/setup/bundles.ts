/**
 * Builds (or confirms up to date) the bundles of the `strata` CLI and the node agent, so
 * the first install after a change does not pay for bundling. Each program declares its own
 * bundle spec (`@strata/installer/bundle`, `@strata/node-agent/bundle`). Run by setup.sh
 * with Node's own type stripping.
 */
import { STRATA_CLI } from '@strata/installer/bundle';
import { NODE_AGENT } from '@strata/node-agent/bundle';
import { ensureBundle } from '@strata/toolchain/bundle';

for (const spec of [STRATA_CLI, NODE_AGENT]) {
  const started = performance.now();
  const path = await ensureBundle(spec);
  const ms = Math.round(performance.now() - started);
  if (ms > 200) console.error(`[setup] bundled ${spec.name} in ${ms} ms: ${path}`);
}
