import { nodeCount } from '@strata/cluster-config';
import { StrataError, type FieldProblem } from '@strata/errors';
import type { Validation, ValidateRequest } from '@strata/install-contract';
import { driverFor } from '@strata/install-engine';
import type { ServiceContext } from './context';
import { openCredential } from './credentials';
import { readDocument } from './documents';
import { licenseVerdict } from './license';

/** Problems of a check that refused with a family error, as field problems (its own, or its message at `path`). */
function problemsOf(error: unknown, path: string): FieldProblem[] {
  if (!(error instanceof StrataError) || error.kind === 'internal') throw error;
  return error.problems.length > 0 ? error.problems : [{ path, message: error.message }];
}

/**
 * The problems of a document exactly as `strata validate` reports them, the node count and the
 * license verdict; `online` adds the driver's preflight (credentials, quotas, address space)
 * with the stored credential. An invalid document is an answer, not an error.
 */
export async function validateDocument(ctx: ServiceContext, body: ValidateRequest): Promise<Validation> {
  const reading = readDocument(body.document, body.format);
  if (!reading.ok) return { valid: false, problems: reading.problems, nodes: 0, license: null };
  const cluster = reading.cluster;
  const problems: FieldProblem[] = [];
  let license: Validation['license'] = null;
  try {
    license = licenseVerdict(cluster, body.license);
  } catch (error) {
    problems.push(...problemsOf(error, 'license'));
  }
  if (body.online) {
    try {
      const credential = body.credentialId ? (await openCredential(ctx, body.credentialId)).credential : undefined;
      const driver = await driverFor(cluster);
      problems.push(...((await driver.preflight?.(cluster, '', credential)) ?? []));
    } catch (error) {
      problems.push(...problemsOf(error, 'credentialId'));
    }
  }
  return { valid: problems.length === 0, problems, nodes: nodeCount(cluster), license };
}
