import { userConnection } from '@strata/console-server';
import { z } from 'zod';
import { NotFoundError } from '@strata/errors';
import { cordon, drain, uncordon } from '@strata/k8s';
import { apiRoute } from '../../../../../../../server/api';
import { auditTarget, recordAudit } from '../../../../../../../server/audit';
import { parseBody } from '../../../../../../../server/body';

export const dynamic = 'force-dynamic';
/** A drain waits for evictions; allow it the time its timeout asks for. */
export const maxDuration = 330;

const DrainBody = z.object({
  /** Seconds to keep retrying evictions a PodDisruptionBudget refuses. */
  timeoutSeconds: z.number().int().min(1).max(300).default(60),
  force: z.boolean().default(false),
});

/**
 * `POST /api/clusters/:id/nodes/:name/cordon|uncordon|drain`. A drain answers
 * `{evicted, blocked: [{pod, reason}], done}`; pods a PodDisruptionBudget protects are in
 * `blocked` with the budget's message.
 */
export const POST = apiRoute<{ id: string; name: string; action: string }>('operate', async ({ req, params, runtime, session }) => {
  const conn = await userConnection(runtime.store, params.id, session.user);
  const target = auditTarget(params.id, { resource: 'nodes', name: params.name });
  switch (params.action) {
    case 'cordon':
      await cordon(conn, params.name);
      await recordAudit(runtime.store, session, 'node.cordon', target);
      return { ok: true };
    case 'uncordon':
      await uncordon(conn, params.name);
      await recordAudit(runtime.store, session, 'node.uncordon', target);
      return { ok: true };
    case 'drain': {
      const body = await parseBody(req, DrainBody);
      const result = await drain(conn, params.name, { timeoutMs: body.timeoutSeconds * 1000, force: body.force, signal: req.signal });
      await recordAudit(
        runtime.store,
        session,
        'node.drain',
        target,
        `evicted ${result.evicted.length}, blocked ${result.blocked.length}, done ${result.done}`,
      );
      return result;
    }
    default:
      throw new NotFoundError(`unknown node action "${params.action}"; use cordon, uncordon or drain`);
  }
});
