import { ignitionConfigSchema, type IgnitionConfig } from './config-schema';
import { formatPath, ignitionInputError } from './problems';

/**
 * Reads an Ignition config back from JSON: the subset of spec
 * {@link IGNITION_SPEC_VERSION} that {@link IgnitionBuilder} emits, with the same rules.
 * Throws an `InputError` listing every problem with its path, including fields outside
 * the subset (they are reported rather than dropped).
 */
export function parseIgnition(json: string): IgnitionConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    throw ignitionInputError([{ path: '(config)', message: `is not valid JSON: ${(error as Error).message}` }]);
  }
  const result = ignitionConfigSchema.safeParse(raw);
  if (result.success) return result.data;
  throw ignitionInputError(
    result.error.issues.map((issue) => ({
      path: formatPath(issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))),
      message: issue.message,
    })),
  );
}
