import { existsSync, readFileSync } from 'node:fs';
import { NotAllowedError, NotFoundError } from '@strata/errors';
import { clusterFiles } from '@strata/install-engine';
import { scrubberFor } from '../../runner/scrub';
import { z } from 'zod';
import { assetArchive } from '../../services/asset-archive';
import type { ServiceContext } from '../../services/context';
import { installOf } from '../../services/installs';
import { hasRole } from '../auth';
import { defineRoute, type AnyRouteSpec } from '../route';
import { IdParams } from './params';

const AssetsQuery = z.strictObject({ secrets: z.enum(['true', 'false']).optional() });

/** The document, the assets, the admin kubeconfig and the install log of an install. */
export function downloadRoutes(ctx: ServiceContext): AnyRouteSpec[] {
  const dirOf = (id: string) => ctx.runner.dirOf(id);
  /** What cleans an install's log: the redaction rules and the values of the install's credential. */
  const scrubberOf = async (credentialId: string | null) => {
    const stored = credentialId ? await ctx.store.credentials.get(credentialId) : undefined;
    return scrubberFor(stored ? Object.values(ctx.box.open(stored.summary.id, stored.sealed)) : []);
  };
  return [
    defineRoute({
      method: 'GET',
      url: '/v1/installs/:id/document',
      action: 'install.document',
      summary: 'The document as submitted',
      responses: { 200: { description: 'The document.', contentType: 'application/yaml' } },
      role: 'viewer',
      params: IdParams,
      handler: async ({ params, reply }) => {
        const install = await installOf(ctx, params.id);
        return reply.type(install.format === 'json' ? 'application/json' : 'application/yaml').send(install.document);
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/installs/:id/logs',
      action: 'install.logs',
      summary: 'The install log, secrets redacted',
      responses: { 200: { description: 'The log.', contentType: 'text/plain' } },
      role: 'viewer',
      params: IdParams,
      handler: async ({ params, reply }) => {
        const install = await installOf(ctx, params.id);
        const file = clusterFiles(dirOf(params.id)).installLog;
        const scrub = await scrubberOf(install.credentialId);
        const text = existsSync(file) ? scrub(readFileSync(file, 'utf8')) : '';
        return reply.type('text/plain; charset=utf-8').send(text);
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/installs/:id/kubeconfig',
      action: 'install.kubeconfig',
      summary: 'The admin kubeconfig (audited)',
      responses: { 200: { description: 'The kubeconfig.', contentType: 'application/yaml' }, 404: { description: 'Not written yet.' } },
      role: 'admin',
      params: IdParams,
      handler: async ({ params, reply, request }) => {
        const install = await installOf(ctx, params.id);
        request.audit = { action: 'install.kubeconfig', target: params.id };
        const files = clusterFiles(dirOf(params.id));
        const file = [files.kubeconfig, files.adminKubeconfig].find((f) => existsSync(f));
        if (!file) throw new NotFoundError(`install ${params.id} has no admin kubeconfig yet (it is ${install.state})`);
        return reply
          .type('application/yaml')
          .header('content-disposition', `attachment; filename="${install.cluster}.kubeconfig"`)
          .send(readFileSync(file, 'utf8'));
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/installs/:id/assets',
      action: 'install.assets',
      summary: 'The asset directory as .tar.gz; secrets=true (admin, audited) includes keys and kubeconfigs',
      responses: { 200: { description: 'The archive.', contentType: 'application/gzip' } },
      role: 'viewer',
      params: IdParams,
      query: AssetsQuery,
      handler: async ({ params, query, actor, reply, request }) => {
        const install = await installOf(ctx, params.id);
        const secrets = query.secrets === 'true';
        if (secrets) {
          request.audit = { action: 'install.assets.secrets', target: params.id };
          if (!hasRole(actor, 'admin')) throw new NotAllowedError(`assets with secrets=true need the admin role; ${actor.user} is ${actor.role}`);
        }
        const dir = dirOf(params.id);
        if (!existsSync(dir)) throw new NotFoundError(`install ${params.id} has no assets yet (it is ${install.state})`);
        return reply
          .type('application/gzip')
          .header('content-disposition', `attachment; filename="${install.cluster}-assets${secrets ? '-with-secrets' : ''}.tar.gz"`)
          .send(assetArchive(dir, `${install.cluster}-assets`, secrets, await scrubberOf(install.credentialId)));
      },
    }),
  ];
}
