import { CreateInstallSchema, DestroyRequestSchema, IDEMPOTENCY_HEADER, InstallSnapshotSchema, InstallSummarySchema } from '@strata/install-contract';
import { z } from 'zod';
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
      summary: 'Starts an install (Idempotency-Key required)',
      responses: {
        201: { description: 'Started.', schema: InstallSnapshotSchema },
        200: { description: 'The install this key started before.', schema: InstallSnapshotSchema },
        403: { description: 'A role below operator, or beyond the license.' },
        409: { description: 'The plan document changed, the key was used with another body, or the cluster is being installed.' },
      },
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
      summary: 'Every install, newest first',
      responses: { 200: { description: 'The installs.', schema: z.strictObject({ items: z.array(InstallSummarySchema) }) } },
      role: 'viewer',
      handler: async () => ({ items: await ctx.store.installs.list() }),
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/installs/:id',
      action: 'install.read',
      summary: "An install's snapshot",
      responses: { 200: { description: 'The snapshot.', schema: InstallSnapshotSchema }, 404: { description: 'No such install.' } },
      role: 'viewer',
      params: IdParams,
      handler: async ({ params }) => (await installOf(ctx, params.id)).snapshot,
    }),
    defineRoute({
      method: 'POST',
      url: '/v1/installs/:id/cancel',
      action: 'install.cancel',
      summary: 'Cancels a pending or running install',
      responses: { 202: { description: 'Cancelling.', schema: InstallSnapshotSchema }, 409: { description: 'The install is not pending or running.' } },
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
      summary: 'Runs an interrupted, failed or cancelled install again',
      responses: { 202: { description: 'Resumed.', schema: InstallSnapshotSchema }, 409: { description: 'The install cannot be resumed now.' } },
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
      summary: "Destroys what an install made; confirm is the cluster's name",
      responses: { 202: { description: 'Destroying.', schema: InstallSnapshotSchema }, 409: { description: 'The install is still running.' } },
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
