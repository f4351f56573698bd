import { connect } from 'node:net';

/** True once something accepts TCP connections on host:port, false after `timeoutMs`. */
export async function waitForTcp(host: string, port: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await new Promise<boolean>((resolveConnect) => {
      const socket = connect({ host, port });
      socket.setTimeout(1_000);
      socket.once('connect', () => {
        socket.destroy();
        resolveConnect(true);
      });
      socket.once('error', () => resolveConnect(false));
      socket.once('timeout', () => {
        socket.destroy();
        resolveConnect(false);
      });
    });
    if (ok) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}
