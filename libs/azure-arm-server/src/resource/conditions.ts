import { ArmError } from '../errors';
import type { StoredResource } from '../model';

/** The If-Match / If-None-Match preconditions of a write (https://www.rfc-editor.org/rfc/rfc9110#section-13.1). */
export interface Conditions {
  ifMatch?: string | undefined;
  ifNoneMatch?: string | undefined;
}

/** ARM's 412 when a write's precondition does not hold on the resource as it is. */
export function checkConditions(conditions: Conditions, existing: StoredResource | undefined): void {
  const etag = existing ? String(existing.top['etag'] ?? '') : undefined;
  const fail = (why: string) => new ArmError(412, 'PreconditionFailed', `The operation could not be performed because ${why}.`);
  if (conditions.ifNoneMatch === '*' && existing) throw fail(`the resource ${existing.id} already exists (If-None-Match: *)`);
  if (conditions.ifMatch !== undefined) {
    if (!existing) throw fail('the resource does not exist (If-Match)');
    if (conditions.ifMatch !== '*' && conditions.ifMatch !== etag) throw fail(`the resource's etag ${etag} does not match If-Match ${conditions.ifMatch}`);
  }
}
