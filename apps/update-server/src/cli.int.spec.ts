import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { strataCliCommand } from '@strata/installer/bundle';
import { startUpdateServerProcess, type UpdateServerProcess } from '@strata/testkit';
import { findFreePort, WORKSPACE_ROOT } from '@strata/toolchain';
import { encodeRequest, FLATCAR_APP_ID, parseResponse } from '@strata/omaha';
import { payloadOf } from './testing/test-server';

/** Runs the real `strata` CLI (from its bundle, rebuilt when sources changed). */
function strata(args: string[], env: Record<string, string> = {}) {
  const cli = strataCliCommand(args);
  const res = spawnSync(cli.command, cli.args, {
    cwd: WORKSPACE_ROOT,
    encoding: 'utf8',
    env: { ...process.env, STRATA_HOME: join(tmpdir(), 'strata-test-home'), ...env },
    timeout: 180_000,
  });
  return { code: res.status ?? -1, stdout: res.stdout, stderr: res.stderr };
}

describe('strata updates against a real update server process', () => {
  let dir: string;
  let server: UpdateServerProcess;
  let port: number;
  let tokenFile: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'strata-updates-cli-'));
    port = await findFreePort();
    server = await startUpdateServerProcess({
      dataDir: join(dir, 'data'),
      database: `sqlite:${join(dir, 'updates.db')}`,
      port: null,
      env: { STRATA_UPDATE_PORT: String(port) },
    });
    tokenFile = join(dir, 'data', 'admin-token');
  });
  afterAll(async () => {
    const code = await server?.stop();
    expect(code).toBe(0);
    rmSync(dir, { recursive: true, force: true });
  });

  it('listens on STRATA_UPDATE_PORT and writes its admin token with mode 0600', () => {
    expect(server.url).toBe(`http://127.0.0.1:${port}`);
    expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
    expect(server.stderr()).toContain('created the admin token');
  });

  it('says how to start the server when none is running', async () => {
    const idle = await findFreePort();
    const res = strata(['updates', 'status', '--server', `http://127.0.0.1:${idle}`, '--token-file', tokenFile]);
    expect(res.code).toBe(6);
    expect(res.stderr).toContain(`no update server answers at http://127.0.0.1:${idle}`);
    expect(res.stderr).toContain('apps/update-server/src/main.ts');
    const noToken = strata(['updates', 'status', '--server', server.url, '--token-file', join(dir, 'missing-token')]);
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toContain('no update server admin token at');
  });

  it('publish, promote, pause, resume and status, with precise errors and --output json', async () => {
    const flags = ['--server', server.url, '--token-file', tokenFile];
    const payload = join(dir, 'strata-usr-2.0.0.payload');
    writeFileSync(payload, payloadOf(64 * 1024, 9));
    const published = strata(['--output', 'json', 'updates', 'publish', payload, '--version', '2.0.0', ...flags]);
    expect(published.code, published.stderr + published.stdout).toBe(0);
    expect(JSON.parse(published.stdout)).toMatchObject({ package: { version: '2.0.0', size: 65536 } });

    const promoted = strata(['updates', 'promote', '2.0.0', '--channel', 'beta', ...flags]);
    expect(promoted.code, promoted.stderr).toBe(0);
    expect(promoted.stdout).toContain('channel beta now serves 2.0.0');

    const unknownVersion = strata(['updates', 'promote', '9.9.9', '--channel', 'beta', ...flags]);
    expect(unknownVersion.code).toBe(3);
    expect(unknownVersion.stderr).toContain('unknown version 9.9.9');
    const unknownChannel = strata(['updates', 'promote', '2.0.0', '--channel', 'nightly', ...flags]);
    expect(unknownChannel.code).toBe(3);
    expect(unknownChannel.stderr).toContain('unknown channel "nightly"');
    const unknownGroup = strata(['--output', 'json', 'updates', 'pause', 'canary', ...flags]);
    expect(unknownGroup.code).toBe(3);
    expect(JSON.parse(unknownGroup.stdout).error.message).toContain('unknown group "canary"');

    // A machine on the beta track is offered 2.0.0 by the real server.
    const xml = encodeRequest({
      protocol: '3.0',
      apps: [{ appId: FLATCAR_APP_ID, version: '1.0.0', track: 'beta', machineId: 'cli-machine-1', updateCheck: true, ping: true, events: [], extra: {} }],
    });
    const answer = parseResponse(await (await fetch(`${server.url}/v1/update/`, { method: 'POST', body: xml })).text());
    expect(answer.apps[0]!.updateCheck?.manifestVersion).toBe('2.0.0');

    const paused = strata(['updates', 'pause', 'beta', '--reason', 'bad kernel', ...flags]);
    expect(paused.code, paused.stderr).toBe(0);
    expect(paused.stdout).toContain('group beta paused: bad kernel');
    const status = strata(['--output', 'json', 'updates', 'status', ...flags]);
    expect(status.code, status.stderr).toBe(0);
    const report = JSON.parse(status.stdout) as {
      channels: Array<{ name: string; version: string }>;
      groups: Array<{ name: string; updatesEnabled: boolean; byStatus: Record<string, number> }>;
    };
    expect(report.channels.find((c) => c.name === 'beta')?.version).toBe('2.0.0');
    expect(report.groups.find((g) => g.name === 'beta')).toMatchObject({ updatesEnabled: false, byStatus: { 'update-granted': 1 } });

    expect(strata(['updates', 'resume', 'beta', ...flags]).stdout).toContain('group beta resumed');
    const text = strata(['updates', 'status', ...flags]);
    expect(text.stdout).toContain('beta       channel beta → 2.0.0, updating');

    const wrongToken = join(dir, 'wrong-token');
    writeFileSync(wrongToken, 'sut_this-is-not-the-right-token-at-all\n');
    const refused = strata(['updates', 'status', '--server', server.url, '--token-file', wrongToken]);
    expect(refused.code).toBe(5);
    expect(refused.stderr).toContain('refused the admin token');
  });
});
