import { FREE_TIER_NODES } from './claims';
import { evaluate, type Evaluation } from './evaluate';
import type { Jwks, TrustedKeys } from './jwks';
import { verifyLicense } from './verify';

/** What the installer asks before provisioning. */
export interface InstallRequest {
  /** The license token (the content of the license file), when the user supplied one. */
  licenseToken?: string;
  /** Where the token came from, for messages, e.g. `--license ./acme.lic` or `spec.license.file`. */
  licenseSource?: string;
  /** Nodes the install would add, control-plane nodes included. */
  requestedNodes: number;
  /** Nodes the platform already runs across the clusters the license covers; default 0. */
  existingNodes?: number;
  now?: Date;
  /** Keys to trust instead of the default set (shipped + STRATA_LICENSE_TRUSTED_KEYS). */
  trustedKeys?: TrustedKeys | Jwks;
}

/** The installer's answer: an evaluation of the would-be total plus whether to proceed. */
export interface InstallEntitlement extends Evaluation {
  /** Whether the installer may provision; when false `message` says why and how to fix it. */
  allowed: boolean;
  requestedNodes: number;
  existingNodes: number;
}

const HOW_TO_ADD = 'Add a license with spec.license.file in the Cluster document or with --license FILE.';

function describeTotal(requested: number, existing: number): string {
  return existing > 0
    ? `${requested + existing} nodes (${existing} already running + ${requested} requested, control plane included)`
    : `${requested} nodes (control plane included)`;
}

/**
 * Decides whether the installer may provision `requestedNodes` more nodes. The installer is
 * the one place licensing refuses anything: beyond the entitlement (OVER_LIMIT, and also
 * while a running platform is already in its over-limit grace period) it refuses with a
 * message naming the node count, the limit and how to add a license. A supplied license that
 * fails verification is refused too, since the user meant to use it. Running clusters are
 * never stopped by licensing.
 */
export function checkInstallEntitlement(request: InstallRequest): InstallEntitlement {
  const existingNodes = request.existingNodes ?? 0;
  const requestedNodes = request.requestedNodes;
  const now = request.now ?? new Date();
  const total = requestedNodes + existingNodes;
  const source = request.licenseSource ?? 'the supplied license';
  const base = { requestedNodes, existingNodes };

  if (!Number.isInteger(requestedNodes) || requestedNodes < 0 || !Number.isInteger(existingNodes) || existingNodes < 0) {
    return {
      ...base,
      status: 'INVALID',
      allowed: false,
      allowedNodes: FREE_TIER_NODES,
      nodes: total,
      message: 'Node counts must be whole numbers of at least 0.',
    };
  }

  const token = request.licenseToken?.trim();
  if (token === undefined || token === '') {
    const evaluation = evaluate(null, { nodes: total, now });
    if (total <= FREE_TIER_NODES) return { ...evaluation, ...base, allowed: true };
    return {
      ...evaluation,
      ...base,
      allowed: false,
      message: `Refusing to install ${describeTotal(requestedNodes, existingNodes)}: without a license Strata allows ${FREE_TIER_NODES} nodes in total. ${HOW_TO_ADD}`,
    };
  }

  const verification = verifyLicense(token, { now, ...(request.trustedKeys ? { trustedKeys: request.trustedKeys } : {}) });
  const evaluation = evaluate(verification, { nodes: total, now });
  if (!verification.ok) {
    return {
      ...evaluation,
      ...base,
      allowed: false,
      message: `Refusing to install: ${source} is not a valid Strata license (${verification.reason}). ${HOW_TO_ADD}`,
    };
  }
  if (evaluation.status === 'OVER_LIMIT' || evaluation.status === 'OVER_LIMIT_GRACE' || total > evaluation.allowedNodes) {
    return {
      ...evaluation,
      ...base,
      allowed: false,
      message: `Refusing to install ${describeTotal(requestedNodes, existingNodes)}: ${source} allows ${evaluation.allowedNodes} nodes in total (${evaluation.status}). ${evaluation.message} ${HOW_TO_ADD}`,
    };
  }
  return { ...evaluation, ...base, allowed: true };
}
