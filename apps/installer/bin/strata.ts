#!/usr/bin/env node
/**
 * `strata`, as users start it (`npm run strata -- <command>`): runs the CLI from its
 * prebuilt bundle, rebuilt first whenever its sources changed. Node runs this file with its
 * own type stripping, so it stays erasable TypeScript importing only the bundle helper and
 * the CLI's bundle spec.
 */
import { runBundled } from '@strata/toolchain/bundle';
import { STRATA_CLI } from '../src/bundle.ts';

await runBundled(STRATA_CLI);
