import { CreateInstallSchema, DestroyRequestSchema, IDEMPOTENCY_HEADER } from '@strata/install-contract';
import type { ServiceContext } from '../../services/context';
import { cancelInstall, createInstall, destroyInstall, installOf, resumeInstall } from '../../services/installs';
import { defineRoute, type AnyRouteSpec } from '../route';
import { IdParams } from './params';

/** Installs: start (idempotent by key), list, read, cancel, resume, destroy. */
export function installRoutes(ctx: ServiceContext): AnyRouteSpec[] {
  return [
    defineRoute({
      method: 'POST',
      url: '/v1/installs',
      action: 'install.create',
      role: 'operator',
      body: CreateInstallSchema,
      target: () => 'install',
      handler: async ({ body, actor, reply, request }) => {
        const key = request.headers[IDEMPOTENCY_HEADER];
        const { snapshot, replay } = await createInstall(ctx, body, typeof key === 'string' ? key : undefined, actor.user);
        if (request.audit) request.audit.target = `${snapshot.id} (${snapshot.cluster})${replay ? ' replayed' : ''}`;
        void reply.code(replay ? 200 : 201);
        return snapshot;
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/installs',
      action: 'installs.list',
      role: 'viewer',
      handler: async () => ({ items: await ctx.store.installs.list() }),
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/installs/:id',
      action: 'install.read',
      role: 'viewer',
      params: IdParams,
      handler: async ({ params }) => (await installOf(ctx, params.id)).snapshot,
    }),
    defineRoute({
      method: 'POST',
      url: '/v1/installs/:id/cancel',
      action: 'install.cancel',
      role: 'operator',
      params: IdParams,
      handler: async ({ params, reply }) => {
        const snapshot = await cancelInstall(ctx, params.id);
        void reply.code(202);
        return snapshot;
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/v1/installs/:id/resume',
      action: 'install.resume',
      role: 'operator',
      params: IdParams,
      handler: async ({ params, reply }) => {
        const snapshot = await resumeInstall(ctx, params.id);
        void reply.code(202);
        return snapshot;
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/v1/installs/:id/destroy',
      action: 'install.destroy',
      role: 'admin',
      params: IdParams,
      body: DestroyRequestSchema,
      handler: async ({ params, body, reply }) => {
        const snapshot = await destroyInstall(ctx, params.id, body.confirm);
        void reply.code(202);
        return snapshot;
      },
    }),
  ];
}
