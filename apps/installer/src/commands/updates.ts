import { existsSync, openAsBlob, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { errorForStatus, InputError, ProviderError, type FieldProblem } from '@strata/errors';
import type { CommandContext } from '../cli/context';

/** Where the update server listens unless told otherwise (the local machines' `SERVER`). */
export const DEFAULT_UPDATE_SERVER = 'http://127.0.0.1:8600';

const START_HINT = 'start it with: node_modules/.bin/node --import tsx apps/update-server/src/main.ts (add --port <port> or --db postgres://… as needed)';

/** The update server's data directory, as the server resolves it: `STRATA_UPDATE_DATA_DIR`, else `${XDG_DATA_HOME:-~/.local/share}/strata/update-server`. */
export function updateServerDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return env['STRATA_UPDATE_DATA_DIR'] || join(env['XDG_DATA_HOME'] || join(homedir(), '.local', 'share'), 'strata', 'update-server');
}

interface ServerFlags {
  server: string;
  tokenFile?: string;
}

function readToken(flags: ServerFlags): string {
  const file = resolve(flags.tokenFile ?? join(updateServerDataDir(), 'admin-token'));
  if (!existsSync(file)) {
    throw new InputError(
      `no update server admin token at ${file}: the server writes it to its data directory on first start; ${flags.tokenFile ? 'check --token-file' : `${START_HINT}, or pass --token-file`}`,
      [{ path: 'token-file', message: 'must name the admin-token file of the update server' }],
    );
  }
  const token = readFileSync(file, 'utf8').trim();
  if (token === '') throw new InputError(`the admin token file ${file} is empty`, [{ path: 'token-file', message: 'is empty' }]);
  return token;
}

/** Calls the admin API; maps refused connections and error answers to precise errors. */
async function call<T>(flags: ServerFlags, method: string, path: string, body?: { json: unknown } | { file: string; type: string }): Promise<T> {
  const base = flags.server.replace(/\/+$/, '');
  const token = readToken(flags);
  let res: Response;
  try {
    const init: RequestInit & { duplex?: 'half' } = { method, headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(600_000) };
    if (body && 'json' in body) {
      init.headers = { ...init.headers, 'content-type': 'application/json' };
      init.body = JSON.stringify(body.json);
    } else if (body) {
      init.headers = { ...init.headers, 'content-type': body.type };
      init.body = await openAsBlob(body.file);
    }
    res = await fetch(`${base}${path}`, init);
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    throw new ProviderError(`no update server answers at ${base} (${cause}); ${START_HINT}`, { cause: error, retryable: true });
  }
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text === '' ? {} : JSON.parse(text);
  } catch {
    throw new ProviderError(`${base} is not a Strata update server (HTTP ${res.status}, not JSON: ${text.slice(0, 120)})`);
  }
  if (!res.ok) {
    const answer = parsed as { message?: string; problems?: FieldProblem[] };
    const message =
      res.status === 401
        ? `the update server refused the admin token (${answer.message ?? 'unauthenticated'}); pass the server's admin-token file with --token-file`
        : (answer.message ?? `HTTP ${res.status}`);
    throw errorForStatus(res.status, message, { problems: answer.problems ?? [] });
  }
  return parsed as T;
}

interface StatusReport {
  channels: Array<{ name: string; version: string | null; floors: string[] }>;
  packages: Array<{ version: string; size: number }>;
  groups: Array<{
    name: string;
    channel: string;
    targetVersion: string | null;
    updatesEnabled: boolean;
    pausedReason: string | null;
    instances: number;
    byStatus: Record<string, number>;
    byVersion: Record<string, number>;
    timedOut: number;
    policy: { safeMode: boolean; maxUpdatesPerPeriod: number | null; periodSeconds: number; rolloutPercent: number; windows: unknown[]; timezone: string };
  }>;
  recentEvents: Array<{
    at: string;
    machineId: string;
    group: string | null;
    type: number;
    result: number;
    error: { code: number; name: string | null; flags: string[] } | null;
  }>;
}

