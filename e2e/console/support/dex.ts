import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { stringify } from 'yaml';
import { binaryPath } from '@strata/toolchain';

/** The identity provider the OIDC suite signs in through: Dex with its mock connector. */
export interface DexSetup {
  issuer: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  configFile: string;
}

/**
 * Writes the configuration of a Dex on `port` (in-memory storage, one confidential client
 * for the console's callback, the `mockCallback` connector whose user is in the group
 * `authors`). The console is started with it; the suite starts Dex itself.
 */
export function writeDexConfig(dir: string, port: number, consoleUrl: string, clientSecret: string): DexSetup {
  const issuer = `http://127.0.0.1:${port}/dex`;
  const redirectUri = `${consoleUrl}/api/auth/oidc/callback`;
  const configFile = join(dir, 'dex.yaml');
  writeFileSync(
    configFile,
    stringify({
      issuer,
      storage: { type: 'memory' },
      web: { http: `127.0.0.1:${port}` },
      oauth2: { skipApprovalScreen: true },
      staticClients: [{ id: 'strata-console', secret: clientSecret, name: 'Strata console', redirectURIs: [redirectUri] }],
      connectors: [{ type: 'mockCallback', id: 'mock', name: 'Example directory' }],
    }),
  );
  return { issuer, clientId: 'strata-console', clientSecret, redirectUri, configFile };
}

/** Starts the pinned Dex with `configFile` and waits for its discovery document. */
export async function startDex(configFile: string, issuer: string): Promise<{ stop: () => void }> {
  const logFile = `${configFile}.log`;
  const proc: ChildProcess = spawn(binaryPath('dex'), ['serve', configFile], {
    detached: true,
    stdio: ['ignore', openSync(logFile, 'a'), openSync(logFile, 'a')],
  });
  const stop = () => {
    try {
      if (proc.pid) process.kill(-proc.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  };
  const deadline = AbortSignal.timeout(90_000);
  while (!deadline.aborted) {
    if (proc.exitCode !== null) throw new Error(`dex exited (${proc.exitCode}):\n${readFileSync(logFile, 'utf8').slice(-2000)}`);
    try {
      if ((await fetch(`${issuer}/.well-known/openid-configuration`)).ok) return { stop };
    } catch {
      // Not listening yet.
    }
    await sleep(300);
  }
  stop();
  throw new Error(`dex did not serve its discovery document within 90 s:\n${readFileSync(logFile, 'utf8').slice(-2000)}`);
}
