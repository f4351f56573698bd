import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '@strata/log';
import { startLoadBalancer, type LoadBalancer, type LoadBalancerOptions } from './load-balancer';

/** A TCP echo backend that prefixes every answer with its name. */
async function echoBackend(name: string): Promise<{ server: Server; port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer({ allowHalfOpen: true }, (socket) => {
    sockets.add(socket);
    // Health checks connect and hang up at once: a reset is normal here.
    socket.on('error', () => socket.destroy());
    socket.once('close', () => sockets.delete(socket));
    socket.write(`${name}:`);
    socket.pipe(socket);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    server,
    port,
    close: () =>
      new Promise((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

/** Sends `text` through the load balancer, half-closes, and resolves with the whole answer. */
function roundTrip(port: number, text: string): Promise<string> {
  return new Promise((resolveTrip, reject) => {
    const socket = connect({ host: '127.0.0.1', port, allowHalfOpen: true });
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.once('end', () => {
      socket.end();
      resolveTrip(answer);
    });
    socket.once('error', reject);
    socket.once('connect', () => socket.end(text));
  });
}

describe('startLoadBalancer', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function setUp(names: string[], log?: LoadBalancerOptions['log']) {
    const backends = await Promise.all(names.map(echoBackend));
    for (const b of backends) cleanups.push(() => b.close().catch(() => undefined));
    const lb: LoadBalancer = await startLoadBalancer({
      listen: { host: '127.0.0.1', port: 0 },
      backends: backends.map((b) => ({ host: '127.0.0.1', port: b.port })),
      healthIntervalMs: 200,
      ...(log ? { log } : {}),
    });
    cleanups.push(() => lb.close());
    return { lb, backends };
  }

  it('passes bytes through both ways, half-close included', async () => {
    const { lb } = await setUp(['a']);
    expect(await roundTrip(lb.address.port, 'hello')).toBe('a:hello');
  });

  it('spreads connections round-robin over healthy backends', async () => {
    const { lb } = await setUp(['a', 'b']);
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => roundTrip(lb.address.port, `m${i}`)));
    const served = answers.map((a) => a.split(':')[0]);
    expect(served.filter((s) => s === 'a')).toHaveLength(5);
    expect(served.filter((s) => s === 'b')).toHaveLength(5);
    expect(lb.backends().map((b) => b.connections)).toEqual([5, 5]);
  });

  it('sends every connection to the live backend when one is down, before and after the health check notices', async () => {
    const { lb, backends } = await setUp(['a', 'b']);
    await backends[1]!.close();
    // Right away: the health check has not run yet, so failed connects are retried on the next backend.
    const early = await Promise.all(Array.from({ length: 6 }, (_, i) => roundTrip(lb.address.port, `e${i}`)));
    expect(early.every((a) => a.startsWith('a:'))).toBe(true);
    await vi.waitFor(() => expect(lb.backends().map((b) => b.healthy)).toEqual([true, false]), { timeout: 5_000, interval: 20 });
    const later = await Promise.all(Array.from({ length: 6 }, (_, i) => roundTrip(lb.address.port, `l${i}`)));
    expect(later).toEqual(Array.from({ length: 6 }, (_, i) => `a:l${i}`));
  });

  it('takes a backend back once it answers its health check again', async () => {
    const { lb, backends } = await setUp(['a', 'b']);
    const port = backends[1]!.port;
    await backends[1]!.close();
    await vi.waitFor(() => expect(lb.backends()[1]?.healthy).toBe(false), { timeout: 5_000, interval: 20 });
    const revived = createServer((s) => {
      s.on('error', () => s.destroy());
      // Reads (and drops) what the client sends, so that its end arrives and the socket closes.
      s.resume();
      s.end('b2:');
    });
    await new Promise<void>((r) => revived.listen(port, '127.0.0.1', r));
    cleanups.push(() => new Promise((r) => revived.close(() => r())));
    await vi.waitFor(() => expect(lb.backends()[1]?.healthy).toBe(true), { timeout: 5_000, interval: 20 });
    const answers = await Promise.all(Array.from({ length: 4 }, () => roundTrip(lb.address.port, 'x')));
    expect(answers.some((a) => a.startsWith('b2:'))).toBe(true);
  });

  it('logs the listening address and a backend going down as JSON lines, the error under err', async () => {
    const lines: Record<string, unknown>[] = [];
    const log = createLogger('load-balancer', { destination: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) } });
    const { lb, backends } = await setUp(['a'], log);
    const backend = `127.0.0.1:${backends[0]!.port}`;
    expect(lines[0]).toMatchObject({
      name: 'load-balancer',
      level: 'info',
      msg: 'load balancer listening',
      listen: `127.0.0.1:${lb.address.port}`,
      backends: [backend],
    });
    await backends[0]!.close();
    await vi.waitFor(() => expect(lines.map((l) => l.msg)).toContain('backend is down'), { timeout: 5_000, interval: 20 });
    expect(lines.find((l) => l.msg === 'backend is down')).toMatchObject({
      name: 'load-balancer',
      level: 'warn',
      backend,
      err: { type: 'Error', message: expect.stringContaining('ECONNREFUSED'), stack: expect.any(String) },
    });
  });

  it('closes the client connection when no backend is up', async () => {
    const { lb, backends } = await setUp(['a']);
    await backends[0]!.close();
    expect(await roundTrip(lb.address.port, 'x')).toBe('');
  });
});
