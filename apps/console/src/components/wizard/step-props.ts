import type { ClusterProblem } from '@strata/cluster-config';
import type { CredentialSummary, Provider } from '@strata/install-contract';
import type { ClusterDocumentState } from './use-cluster-document';

/** What every wizard step receives. */
export interface StepProps {
  doc: ClusterDocumentState;
  /** The problems of the document (the browser's and the service's), each with its path. */
  problems: ClusterProblem[];
  /** A viewer sees the wizard but changes nothing. */
  readOnly: boolean;
  providers: Provider[];
  /** The platform of `spec.platform`, if one is chosen. */
  platform: string | undefined;
  provider: Provider | undefined;
  credentialId: string | undefined;
  setCredentialId(id: string | undefined): void;
  credentials: CredentialSummary[];
  reloadCredentials(): void;
  /** A license (its text) to install with, beyond the free tier; kept in the page only. */
  license: string;
  setLicense(text: string): void;
}
