import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const srcDir = import.meta.dirname;

/** Packages the library may load at run time; all of them run in browsers (ipaddr.js has no dependencies). */
const ALLOWED_PACKAGES = new Set(['zod', 'yaml', 'ipaddr.js', '@strata/errors']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

describe('browser safety', () => {
  const files = sourceFiles(srcDir);

  it('finds the library sources', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it.each(files.map((file) => [relative(srcDir, file), file]))('%s imports only relative modules and browser-safe packages', (_name, file) => {
    const source = readFileSync(file, 'utf8');
    const specifiers = [...source.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+'([^']+)'/gm)].map((m) => m[1] ?? '');
    const external = specifiers.filter((specifier) => !specifier.startsWith('.'));
    expect(external.filter((specifier) => !ALLOWED_PACKAGES.has(specifier))).toEqual([]);
    // Node-only globals would pass the type check (the workspace includes @types/node) but fail in a browser.
    expect(source).not.toMatch(/\b(Buffer|process\.(env|cwd|platform)|__dirname|require\()/);
  });
});
