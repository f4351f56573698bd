/**
 * How the `strata` CLI is bundled and started; the one module of this app other projects
 * import (the set-up step prebuilds the bundle, tests and benches start the CLI).
 *
 * The launcher (bin/strata.ts) imports this file under Node's own type stripping, so it uses
 * only erasable syntax and imports only Node built-ins and `@strata/toolchain/bundle`.
 */
import { join } from 'node:path';
import { projectNode, type BundleSpec } from '@strata/toolchain/bundle';

/** The CLI's bundle: built from src/main.ts, cached as `strata`. */
// Split: a cloud driver and its SDK (megabytes) are chunks read only by installs on that cloud.
export const STRATA_CLI: BundleSpec = { name: 'strata', entry: join(import.meta.dirname, 'main.ts'), splitting: true };

/** The launcher users start (`npm run strata`, the package's `strata` bin): runs {@link STRATA_CLI} from its bundle. */
export const STRATA_LAUNCHER = join(import.meta.dirname, '../bin/strata.ts');

/** The command line that starts the `strata` CLI the way users do: the project's Node.js on the launcher. */
export function strataCliCommand(args: string[]): { command: string; args: string[] } {
  return { command: projectNode(), args: [STRATA_LAUNCHER, ...args] };
}
