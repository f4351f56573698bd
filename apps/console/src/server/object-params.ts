import { z } from 'zod';
import { InputError } from '@strata/errors';
import { resourceByKey } from '@strata/k8s';

/** A DNS-1123 name or label as Kubernetes accepts them (the API server checks the exact rule). */
const NAME = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'must be a Kubernetes object name');

/** Identifies one object: its resource key, namespace (for namespaced kinds) and name. */
export const ObjectRef = z.object({
  resource: z.string().min(1),
  namespace: NAME.optional(),
  name: NAME,
});
export type ObjectRef = z.infer<typeof ObjectRef>;

/** An ObjectRef from query parameters; InputError listing what is missing or malformed. */
export function objectRefFromQuery(search: URLSearchParams): ObjectRef {
  const raw = {
    resource: search.get('resource') ?? '',
    name: search.get('name') ?? '',
    ...(search.get('namespace') ? { namespace: search.get('namespace') as string } : {}),
  };
  const parsed = ObjectRef.safeParse(raw);
  if (!parsed.success) {
    throw new InputError(
      'the object is not named correctly',
      parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
    );
  }
  return checkScope(parsed.data);
}

/** Checks that a namespaced kind has a namespace (and the kind exists). */
export function checkScope(ref: ObjectRef): ObjectRef {
  const resource = resourceByKey(ref.resource);
  if (resource.namespaced && !ref.namespace) throw new InputError(`${resource.kind} needs a namespace`, [{ path: 'namespace', message: 'required' }]);
  return resource.namespaced ? ref : { resource: ref.resource, name: ref.name };
}
