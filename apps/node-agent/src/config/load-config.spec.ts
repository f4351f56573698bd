import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InputError, NotFoundError } from '@strata/errors';
import { agentConfig } from '../testing/agent-config';
import { configPath, loadNodeAgentConfig, parseNodeAgentConfig } from './load-config';

describe('parseNodeAgentConfig', () => {
  it('accepts the configuration machineIgnition renders', () => {
    expect(parseNodeAgentConfig(JSON.stringify(agentConfig()))).toEqual(agentConfig());
  });

  it.each([
    ['a missing field', { address: undefined }, 'address'],
    ['an unknown role', { role: 'master' }, 'role'],
    ['an API server that is not a URL', { apiServerUrl: 'the api server' }, 'apiServerUrl'],
    ['a bad taint effect', { taints: [{ key: 'a', effect: 'Sometimes' }] }, 'taints[0].effect'],
    ['a zero lease period', { leaseRenewSeconds: 0 }, 'leaseRenewSeconds'],
    ['an unknown channel', { os: { name: 'x', version: '1', channel: 'nightly' } }, 'os.channel'],
    ['an unknown field', { extra: true }, '(document)'],
  ])('rejects %s, naming the field', (_, change, path) => {
    const text = JSON.stringify({ ...agentConfig(), ...change });
    let error: unknown;
    try {
      parseNodeAgentConfig(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).problems.map((p) => p.path)).toContain(path);
    expect((error as InputError).message).toContain('/etc/strata/node-agent.json');
  });

  it('rejects text that is not JSON', () => {
    expect(() => parseNodeAgentConfig('{ nope')).toThrow(/not valid JSON/);
  });
});

describe('loadNodeAgentConfig', () => {
  let root: string | undefined;
  afterEach(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('reads /etc/strata/node-agent.json inside the root', () => {
    root = mkdtempSync(join(tmpdir(), 'node-agent-config-'));
    mkdirSync(join(root, 'etc/strata'), { recursive: true });
    writeFileSync(configPath(root), JSON.stringify(agentConfig({ machine: 'm1' })));
    expect(loadNodeAgentConfig(root).machine).toBe('m1');
  });

  it('says Ignition has not run when the file is missing', () => {
    root = mkdtempSync(join(tmpdir(), 'node-agent-config-'));
    expect(() => loadNodeAgentConfig(root!)).toThrow(NotFoundError);
    expect(() => loadNodeAgentConfig(root!)).toThrow(/apply the machine's Ignition config/);
  });
});
