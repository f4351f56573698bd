import { CreateCredentialSchema } from '@strata/install-contract';
import type { ServiceContext } from '../../services/context';
import { createCredential, deleteCredential, verifyStoredCredential } from '../../services/credentials';
import { defineRoute, type AnyRouteSpec } from '../route';
import { IdParams } from './params';

/** Credentials: sent once, verified with the provider, stored sealed, never returned. */
export function credentialRoutes(ctx: ServiceContext): AnyRouteSpec[] {
  return [
    defineRoute({
      method: 'POST',
      url: '/v1/credentials',
      action: 'credential.create',
      role: 'operator',
      body: CreateCredentialSchema,
      target: ({ body }) => `${body.platform}/${body.name}`,
      handler: async ({ body, actor, reply }) => {
        const summary = await createCredential(ctx, body, actor.user);
        void reply.code(201);
        return summary;
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/credentials',
      action: 'credentials.list',
      role: 'viewer',
      handler: async () => ({ items: await ctx.store.credentials.list() }),
    }),
    defineRoute({
      method: 'POST',
      url: '/v1/credentials/:id/verify',
      action: 'credential.verify',
      role: 'operator',
      params: IdParams,
      handler: async ({ params }) => verifyStoredCredential(ctx, params.id),
    }),
    defineRoute({
      method: 'DELETE',
      url: '/v1/credentials/:id',
      action: 'credential.delete',
      role: 'operator',
      params: IdParams,
      handler: async ({ params, reply }) => {
        await deleteCredential(ctx, params.id);
        return reply.code(204).send();
      },
    }),
  ];
}
