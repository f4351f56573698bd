import { CreateCredentialSchema, CredentialSummarySchema } from '@strata/install-contract';
import { z } from 'zod';
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
      summary: 'Verifies a credential with its provider and stores it sealed',
      responses: { 201: { description: 'Stored; the values are never answered.', schema: CredentialSummarySchema } },
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
      summary: 'The stored credentials, without their values',
      responses: { 200: { description: 'Every credential.', schema: z.strictObject({ items: z.array(CredentialSummarySchema) }) } },
      role: 'viewer',
      handler: async () => ({ items: await ctx.store.credentials.list() }),
    }),
    defineRoute({
      method: 'POST',
      url: '/v1/credentials/:id/verify',
      action: 'credential.verify',
      summary: 'Asks the provider again who a stored credential is',
      responses: { 200: { description: 'Verified.', schema: CredentialSummarySchema }, 404: { description: 'No such credential.' } },
      role: 'operator',
      params: IdParams,
      handler: async ({ params }) => verifyStoredCredential(ctx, params.id),
    }),
    defineRoute({
      method: 'DELETE',
      url: '/v1/credentials/:id',
      action: 'credential.delete',
      summary: 'Deletes a credential no unfinished install uses',
      responses: { 204: { description: 'Deleted.' }, 404: { description: 'No such credential.' }, 409: { description: 'An unfinished install uses it.' } },
      role: 'operator',
      params: IdParams,
      handler: async ({ params, reply }) => {
        await deleteCredential(ctx, params.id);
        return reply.code(204).send();
      },
    }),
  ];
}
