/**
 * Builds (or confirms up to date) the bundles of the `strata` CLI and the node agent, so
 * the first install after a change does not pay for bundling. Run by setup.sh with Node's
 * own type stripping.
 */
import { ensureBundle, NODE_AGENT, STRATA_CLI } from '@strata/toolchain/bundle';

for (const spec of [STRATA_CLI, NODE_AGENT]) {
  const started = performance.now();
  const path = await ensureBundle(spec);
  const ms = Math.round(performance.now() - started);
  if (ms > 200) console.error(`[setup] bundled ${spec.name} in ${ms} ms: ${path}`);
}