function describeStatus(report: StatusReport): string {
  const lines = ['Channels:'];
  for (const c of report.channels) lines.push(`  ${c.name.padEnd(10)} ${c.version ?? '(none)'}${c.floors.length ? `   floors ${c.floors.join(', ')}` : ''}`);
  lines.push('Groups:');
  for (const g of report.groups) {
    const state = g.updatesEnabled ? 'updating' : `paused (${g.pausedReason ?? 'updates disabled'})`;
    const limits = [
      g.policy.safeMode ? 'safe mode' : '',
      g.policy.maxUpdatesPerPeriod !== null ? `${g.policy.maxUpdatesPerPeriod} per ${g.policy.periodSeconds} s` : '',
      g.policy.rolloutPercent < 100 ? `${g.policy.rolloutPercent}%` : '',
      g.policy.windows.length ? `${g.policy.windows.length} window(s) ${g.policy.timezone}` : '',
    ].filter(Boolean);
    lines.push(`  ${g.name.padEnd(10)} channel ${g.channel} → ${g.targetVersion ?? '(none)'}, ${state}${limits.length ? `; ${limits.join(', ')}` : ''}`);
    const statuses = Object.entries(g.byStatus)
      .filter(([, n]) => n > 0)
      .map(([s, n]) => `${s} ${n}`);
    const versions = Object.entries(g.byVersion).map(([v, n]) => `${v} ${n}`);
    lines.push(`             ${g.instances} machines${statuses.length ? `: ${statuses.join(', ')}` : ''}${g.timedOut ? `; ${g.timedOut} timed out` : ''}`);
    if (versions.length) lines.push(`             versions: ${versions.join(', ')}`);
  }
  const errors = report.recentEvents.filter((e) => e.error);
  if (errors.length) {
    lines.push('Recent errors:');
    for (const e of errors.slice(0, 10)) {
      const flags = e.error?.flags.length ? ` [${e.error.flags.join(', ')}]` : '';
      lines.push(`  ${e.at} ${e.machineId} (${e.group ?? '-'}) ${e.type}/${e.result}: ${e.error?.name ?? 'error'} ${e.error?.code}${flags}`);
    }
  }
  return lines.join('\n');
}

const withServer = (command: Command): Command =>
  command
    .option(
      '--server <url>',
      'the update server (default $STRATA_UPDATE_SERVER or http://127.0.0.1:8600)',
      process.env['STRATA_UPDATE_SERVER'] || DEFAULT_UPDATE_SERVER,
    )
    .option('--token-file <file>', "the server's admin token (default: admin-token in its data directory)");

/** `strata updates publish|promote|pause|resume|status`: the OS update server's admin API. */
export function registerUpdates(program: Command, ctx: CommandContext): void {
  const updates = program
    .command('updates')
    .description('OS updates: publish payloads to the update server, promote them to channels, pause or resume groups, show the rollout');

  withServer(
    updates
      .command('publish <file>')
      .description('upload a /usr payload (from strata os build-image) as a version; the server computes its size, SHA-1 and SHA-256')
      .requiredOption('--version <version>', 'the OS version the payload carries, e.g. 4231.0.0')
      .option('--channel <channel>', 'promote it to this channel right away')
      .option('--name <name>', 'file name machines download (default strata-usr-<version>.payload)'),
  ).action((file: string, flags: ServerFlags & { version: string; channel?: string; name?: string }) =>
    ctx.run(async (out) => {
      const path = resolve(file);
      if (!existsSync(path) || !statSync(path).isFile())
        throw new InputError(`payload ${file} is not a readable file`, [{ path: 'file', message: 'must name a payload file' }]);
      const query = new URLSearchParams({ version: flags.version, name: flags.name ?? `strata-usr-${flags.version}.payload` });
      if (flags.channel) query.set('channel', flags.channel);
      const result = await call<{ package: { version: string; size: number; sha256Base64: string }; channel?: { name: string } }>(
        flags,
        'POST',
        `/v1/admin/packages?${query.toString()}`,
        { file: path, type: 'application/octet-stream' },
      );
      out.result(
        `published ${result.package.version} from ${basename(path)} (${result.package.size} bytes, sha256 ${result.package.sha256Base64})${result.channel ? `; channel ${result.channel.name} now serves it` : ''}`,
        result,
      );
      return 0;
    }),
  );

  withServer(
    updates
      .command('promote <version>')
      .description('point a channel at a published version')
      .requiredOption('--channel <channel>', 'stable, beta, alpha or another channel'),
  ).action((version: string, flags: ServerFlags & { channel: string }) =>
    ctx.run(async (out) => {
      const result = await call<{ channel: { name: string; version: string } }>(
        flags,
        'POST',
        `/v1/admin/channels/${encodeURIComponent(flags.channel)}/promote`,
        { json: { version } },
      );
      out.result(`channel ${result.channel.name} now serves ${result.channel.version}`, result);
      return 0;
    }),
  );

  for (const action of ['pause', 'resume'] as const) {
    const command = updates
      .command(`${action} <group>`)
      .description(action === 'pause' ? 'stop granting updates to a group' : 'grant updates to a group again');
    if (action === 'pause') command.option('--reason <text>', 'why, shown in the status');
    withServer(command).action((group: string, flags: ServerFlags & { reason?: string }) =>
      ctx.run(async (out) => {
        const result = await call<{ group: { name: string; pausedReason: string | null } }>(
          flags,
          'POST',
          `/v1/admin/groups/${encodeURIComponent(group)}/${action}`,
          {
            json: flags.reason ? { reason: flags.reason } : {},
          },
        );
        out.result(action === 'pause' ? `group ${result.group.name} paused: ${result.group.pausedReason}` : `group ${result.group.name} resumed`, result);
        return 0;
      }),
    );
  }

  withServer(updates.command('status').description('channels, groups with their policy and machines by status and version, recent errors')).action(
    (flags: ServerFlags) =>
      ctx.run(async (out) => {
        const report = await call<StatusReport>(flags, 'GET', '/v1/admin/status');
        out.result(describeStatus(report), report);
        return 0;
      }),
  );
}
