import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { issue, keygen, KEYGEN_FILES } from './commands';

const dir = mkdtempSync(join(tmpdir(), 'strata-license-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('issue', () => {
  const keys = join(dir, 'keys');
  keygen({ out: keys });

  it.each([
    ['a right-to-left override', 'Acme\u202Egnp', 'U+202E'],
    ['a newline', 'Acme\nCorp', 'U+000A'],
  ])('refuses a customer name with %s and writes nothing', async (_name, customer, code) => {
    const out = join(dir, `${code}.lic`);
    await expect(issue({ key: join(keys, KEYGEN_FILES.privateKey), customer, nodes: 5, days: 30, out })).rejects.toMatchObject({
      problems: [{ path: '--customer', message: expect.stringContaining(code) }],
    });
    expect(existsSync(out)).toBe(false);
  });
});
