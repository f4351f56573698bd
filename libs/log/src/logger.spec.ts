import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, REDACTED } from './logger';

function capture(): { stream: Writable; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return {
    stream,
    lines: () =>
      chunks
        .join('')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

describe('createLogger', () => {
  it('writes one JSON line per event with time, level word, name and message', () => {
    const { stream, lines } = capture();
    createLogger('node-agent', { destination: stream }).info({ pod: 'etcd' }, 'static pod started');
    const [line] = lines();
    expect(line).toMatchObject({ level: 'info', name: 'node-agent', msg: 'static pod started', pod: 'etcd' });
    expect(new Date(String(line?.['time'])).toISOString()).toBe(line?.['time']);
  });

  it('drops lines below its level', () => {
    const { stream, lines } = capture();
    const log = createLogger('console', { level: 'warn', destination: stream });
    log.info('not written');
    log.warn('written');
    expect(lines().map((l) => l['msg'])).toEqual(['written']);
  });

  it('serializes errors with their message, stack and cause', () => {
    const { stream, lines } = capture();
    const error = new Error('connecting to 10.0.0.1:6443 failed', { cause: new Error('ECONNREFUSED') });
    createLogger('console', { destination: stream }).error({ err: error }, 'cluster unreachable');
    const err = lines()[0]?.['err'] as { message: string; stack: string; type: string };
    expect(err.type).toBe('Error');
    expect(err.message).toContain('connecting to 10.0.0.1:6443 failed');
    expect(err.message).toContain('ECONNREFUSED');
    expect(err.stack).toContain('logger.spec.ts');
  });

  it('never writes passwords, tokens, cookies or kubeconfigs', () => {
    const { stream, lines } = capture();
    createLogger('console', { destination: stream }).info(
      {
        password: 'hunter2',
        user: { token: 'abc123' },
        kubeconfig: 'apiVersion: v1',
        req: { headers: { cookie: 'strata_session=s3cr3t', authorization: 'Bearer t0k3n' } },
      },
      'request',
    );
    const text = JSON.stringify(lines());
    for (const secret of ['hunter2', 'abc123', 'apiVersion: v1', 's3cr3t', 't0k3n']) expect(text).not.toContain(secret);
    expect(text).toContain(REDACTED);
  });
});
