#!/usr/bin/env node
/**
 * `strata`, as users start it (`npm run strata -- <command>`): runs the CLI from its
 * prebuilt bundle, rebuilt first whenever its sources changed. Node runs this file with its
 * own type stripping, so it stays erasable TypeScript importing only the bundle helper.
 */
import { runBundled, STRATA_CLI } from '@strata/toolchain/bundle';

await runBundled(STRATA_CLI);
