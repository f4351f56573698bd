import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { createServer } from 'node:net';

/** Whether `host:port` can be bound right now (it is released again at once). */
export function portFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolveFree) => {
    const server = createServer();
    server.once('error', () => resolveFree(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolveFree(true)));
  });
}

/** `0200017F` (little-endian, as /proc/net/tcp writes IPv4) → `127.1.0.2`. */
function procAddress(hex: string): string {
  return [6, 4, 2, 0].map((i) => parseInt(hex.slice(i, i + 2), 16)).join('.');
}

/**
 * The process listening on `host:port` (IPv4 TCP), found the way `ss -p` does: the
 * socket's inode from /proc/net/tcp, then the process holding that inode among its file
 * descriptors. A wildcard listener (0.0.0.0) counts. Undefined when it cannot be told
 * (another user's process, or the socket is gone).
 */
export function portHolder(host: string, port: number): { pid: number; command: string } | undefined {
  let table: string;
  try {
    table = readFileSync('/proc/net/tcp', 'utf8');
  } catch {
    return undefined;
  }
  const inodes = new Set<string>();
  for (const line of table.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    const [address = '', portHex = ''] = (fields[1] ?? '').split(':');
    // State 0A is LISTEN.
    if (fields[3] !== '0A' || parseInt(portHex, 16) !== port) continue;
    const ip = procAddress(address);
    if (ip === host || ip === '0.0.0.0') inodes.add(`socket:[${fields[9]}]`);
  }
  if (inodes.size === 0) return undefined;
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      let target: string;
      try {
        target = readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      if (inodes.has(target)) {
        let command = '';
        try {
          command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
        } catch {
          // Ended meanwhile.
        }
        return { pid, command };
      }
    }
  }
  return undefined;
}

/** `in use by pid 123 (nc -l 127.1.0.2 2379)`, or `in use by another program` when the holder cannot be told. */
export function describeHolder(host: string, port: number): string {
  const holder = portHolder(host, port);
  if (!holder) return 'in use by another program';
  const command = holder.command.length > 80 ? `${holder.command.slice(0, 77)}...` : holder.command;
  return `in use by pid ${holder.pid}${command ? ` (${command})` : ''}`;
}
