import type { StrataError } from '@strata/errors';

/**
 * The error `promise` rejects with, for a spec that checks what a refusal says.
 * @throws when it resolves instead, so a call that should have failed fails the spec.
 */
export async function rejectionOf(promise: Promise<unknown>): Promise<StrataError> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error as StrataError,
  );
}

/**
 * Removes every environment variable whose name starts with `prefix` (`AWS_`, `AZURE_`), so the
 * SDK's default credential chain finds nothing and whatever a spec gets through was signed with
 * the credential it passed. Returns the function that puts them back.
 */
export function withoutEnv(prefix: string): () => void {
  const saved: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith(prefix) || value === undefined) continue;
    saved[name] = value;
    delete process.env[name];
  }
  return () => Object.assign(process.env, saved);
}
