import { createHash } from 'node:crypto';
import type { Cluster } from '@strata/cluster-config';
import { InputError } from '@strata/errors';
import type { InfraPlan } from './schemas';

/** Hours in the month the price tables are quoted for (365 × 24 / 12, as the providers' calculators count). */
export const HOURS_PER_MONTH = 730;

/**
 * A credential the installer service holds for a user: the kind (one of the driver's
 * `credentialKinds`) and its field values. Given to a driver through `DriverContext.credential`
 * (and the catalog calls), it takes the place of the SDK's default credential chain.
 * Values are secret: a driver never logs, emits or returns them.
 */
export interface Credential {
  kind: string;
  values: Readonly<Record<string, string>>;
}

/** One field of a credential kind, as a form shows it. */
export interface CredentialField {
  name: string;
  title: string;
  /** Shown masked and never echoed back. */
  secret: boolean;
  optional?: boolean;
}

export interface CredentialKind {
  kind: string;
  title: string;
  fields: CredentialField[];
}

/** Who the provider says a credential is. Nothing in it is secret. */
export interface CredentialIdentity {
  /** The account, subscription or project the credential acts in. */
  account: string;
  /** The user, role or service principal it authenticates as (an ARN, a client id). */
  principal: string;
  /** One line for people: `arn:aws:iam::123456789012:user/ci in 123456789012`. */
  display: string;
}

/** One answer of a lookup: the value a field takes and how to show it. */
export interface LookupItem {
  value: string;
  title: string;
}

/** A machine size the driver maps to one of its instance types. */
export interface MachineType {
  size: string;
  type: string;
  cpus: number;
  memoryGiB: number;
}

/** Where a driver's price table comes from and when it was read. */
export interface PriceTable {
  /** ISO date the prices were read. */
  asOf: string;
  currency: string;
  /** Where they were read (the provider's public price page). */
  source: string;
}

/** The monthly cost of one plan step, or why it has none. */
export interface StepCost {
  stepId: string;
  monthlyCost: number | null;
  unpricedReason?: string;
}

/** Options of a catalog call that reaches the provider. */
export interface CatalogCall {
  credential?: Credential;
  /** The platform section the call is made for (region, endpoints), as far as the form has it. */
  platform?: Record<string, unknown>;
  signal?: AbortSignal;
}

/**
 * What a driver tells a front end about its platform before there is a cluster: the credentials
 * it takes, the lookups a form fills its choices from, the machine types and a dated price table.
 * Optional on a {@link Driver}: a driver without one installs from the CLI only.
 */
export interface DriverCatalog {
  readonly title: string;
  /** Empty when the platform needs none (local). */
  readonly credentialKinds: readonly CredentialKind[];
  /** Names of the lookups `lookup` answers (`regions`, `zones`, `locations`, …). */
  readonly lookups: readonly string[];
  readonly machineTypes: readonly MachineType[];
  readonly prices: PriceTable | null;
  /**
   * Asks the provider who `credential` is.
   * @throws InputError naming the field when the provider refuses it; ProviderError when it cannot be reached.
   */
  verifyCredential(credential: Credential, call: CatalogCall): Promise<CredentialIdentity>;
  /** The choices of one lookup, read live from the provider with the call's credential. */
  lookup(name: string, call: CatalogCall): Promise<LookupItem[]>;
  /** The monthly cost of each step of `plan` from the price table; pure. */
  estimate(cluster: Cluster, plan: InfraPlan): StepCost[];
}

/**
 * The values of `credential` when it is one of `kinds` with every required field set.
 * @throws InputError naming the field (`kind`, `values.<field>`) and what to set.
 */
export function credentialValues(kinds: readonly CredentialKind[], credential: Credential): Readonly<Record<string, string>> {
  const kind = kinds.find((k) => k.kind === credential.kind);
  if (!kind) {
    const known = kinds.map((k) => k.kind).join(', ');
    throw new InputError(`credential kind ${JSON.stringify(credential.kind)} is not one this platform takes`, [
      { path: 'kind', message: known ? `must be one of ${known}` : 'this platform takes no credential; leave it out' },
    ]);
  }
  const problems = kind.fields
    .filter((f) => !f.optional && !credential.values[f.name]?.trim())
    .map((f) => ({ path: `values.${f.name}`, message: `is required for a ${kind.title}: set the ${f.title}` }));
  const known = new Set(kind.fields.map((f) => f.name));
  for (const name of Object.keys(credential.values)) {
    if (!known.has(name)) problems.push({ path: `values.${name}`, message: `is not a field of a ${kind.title}; its fields are ${[...known].join(', ')}` });
  }
  if (problems.length > 0) throw new InputError(`the ${kind.title} is incomplete`, problems);
  return credential.values;
}

/**
 * A stable key of a credential (its kind and values, hashed): clients built for one
 * credential are kept under it, so two credentials never share a client and no value is
 * kept in the clear as a key.
 */
export function credentialKey(credential: Credential | undefined): string {
  if (!credential) return 'default-chain';
  const canonical = JSON.stringify([credential.kind, Object.entries(credential.values).sort(([a], [b]) => a.localeCompare(b))]);
  return createHash('sha256').update(canonical).digest('hex');
}

/**
 * `text` with every value of `credential` that is a secret field of its kind (and, when
 * the kind is unknown, every value of it) replaced by `***`: for messages built from a
 * provider's answer, which may quote what it was sent.
 */
export function withoutSecrets(text: string, credential: Credential | undefined, kinds: readonly CredentialKind[]): string {
  if (!credential) return text;
  const kind = kinds.find((k) => k.kind === credential.kind);
  const secret = (name: string) => !kind || kind.fields.find((f) => f.name === name)?.secret !== false;
  let out = text;
  for (const [name, value] of Object.entries(credential.values)) {
    if (secret(name) && value.length >= 4) out = out.split(value).join('***');
  }
  return out;
}

/** The sum of the priced steps, and the ids of those without a price. */
export function costTotal(costs: readonly StepCost[]): { monthlyTotal: number; unpriced: string[] } {
  const monthlyTotal = costs.reduce((sum, c) => sum + (c.monthlyCost ?? 0), 0);
  return { monthlyTotal: Math.round(monthlyTotal * 100) / 100, unpriced: costs.filter((c) => c.monthlyCost === null).map((c) => c.stepId) };
}
