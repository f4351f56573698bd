import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';

describe('the server as a program', () => {
  it('prints its endpoint, serves, and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'cli.ts'), JSON.stringify({ subscriptionId: 'sub-cli' })], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
      const info = JSON.parse(line) as { url: string; subscriptionId: string; caFile: string };
      expect(info.subscriptionId).toBe('sub-cli');
      const response = await fetch(`${info.url}/subscriptions/sub-cli?api-version=2022-12-01`);
      expect(response.status).toBe(401);
      child.kill('SIGTERM');
      const [code] = (await once(child, 'exit')) as [number];
      expect(code).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
