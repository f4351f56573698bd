import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { machinePaths, OS_TRUSTED_KEYS, parseReleaseFile, UPDATE_ENGINE_CONFIG } from '@strata/bootstrap';
import { InputError } from '@strata/errors';

/**
 * `/etc/strata/update-engine.json` (optional): the update engine's schedule and health
 * deadline. Defaults are update_engine's own: first check 7 minutes after start, then
 * every 45 minutes with up to 10 minutes of fuzz either way, failures backing off up to
 * 4 hours.
 */
export const UpdateEngineSettingsSchema = z.strictObject({
  /** The Omaha endpoint; default: `SERVER` of `/etc/flatcar/update.conf`. */
  server: z.string().url().optional(),
  /** The group (track); default: `GROUP` of `/etc/flatcar/update.conf`, else `stable`. */
  group: z.string().min(1).optional(),
  enabled: z.boolean().default(true),
  initialDelaySeconds: z.number().nonnegative().default(420),
  checkIntervalSeconds: z.number().positive().default(2700),
  checkFuzzSeconds: z.number().nonnegative().default(600),
  retryInitialSeconds: z.number().positive().default(60),
  maxBackoffSeconds: z.number().positive().default(14_400),
  /** A trial boot must pass the health gate within this time, or the machine reboots into the other slot. */
  healthDeadlineSeconds: z.number().positive().default(300),
  /** Time between health gate evaluations. */
  healthPollSeconds: z.number().positive().default(2),
  /** A postinstall script running longer is stopped and the update fails. */
  postinstallTimeoutSeconds: z.number().positive().default(120),
});
export type UpdateEngineSettingsFile = z.infer<typeof UpdateEngineSettingsSchema>;

/** The settings in force, with server and group resolved. */
export type UpdateEngineSettings = Omit<UpdateEngineSettingsFile, 'server' | 'group'> & { server: string | null; group: string };

function readOptional(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Reads the update engine's settings from the machine root.
 * @throws InputError naming each bad field of `/etc/strata/update-engine.json`.
 */
export function loadUpdateEngineSettings(root: string): UpdateEngineSettings {
  const path = join(root, UPDATE_ENGINE_CONFIG);
  const text = readOptional(path);
  let raw: unknown = {};
  if (text !== undefined) {
    try {
      raw = JSON.parse(text);
    } catch (error) {
      throw new InputError(`${path} is not JSON: ${(error as Error).message}`, [{ path: '', message: 'not JSON' }]);
    }
  }
  const parsed = UpdateEngineSettingsSchema.safeParse(raw);
  if (!parsed.success) {
    throw new InputError(
      `${path} is invalid`,
      parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    );
  }
  const conf = parseReleaseFile(readOptional(join(root, machinePaths.UPDATE_CONF)) ?? '');
  return { ...parsed.data, server: parsed.data.server ?? conf['SERVER'] ?? null, group: parsed.data.group ?? conf['GROUP'] ?? 'stable' };
}

/**
 * The public keys this machine accepts `/usr` images from: every PEM block of
 * `/etc/strata/update-payload-keys.pem` (written by Ignition). None means no update is
 * ever installed.
 */
export function loadTrustedKeys(root: string): KeyObject[] {
  const text = readOptional(join(root, OS_TRUSTED_KEYS)) ?? '';
  const blocks = text.match(/-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/g) ?? [];
  return blocks.map((pem) => createPublicKey(pem));
}
