/**
 * The child process of the conformance suite's crash case: applies the plan of the context
 * the parent described, and is killed with SIGKILL part-way through. Started by
 * `spawnChildApply` as `node --import tsx child-apply-main.ts <module> <context ref> <hold ms>`.
 */
import { pathToFileURL } from 'node:url';
import { applyPlan } from '../apply';
import { holdingCreates, type ConformanceChild } from './child-apply';

const [module, ref, hold] = process.argv.slice(2);
if (module === undefined || ref === undefined || hold === undefined) {
  process.stderr.write('usage: child-apply-main.ts <module exporting conformanceChild> <context ref> <hold ms>\n');
  process.exit(2);
}
const { conformanceChild } = (await import(pathToFileURL(module).href)) as { conformanceChild?: ConformanceChild };
if (!conformanceChild) throw new TypeError(`${module} does not export conformanceChild`);
const ctx = await conformanceChild.restoreContext(ref);
const driver = holdingCreates(conformanceChild.driver, Number(hold), (step) => process.stdout.write(`held ${step}\n`));
await applyPlan(driver, ctx, driver.plan(ctx));
process.stdout.write('applied\n');
