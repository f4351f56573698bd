import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PINNED_KUBERNETES_VERSION, SUPPORTED_KUBERNETES_VERSIONS } from './kubernetes-versions';

const versionsFile = resolve(import.meta.dirname, '../../../tools/binaries/versions.json');

describe('Kubernetes versions', () => {
  it('pins the same version as tools/binaries/versions.json', () => {
    const pins = JSON.parse(readFileSync(versionsFile, 'utf8')) as { kubernetes: string };
    expect(PINNED_KUBERNETES_VERSION).toBe(pins.kubernetes);
  });

  it('supports the pinned version', () => {
    expect(SUPPORTED_KUBERNETES_VERSIONS).toContain(PINNED_KUBERNETES_VERSION);
  });

  it('lists only well-formed vMAJOR.MINOR.PATCH versions', () => {
    for (const version of SUPPORTED_KUBERNETES_VERSIONS) expect(version).toMatch(/^v\d+\.\d+\.\d+$/);
  });
});
