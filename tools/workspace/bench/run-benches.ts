/**
 * `npm run bench`: every benchmark of the platform, printed as numbers, ratios and
 * targets. Pass names to run a subset: `npm run bench -- assets license`.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { WORKSPACE_ROOT } from '@strata/toolchain';
import type { BenchRow } from './bench-row';
import { runAssetsBench } from './assets-bench';
import { runInstallBench } from './install-bench';
import { runConsoleBench } from './console-bench';
import { runUpdatesBench } from './updates-bench';
import { runAwsBench } from './aws-bench';
import { runAzureBench } from './azure-bench';
import { runDay2Bench } from './day2-bench';
import { runRollbackBench } from './rollback-bench';
import { runWizardBench } from './wizard-bench';

type Bench = { name: string; run: () => Promise<BenchRow[]> };

const benches: Bench[] = [
  { name: 'assets', run: runAssetsBench },
  {
    name: 'license',
    run: async () => {
      const file = join(WORKSPACE_ROOT, 'apps/license-server/bench/license-bench.ts');
      if (!existsSync(file)) return [];
      const mod = (await import(file)) as { runLicenseBench: () => Promise<BenchRow[]> };
      return mod.runLicenseBench();
    },
  },
  { name: 'install', run: runInstallBench },
  { name: 'console', run: runConsoleBench },
  { name: 'updates', run: async () => [...(await runUpdatesBench()), ...(await runRollbackBench())] },
  { name: 'aws', run: runAwsBench },
  { name: 'azure', run: runAzureBench },
  { name: 'day2', run: runDay2Bench },
  { name: 'wizard', run: runWizardBench },
];

const wanted = process.argv.slice(2);
const selected = wanted.length ? benches.filter((b) => wanted.includes(b.name)) : benches;
let failures = 0;
for (const bench of selected) {
  console.log(`\n== ${bench.name} ==`);
  try {
    for (const row of await bench.run()) {
      const target = row.target ? `   target ${row.target}: ${row.met === undefined ? '-' : row.met ? 'met' : 'NOT met'}` : '';
      console.log(`${row.name.padEnd(62)} ${String(row.value).padStart(10)} ${row.unit}${target}`);
    }
  } catch (error) {
    failures += 1;
    console.error(`${bench.name} failed: ${(error as Error).message}`);
  }
}
process.exitCode = failures > 0 ? 1 : 0;
