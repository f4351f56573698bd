import type { Cluster } from '@strata/cluster-config';
import type { InfraPlan } from './schemas';

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
