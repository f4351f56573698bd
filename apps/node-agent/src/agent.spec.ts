import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConflictError } from '@strata/errors';
import { findFreePort } from '@strata/toolchain';
import { defaultApiServer, startNodeAgent, type RunningNodeAgent } from './agent';
import { readNodeAgentStatus } from './status/run-files';
import { agentConfig } from './testing/agent-config';

/** A worker root whose API server is a closed port: every API call fails. */
function unreachableWorkerRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'node-agent-unit-'));
  const config = agentConfig({ address: '127.0.0.1', apiServerUrl: 'https://127.0.0.1:1' });
  mkdirSync(join(root, 'etc/strata'), { recursive: true });
  writeFileSync(join(root, 'etc/strata/node-agent.json'), JSON.stringify(config));
  mkdirSync(join(root, 'etc/kubernetes/auth'), { recursive: true });
  writeFileSync(
    join(root, config.kubeconfig),
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters: [{name: demo, cluster: {server: "https://127.0.0.1:1", insecure-skip-tls-verify: true}}]',
      'users: [{name: node, user: {token: nope}}]',
      'contexts: [{name: node@demo, context: {cluster: demo, user: node}}]',
      'current-context: node@demo',
      '',
    ].join('\n'),
  );
  return root;
}

describe('defaultApiServer', () => {
  it('sends a control-plane machine to its own apiserver and a worker to the API endpoint', () => {
    expect(defaultApiServer(agentConfig({ role: 'control-plane', address: '127.1.0.2' }))).toBe('https://127.1.0.2:6443');
    expect(defaultApiServer(agentConfig())).toBe('https://127.1.0.1:6443');
  });
});

describe('startNodeAgent without a reachable API', () => {
  let root: string;
  let agent: RunningNodeAgent | undefined;
  afterEach(async () => {
    await agent?.stop();
    agent = undefined;
    rmSync(root, { recursive: true, force: true });
  });

  it('keeps retrying registration, reports itself unhealthy, and stops cleanly', async () => {
    root = unreachableWorkerRoot();
    const port = await findFreePort();
    agent = await startNodeAgent({ root, healthzPort: port, statusIntervalMs: 100 });
    const status = await vi.waitFor(
      () => {
        const s = readNodeAgentStatus(root);
        expect(s.registration.lastError).toEqual(expect.any(String));
        return s;
      },
      { timeout: 10_000, interval: 250 },
    );
    expect(status).toMatchObject({ state: 'running', healthy: false, registration: { state: 'pending', server: 'https://127.0.0.1:1' } });
    expect(status.registration.lastError).toMatch(/^registering the node: /);
    expect(status.registration.skippedLabels).toEqual(['node-role.kubernetes.io/worker']);

    const healthz = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(healthz.status).toBe(503);
    expect(await healthz.json()).toMatchObject({ status: 'unhealthy', registration: 'pending' });

    const started = Date.now();
    await agent.stop();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(readNodeAgentStatus(root)).toMatchObject({ state: 'stopped', registration: { state: 'stopped' } });
  });

  it('refuses to start while another live node agent holds the pid file', async () => {
    root = unreachableWorkerRoot();
    // Another process that looks like a node agent (its command line names node-agent).
    const other = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', 'node-agent'], { stdio: 'ignore' });
    try {
      mkdirSync(join(root, 'run'), { recursive: true });
      writeFileSync(join(root, 'run/node-agent.pid'), `${other.pid}\n`);
      await expect(startNodeAgent({ root, healthzPort: null })).rejects.toThrow(ConflictError);
      other.kill('SIGKILL');
      await new Promise((r) => other.once('exit', r));
      // A pid file left by an agent that is gone does not block.
      agent = await startNodeAgent({ root, healthzPort: null });
      expect(agent.status().pid).toBe(process.pid);
    } finally {
      other.kill('SIGKILL');
    }
  });
});
