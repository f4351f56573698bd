/**
 * `npm test`: lint, typecheck, unit and integration tests (vitest, per project through
 * Nx), then the end-to-end suites (Playwright against production builds). Every stage
 * runs even when an earlier one failed, so one run shows every problem. The last line
 * is the plain summary `N passed, N failed, N skipped`; the exit code is non-zero on any
 * failure.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, globSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WORKSPACE_ROOT } from '@strata/toolchain';
import { countFromReport, type Counts } from './report-counts';

const nx = join(WORKSPACE_ROOT, 'node_modules/.bin/nx');
/** What Prettier checks (see .prettierignore for what it leaves alone). */
const FORMATTED = ['**/*.{ts,tsx,mjs,cjs,js,css}'];
const resultsDir = join(WORKSPACE_ROOT, 'dist/test-results');
const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NEXT_TELEMETRY_DISABLED: '1', FORCE_COLOR: '0' };

function projectsWith(target: string): string[] {
  const res = spawnSync(nx, ['show', 'projects', '--with-target', target, '--json'], { cwd: WORKSPACE_ROOT, env, encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`nx show projects failed: ${res.stderr}`);
  return (JSON.parse(res.stdout) as string[]).sort();
}

/** The projects whose task failed, as Nx lists them at the end of its output. */
function failedTasks(target: string, output: string, status: number | null): string[] {
  const failed = new Set<string>();
  for (const m of output.matchAll(/^\s*-\s+([\w-]+):([\w-]+)/gm)) {
    if (m[2] === target && m[1]) failed.add(m[1]);
  }
  if (status !== 0 && failed.size === 0) failed.add(`${target} (nx exited ${status})`);
  return [...failed];
}

/**
 * How long a project's tests are expected to take, relative to the others: integration
 * specs start real binaries and weigh far more than unit specs.
 */
function testWeight(root: string): number {
  const specs = globSync('{src,test}/**/*.spec.{ts,tsx}', { cwd: join(WORKSPACE_ROOT, root) });
  const integration = specs.filter((f) => f.endsWith('.int.spec.ts')).length;
  return 30 * integration + (specs.length - integration) + 1;
}

/**
 * Runs the tests of every project in two lanes at once, one project at a time per lane:
 * while one lane waits on the real binaries its integration specs start, the other uses
 * the second core. The heaviest projects are placed first (longest-first), so no lane is
 * left with the longest suite at the end.
 */
async function runTestLanes(projects: string[]): Promise<{ failed: string[] }> {
  console.log('\n=== test ===');
  const graphFile = join(mkdtempSync(join(tmpdir(), 'strata-graph-')), 'graph.json');
  const graph = spawnSync(nx, ['graph', `--file=${graphFile}`], { cwd: WORKSPACE_ROOT, env, encoding: 'utf8' });
  if (graph.status !== 0) throw new Error(`nx graph failed: ${graph.stderr}`);
  const nodes = (JSON.parse(readFileSync(graphFile, 'utf8')) as { graph: { nodes: Record<string, { data: { root: string } }> } }).graph.nodes;
  const first = { projects: [] as string[], weight: 0 };
  const second = { projects: [] as string[], weight: 0 };
  const lanes = [first, second];
  const weighed = projects.map((p) => ({ project: p, weight: testWeight(nodes[p]?.data.root ?? p) })).sort((a, b) => b.weight - a.weight);
  for (const { project, weight } of weighed) {
    const lane = first.weight <= second.weight ? first : second;
    lane.projects.push(project);
    lane.weight += weight;
  }
  const results = await Promise.all(
    lanes
      .filter((lane) => lane.projects.length > 0)
      .map(
        (lane) =>
          new Promise<string[]>((done) => {
            const child = spawn(
              nx,
              ['run-many', '-t', 'test', `--projects=${lane.projects.join(',')}`, '--parallel=1', '--nxBail=false', '--outputStyle=stream'],
              {
                cwd: WORKSPACE_ROOT,
                env,
                stdio: ['ignore', 'pipe', 'pipe'],
              },
            );
            let output = '';
            const collect = (chunk: Buffer) => {
              output += chunk.toString();
              process.stdout.write(chunk);
            };
            child.stdout.on('data', collect);
            child.stderr.on('data', collect);
            child.on('close', (status) => done(failedTasks('test', output, status)));
          }),
      ),
  );
  return { failed: results.flat() };
}

/** Runs one Nx target over every project; returns the projects whose task failed. */
function runTarget(target: string, extra: string[] = []): { failed: string[]; output: string } {
  console.log(`\n=== ${target} ===`);
  const res = spawnSync(nx, ['run-many', '-t', target, '--nxBail=false', '--outputStyle=stream', ...extra], {
    cwd: WORKSPACE_ROOT,
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 512 * 1024 * 1024,
  });
  const output = `${res.stdout}${res.stderr}`;
  process.stdout.write(output);
  return { failed: failedTasks(target, output, res.status), output };
}

const totals: Counts = { passed: 0, failed: 0, skipped: 0 };
const lines: string[] = [];
const started = Date.now();
rmSync(resultsDir, { recursive: true, force: true });

// Formatting: every source file as Prettier writes it (.prettierrc.json); `npm run format` fixes it.
{
  console.log('\n=== format ===');
  const res = spawnSync(join(WORKSPACE_ROOT, 'node_modules/.bin/prettier'), ['--list-different', ...FORMATTED], { cwd: WORKSPACE_ROOT, env, encoding: 'utf8' });
  const unformatted = res.stdout.split('\n').filter(Boolean);
  if (res.status !== 0 && unformatted.length === 0) process.stdout.write(res.stderr);
  const clean = res.status === 0;
  totals[clean ? 'passed' : 'failed'] += 1;
  lines.push(
    clean
      ? 'format: every file formatted'
      : `format: ${unformatted.length || 'some'} files not formatted (npm run format): ${unformatted.slice(0, 10).join(', ')}`,
  );
}

for (const target of ['lint', 'typecheck']) {
  const projects = projectsWith(target);
  const { failed } = runTarget(target, ['--parallel=2']);
  totals.passed += projects.length - failed.filter((p) => projects.includes(p)).length;
  totals.failed += failed.length;
  lines.push(`${target}: ${projects.length - failed.length}/${projects.length} projects clean${failed.length ? ` (failed: ${failed.join(', ')})` : ''}`);
}

const testProjects = projectsWith('test');
const tests = await runTestLanes(testProjects);
const e2e = runTarget('e2e', ['--parallel=1']);

const reported = new Set<string>();
if (existsSync(resultsDir)) {
  for (const file of readdirSync(resultsDir).filter((f) => f.endsWith('.json'))) {
    const project = file.replace(/\.json$/, '');
    const counts = countFromReport(JSON.parse(readFileSync(join(resultsDir, file), 'utf8')));
    reported.add(project);
    totals.passed += counts.passed;
    totals.failed += counts.failed;
    totals.skipped += counts.skipped;
    lines.push(`${project}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
  }
}
// A suite that failed before writing its report (crash, compile error) still counts.
for (const project of [...tests.failed, ...e2e.failed]) {
  if (!reported.has(project)) {
    totals.failed += 1;
    lines.push(`${project}: failed without a test report`);
  }
}
for (const project of testProjects) {
  if (!reported.has(project) && !tests.failed.includes(project)) lines.push(`${project}: no tests`);
}

console.log('\n=== summary ===');
for (const line of lines) console.log(line);
console.log(`time: ${Math.round((Date.now() - started) / 1000)} s`);
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exitCode = totals.failed > 0 || totals.passed === 0 ? 1 : 0;
