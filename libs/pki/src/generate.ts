import { isIPv6 } from 'node:net';
import { ConflictError, InputError } from '@strata/errors';
import { createCa, isReusableLeaf, issueLeaf, loadIssuer, type Issuer } from './certificate';
import { generateKeyPair, parsePrivateKey, privateKeyPem, publicKeyPem, publicPemOfPrivateKey } from './keys';
import { renderKubeconfig } from './kubeconfig';
import { CA_PATHS, SERVICE_ACCOUNT_PATH, leafPath } from './layout';
import { resolvePkiPlan, type PkiPlan, type ResolvedPkiPlan } from './plan';
import { CA_COMMON_NAMES, leafSpecs, type LeafSpec } from './profiles';
import type { CaName, CertifiedKey, ExistingPki, PkiBundle, PkiKubeconfigs, ServiceAccountKeys } from './types';

const CA_NAMES: CaName[] = ['ca', 'etcdCa', 'frontProxyCa'];

async function caFor(name: CaName, existing: CertifiedKey | undefined, plan: ResolvedPkiPlan): Promise<{ issuer: Issuer; created: boolean }> {
  if (existing === undefined) {
    const pair = await createCa(CA_COMMON_NAMES[name], { now: plan.now, days: plan.caValidityDays });
    return { issuer: await loadIssuer(pair), created: true };
  }
  const path = `${CA_PATHS[name]}.crt`;
  let issuer: Issuer;
  try {
    issuer = await loadIssuer(existing);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new InputError(`the existing CA ${path} cannot be used: ${message}`, [{ path, message }], error);
  }
  const { notBefore, notAfter } = issuer.cert;
  if (plan.now < notBefore || plan.now >= notAfter) {
    // A silently regenerated CA would invalidate every certificate and kubeconfig it signed.
    throw new ConflictError(
      `the existing CA ${path} is valid only from ${notBefore.toISOString()} to ${notAfter.toISOString()}; ` +
        `rotate it deliberately (remove ${CA_PATHS[name]}.crt and .key to issue a new PKI)`,
    );
  }
  return { issuer, created: false };
}

async function serviceAccountFor(existing: ServiceAccountKeys | undefined): Promise<{ keys: ServiceAccountKeys; created: boolean }> {
  if (existing === undefined) {
    const pair = await generateKeyPair();
    return {
      keys: { privateKeyPem: await privateKeyPem(pair.privateKey), publicKeyPem: await publicKeyPem(pair.publicKey) },
      created: true,
    };
  }
  const path = `${SERVICE_ACCOUNT_PATH}.key`;
  try {
    const publicPem = publicPemOfPrivateKey(parsePrivateKey(existing.privateKeyPem));
    if (existing.publicKeyPem && existing.publicKeyPem.trim() !== publicPem.trim()) {
      throw new Error(`${SERVICE_ACCOUNT_PATH}.pub does not belong to it`);
    }
    return { keys: { privateKeyPem: existing.privateKeyPem, publicKeyPem: publicPem }, created: false };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new InputError(`the existing service-account key ${path} cannot be used: ${message}`, [{ path, message }], error);
  }
}

function existingLeaf(existing: ExistingPki, spec: LeafSpec): CertifiedKey | undefined {
  return spec.machine === undefined ? existing[spec.slot] : existing[spec.slot]?.[spec.machine];
}

function localServer(address: string, port: number): string {
  return `https://${isIPv6(address) ? `[${address}]` : address}:${port}`;
}

function kubeconfigsFor(plan: ResolvedPkiPlan, bundle: Omit<PkiBundle, 'kubeconfigs'>): PkiKubeconfigs {
  const caPem = bundle.ca.certPem;
  const base = { clusterName: plan.clusterName, caPem };
  const forUser = (server: string, user: string, pair: CertifiedKey) => renderKubeconfig({ ...base, server, user, certPem: pair.certPem, keyPem: pair.keyPem });
  const perMember = (user: string, pair: CertifiedKey) =>
    Object.fromEntries(plan.controlPlane.map((m) => [m.name, forUser(localServer(m.address, plan.localApiServerPort), user, pair)]));
  return {
    admin: forUser(plan.apiServer.url, 'kubernetes-admin', bundle.admin),
    controllerManager: perMember('system:kube-controller-manager', bundle.controllerManager),
    scheduler: perMember('system:kube-scheduler', bundle.scheduler),
    kubelet: Object.fromEntries(
      plan.nodes.map((n) => {
        const pair = bundle.kubeletClient[n.name];
        if (pair === undefined) throw new Error(`internal: no client certificate for node ${n.name}`);
        return [n.name, forUser(plan.apiServer.url, `system:node:${n.name}`, pair)];
      }),
    ),
  };
}

/**
 * Builds the complete PKI for `plan`. With `existing` (from `loadPki` or an earlier bundle) the
 * CAs and the service-account key are always kept, so re-runs never rotate them; a leaf is kept
 * when it still matches the plan and is valid long enough, and issued anew otherwise.
 * Certificates of machines no longer in the plan are dropped. `issued` lists what is new.
 * @throws InputError for an invalid plan (every problem with its field path) or an unusable
 *   existing CA or service-account key; ConflictError for an existing CA that is not valid now.
 */
export async function generatePki(plan: PkiPlan, existing: ExistingPki = {}): Promise<PkiBundle> {
  const resolved = resolvePkiPlan(plan);
  const issued: string[] = [];

  const issuers = {} as Record<CaName, Issuer>;
  for (const name of CA_NAMES) {
    const { issuer, created } = await caFor(name, existing[name], resolved);
    issuers[name] = issuer;
    if (created) issued.push(CA_PATHS[name]);
  }
  const serviceAccount = await serviceAccountFor(existing.serviceAccount);
  if (serviceAccount.created) issued.push(SERVICE_ACCOUNT_PATH);

  const window = { now: resolved.now, days: resolved.validityDays };
  const specs = leafSpecs(resolved);
  const leaves = await Promise.all(
    specs.map(async (spec) => {
      const issuer = issuers[spec.issuer];
      const prior = existingLeaf(existing, spec);
      if (prior !== undefined && (await isReusableLeaf(prior, spec.profile, issuer, window))) {
        return { spec, pair: prior, created: false };
      }
      return { spec, pair: await issueLeaf(spec.profile, issuer, window), created: true };
    }),
  );

  const certificates = {
    ca: issuers.ca.pair,
    etcdCa: issuers.etcdCa.pair,
    frontProxyCa: issuers.frontProxyCa.pair,
    serviceAccount: serviceAccount.keys,
    apiServer: {},
    etcdServer: {},
    etcdPeer: {},
    kubeletServing: {},
    kubeletClient: {},
  } as Omit<PkiBundle, 'kubeconfigs' | 'clusterName' | 'apiServerUrl' | 'controlPlane' | 'nodes' | 'issued'>;
  for (const { spec, pair, created } of leaves) {
    if (spec.machine === undefined) certificates[spec.slot] = pair;
    else certificates[spec.slot][spec.machine] = pair;
    if (created) issued.push(leafPath(spec.slot, spec.machine));
  }
  const withoutKubeconfigs = {
    ...certificates,
    clusterName: resolved.clusterName,
    apiServerUrl: resolved.apiServer.url,
    controlPlane: resolved.controlPlane.map((m) => m.name),
    nodes: resolved.nodes.map((n) => n.name),
    issued,
  };
  return { ...withoutKubeconfigs, kubeconfigs: kubeconfigsFor(resolved, withoutKubeconfigs) };
}
