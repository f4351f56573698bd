import type { ClusterProblem } from '@strata/cluster-config';

/** The wizard's steps, in order. */
export const WIZARD_STEPS = [
  { id: 'provider', title: 'Provider' },
  { id: 'credentials', title: 'Credentials' },
  { id: 'basics', title: 'Basics' },
  { id: 'placement', title: 'Placement' },
  { id: 'control-plane', title: 'Control plane' },
  { id: 'workers', title: 'Worker pools' },
  { id: 'networking', title: 'Networking' },
  { id: 'ssh', title: 'SSH keys' },
  { id: 'license', title: 'License' },
  { id: 'review', title: 'Review' },
] as const;

export type WizardStepId = (typeof WIZARD_STEPS)[number]['id'];

/** The steps a platform goes through: only clouds take credentials. */
export function stepsFor(platform: string | undefined): (typeof WIZARD_STEPS)[number][] {
  return WIZARD_STEPS.filter((step) => step.id !== 'credentials' || (platform !== undefined && platform !== 'local'));
}

/** Whether `id` names a step. */
export function isStepId(id: unknown): id is WizardStepId {
  return WIZARD_STEPS.some((step) => step.id === id);
}

/** The document fields each step edits, as problem path prefixes. */
const STEP_FIELDS: Record<WizardStepId, readonly string[]> = {
  provider: ['apiVersion', 'kind', '(document)', 'spec.platform'],
  credentials: [],
  basics: ['metadata', 'spec.kubernetesVersion', 'spec.os', 'spec.baseDomain'],
  placement: ['spec.platform.'],
  'control-plane': ['spec.controlPlane'],
  workers: ['spec.workers'],
  networking: ['spec.networking'],
  ssh: ['spec.sshAuthorizedKeys'],
  license: ['spec.license'],
  review: [''],
};

function under(path: string, prefix: string): boolean {
  if (prefix === '') return true;
  if (prefix.endsWith('.')) return path.startsWith(prefix);
  return path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`);
}

/** The problems that belong to a step's fields (the provider step's `spec.platform` means the choice itself, not its fields). */
export function problemsOfStep(step: WizardStepId, problems: readonly ClusterProblem[]): ClusterProblem[] {
  return problems.filter((p) => {
    if (step === 'provider')
      return (
        p.path === 'spec.platform' ||
        p.path === 'spec' ||
        p.path === '' ||
        STEP_FIELDS.provider.slice(0, 3).some((f) => under(p.path, f)) ||
        p.path.startsWith('line ')
      );
    return STEP_FIELDS[step].some((prefix) => under(p.path, prefix));
  });
}

/** The message of the problem exactly at `path`, for a field's `error`. */
export function problemAt(problems: readonly ClusterProblem[], path: string): string | undefined {
  const found = problems.filter((p) => p.path === path).map((p) => p.message);
  return found.length > 0 ? found.join('; ') : undefined;
}
