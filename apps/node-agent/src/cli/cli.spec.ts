import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { findFreePort, ProcessGroup } from '@strata/toolchain';
import { agentConfig } from '../testing/agent-config';
import { spawnNodeAgent } from '../testing/agent-process';
import { runCli } from '../testing/run-cli';

/** The JSON log lines in `text` (Commander's usage errors, plain text, are left out). */
function logLines(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** `text` as a reader sees it: each JSON log line by its `msg`, any other line as it is. */
function messages(text: string): string {
  return text
    .split('\n')
    .map((line) => (line.startsWith('{') ? String((JSON.parse(line) as { msg: unknown }).msg) : line))
    .join('\n');
}

/** The fields every line of the one log format of @strata/log carries. */
const oneFormat = (name: string, level: unknown) => ({
  name,
  level,
  time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
  pid: expect.any(Number),
  msg: expect.any(String),
});

describe('node-agent command line', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'node-agent-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 2 naming the field when node-agent.json is invalid', async () => {
    const root = join(dir, 'invalid');
    mkdirSync(join(root, 'etc/strata'), { recursive: true });
    writeFileSync(join(root, 'etc/strata/node-agent.json'), JSON.stringify({ ...agentConfig(), role: 'master', leaseRenewSeconds: -1 }));
    const res = await runCli(['run', '--root', root]);
    expect(res.code).toBe(2);
    // One JSON line in the one format: the message, and the error with every bad field under `err`.
    const lines = logLines(res.stderr);
    expect(lines).toHaveLength(1);
    const [line] = lines;
    expect(line).toMatchObject({ ...oneFormat('node-agent', 'error'), msg: expect.stringMatching(/^node agent: .*node-agent\.json is invalid/) });
    expect(line?.err).toMatchObject({ type: 'InputError', message: expect.stringMatching(/node-agent\.json is invalid/), stack: expect.any(String) });
    const problems = (line?.err as { problems: { path: string; message: string }[] }).problems;
    expect(problems.map((p) => p.path)).toEqual(expect.arrayContaining(['role', 'leaseRenewSeconds']));
  });

  it('logs nothing below the --log-level it is given', async () => {
    const res = await runCli(['run', '--root', join(dir, 'empty'), '--log-level', 'silent']);
    expect(res.code).toBe(3);
    expect(res.stderr).toBe('');
  });

  it('exits 3 when Ignition has not written the configuration', async () => {
    const res = await runCli(['run', '--root', join(dir, 'empty')]);
    expect(res.code).toBe(3);
    expect(logLines(res.stderr)).toEqual([expect.objectContaining({ ...oneFormat('node-agent', 'error'), msg: expect.stringMatching(/does not exist/) })]);
  });

  it.each([
    [['run'], /required option '--root <dir>'/],
    [['run', '--root', '/x', '--api-server', 'http://insecure'], /not an https:\/\/ URL/],
    [['load-balancer', '--listen', 'nowhere', '--backend', '127.0.0.1:1'], /listen "nowhere" is not HOST:PORT/],
    [['load-balancer', '--listen', '127.0.0.1:6443'], /required option '--backend <host:port>'/],
  ])('exits 2 on bad usage: %j', async (args, message) => {
    const res = await runCli(args);
    expect(res.code).toBe(2);
    expect(messages(res.stderr)).toMatch(message);
  });
});

describe('node-agent load-balancer', () => {
  const group = new ProcessGroup();
  afterAll(() => group.stopAll());

  it('forwards to its backend, writes its pid file and removes it when stopped with SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'node-agent-lb-'));
    const backend = createServer((s) => {
      s.on('error', () => s.destroy());
      s.end('pong');
    });
    await new Promise<void>((r) => backend.listen(0, '127.0.0.1', r));
    try {
      const backendPort = (backend.address() as { port: number }).port;
      const port = await findFreePort();
      const pidFile = join(dir, 'lb.pid');
      const lb = await spawnNodeAgent(
        group,
        'lb',
        ['load-balancer', '--listen', `127.0.0.1:${port}`, '--backend', `127.0.0.1:${backendPort}`, '--pid-file', pidFile],
        join(dir, 'lb.log'),
      );
      // Connections are refused until the load balancer listens; each failed try is retried.
      const answer = await vi.waitFor(
        () =>
          new Promise<string>((resolveAnswer, reject) => {
            const s = connect(port, '127.0.0.1');
            let data = '';
            s.setEncoding('utf8');
            s.on('data', (c: string) => (data += c));
            s.on('end', () => resolveAnswer(data));
            s.on('error', (error) => {
              const log = join(dir, 'lb.log');
              reject(new Error(`${error.message}\n${existsSync(log) ? readFileSync(log, 'utf8') : ''}`));
            });
          }),
        { timeout: 20_000, interval: 250 },
      );
      expect(answer).toBe('pong');
      expect(readFileSync(pidFile, 'utf8').trim()).toBe(String(lb.pid));
      process.kill(lb.pid, 'SIGTERM');
      expect(await lb.exited).toBe(0);
      expect(existsSync(pidFile)).toBe(false);
      // Its log is JSON lines in the one format, named after the load balancer.
      const lines = logLines(readFileSync(join(dir, 'lb.log'), 'utf8'));
      for (const line of lines) expect(line).toMatchObject(oneFormat('load-balancer', expect.any(String)));
      expect(lines).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ level: 'info', msg: 'load balancer listening', listen: `127.0.0.1:${port}`, backends: [`127.0.0.1:${backendPort}`] }),
          expect.objectContaining({ level: 'info', msg: 'received SIGTERM; stopping', signal: 'SIGTERM' }),
        ]),
      );
    } finally {
      backend.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
