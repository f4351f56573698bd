import { connect, createServer, type Socket } from 'node:net';

/**
 * A loopback TCP proxy in front of a real API server, so tests can break connections
 * the way networks do: drop them, refuse new ones, or let them hang silently.
 */
export interface TcpProxy {
  /** `https://127.0.0.1:<port>`. */
  url: string;
  /** Destroys every open connection (both sides see a reset). */
  dropAll(): void;
  /** While on, new connections are accepted and reset at once. */
  refuse(on: boolean): void;
  /** Open connections stop carrying data in either direction and never close by themselves. */
  freeze(): void;
  /** Connections currently open (not counting refused ones). */
  openConnections(): number;
  close(): Promise<void>;
}

interface Pair {
  client: Socket;
  upstream: Socket;
  frozen: boolean;
}

export async function startTcpProxy(target: URL): Promise<TcpProxy> {
  const pairs = new Set<Pair>();
  let refusing = false;
  const server = createServer((client) => {
    if (refusing) {
      client.resetAndDestroy();
      return;
    }
    const upstream = connect(Number(target.port), target.hostname);
    const pair: Pair = { client, upstream, frozen: false };
    pairs.add(pair);
    client.pipe(upstream);
    upstream.pipe(client);
    const closeBoth = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', closeBoth).on('close', closeBoth);
    // A frozen connection must look alive to the client: the server's close is not passed on.
    const upstreamGone = () => (pair.frozen ? upstream.destroy() : closeBoth());
    upstream.on('error', upstreamGone).on('close', upstreamGone);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the proxy has no port');
  return {
    url: `https://127.0.0.1:${address.port}`,
    dropAll: () => {
      for (const pair of [...pairs]) {
        pair.client.resetAndDestroy();
        pair.upstream.destroy();
      }
    },
    refuse: (on) => {
      refusing = on;
    },
    freeze: () => {
      for (const pair of pairs) {
        pair.frozen = true;
        pair.client.unpipe(pair.upstream);
        pair.upstream.unpipe(pair.client);
        pair.upstream.pause();
      }
    },
    openConnections: () => pairs.size,
    close: async () => {
      for (const pair of [...pairs]) {
        pair.client.destroy();
        pair.upstream.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
