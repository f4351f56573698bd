import { connect, createServer, type Server, type Socket } from 'node:net';
import { silentLogger, type Logger } from '@strata/log';
import { formatHostPort, type HostPort } from './host-port';

/** Options of {@link startLoadBalancer}. */
export interface LoadBalancerOptions {
  listen: HostPort;
  backends: HostPort[];
  /** Time between health checks of each backend (default 2 s). */
  healthIntervalMs?: number;
  /** A backend that does not accept a connection within this time counts as down (default 1 s). */
  connectTimeoutMs?: number;
  /** Where backends going up and down are reported (`createLogger('load-balancer')` of @strata/log); silent by default. */
  log?: Logger;
}

/** What the load balancer knows about one backend. */
export interface BackendStatus {
  address: string;
  healthy: boolean;
  /** Connections sent to it since start. */
  connections: number;
  /** Connections to it that failed (the client was sent to the next backend). */
  failures: number;
  lastCheck: string | null;
}

/** A running load balancer. */
export interface LoadBalancer {
  /** Where it listens (the actual port when `listen.port` was 0). */
  address: HostPort;
  backends(): BackendStatus[];
  /** Stops accepting, ends open connections and the health checks. */
  close(): Promise<void>;
}

interface Backend extends BackendStatus {
  endpoint: HostPort;
}

function dial(endpoint: HostPort, timeoutMs: number): Promise<Socket> {
  return new Promise((resolveDial, reject) => {
    const socket = connect({ host: endpoint.host, port: endpoint.port, allowHalfOpen: true });
    const timer = setTimeout(() => socket.destroy(new Error(`connect to ${formatHostPort(endpoint)} timed out after ${timeoutMs} ms`)), timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeListener('error', fail);
      resolveDial(socket);
    });
    function fail(error: Error) {
      clearTimeout(timer);
      reject(error);
    }
    socket.once('error', fail);
  });
}

/**
 * A TCP pass-through load balancer: every client connection is spliced to one backend,
 * chosen round-robin among those that passed their last TCP health check. Nothing is
 * terminated, so TLS clients see the backends' own certificates (the API endpoint
 * address is in the apiservers' SANs). A connection whose backend refuses it is tried
 * on the next backend, so clients see no failure while at least one backend is up.
 */
export async function startLoadBalancer(options: LoadBalancerOptions): Promise<LoadBalancer> {
  const log = options.log ?? silentLogger;
  const connectTimeoutMs = options.connectTimeoutMs ?? 1_000;
  const backends: Backend[] = options.backends.map((endpoint) => ({
    endpoint,
    address: formatHostPort(endpoint),
    healthy: true,
    connections: 0,
    failures: 0,
    lastCheck: null,
  }));
  const open = new Set<Socket>();
  let next = 0;
  let closed = false;

  const setHealth = (backend: Backend, healthy: boolean, why?: unknown) => {
    if (backend.healthy !== healthy) {
      if (healthy) log.info({ backend: backend.address }, 'backend is up');
      else log.warn({ backend: backend.address, err: why }, 'backend is down');
    }
    backend.healthy = healthy;
  };

  const check = async (backend: Backend) => {
    try {
      const socket = await dial(backend.endpoint, connectTimeoutMs);
      socket.destroy();
      setHealth(backend, true);
    } catch (error) {
      setHealth(backend, false, error);
    }
    backend.lastCheck = new Date().toISOString();
  };
  const checkAll = () => Promise.all(backends.map(check));
  await checkAll();
  const healthTimer = setInterval(() => void checkAll(), options.healthIntervalMs ?? 2_000);

  /** Backends in the order to try for one connection: healthy ones round-robin first, then the rest as a last resort. */
  const candidates = (): Backend[] => {
    const start = next++ % backends.length;
    const rotated = [...backends.slice(start), ...backends.slice(0, start)];
    return [...rotated.filter((b) => b.healthy), ...rotated.filter((b) => !b.healthy)];
  };

  const track = (socket: Socket) => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
  };

  const handle = async (client: Socket) => {
    track(client);
    client.pause();
    let clientGone = false;
    client.once('close', () => (clientGone = true));
    client.on('error', () => client.destroy());
    for (const backend of candidates()) {
      if (clientGone || closed) return;
      let upstream: Socket;
      try {
        upstream = await dial(backend.endpoint, connectTimeoutMs);
      } catch (error) {
        backend.failures++;
        setHealth(backend, false, error);
        continue;
      }
      if (clientGone || closed) {
        upstream.destroy();
        return;
      }
      backend.connections++;
      track(upstream);
      log.debug({ client: `${client.remoteAddress}:${client.remotePort}`, backend: backend.address }, 'connection');
      upstream.on('error', () => {
        upstream.destroy();
        client.destroy();
      });
      client.on('error', () => upstream.destroy());
      // Half-closes pass through: each side's end reaches the other, then both sockets close.
      client.pipe(upstream);
      upstream.pipe(client);
      // A side that closes without an error lets the other finish writing, then end.
      upstream.once('close', () => client.end());
      client.once('close', () => upstream.end());
      client.resume();
      return;
    }
    log.warn({ client: `${client.remoteAddress}:${client.remotePort}` }, 'no backend accepted the connection');
    client.destroy();
  };

  const server: Server = createServer({ allowHalfOpen: true }, (client) => void handle(client));
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.listen.port, options.listen.host, () => {
      server.off('error', reject);
      resolveListen();
    });
  }).catch((error: unknown) => {
    clearInterval(healthTimer);
    throw error;
  });
  const bound = server.address();
  const address = { host: options.listen.host, port: typeof bound === 'object' && bound ? bound.port : options.listen.port };
  log.info({ listen: formatHostPort(address), backends: backends.map((b) => b.address) }, 'load balancer listening');

  return {
    address,
    backends: () => backends.map(({ endpoint: _endpoint, ...status }) => ({ ...status })),
    close: async () => {
      closed = true;
      clearInterval(healthTimer);
      const done = new Promise<void>((resolveClose) => server.close(() => resolveClose()));
      for (const socket of open) socket.destroy();
      await done;
    },
  };
}
