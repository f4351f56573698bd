import { InputError } from '@strata/errors';

/** A TCP endpoint. */
export interface HostPort {
  host: string;
  port: number;
}

/**
 * Parses `HOST:PORT` (`127.1.0.1:6443`, `[::1]:6443`, `localhost:80`).
 * @throws InputError naming `field` when the text is not a host and a port from 1 to 65535.
 */
export function parseHostPort(text: string, field = 'address'): HostPort {
  const match = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(text.trim());
  const port = Number(match?.[3]);
  if (!match || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new InputError(`${field} ${JSON.stringify(text)} is not HOST:PORT`, [
      { path: field, message: `expected HOST:PORT with a port from 1 to 65535, e.g. 127.1.0.1:6443; got ${JSON.stringify(text)}` },
    ]);
  }
  return { host: match[1] ?? match[2] ?? '', port };
}

/** `host:port`, with brackets around an IPv6 host. */
export function formatHostPort({ host, port }: HostPort): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`;
}
