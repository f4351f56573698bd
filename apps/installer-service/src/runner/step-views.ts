import type { InfraPlan, ProgressEvent, StepState } from '@strata/driver-api';
import type { InstallStepView } from '@strata/install-contract';

type StepViewState = InstallStepView['state'];

/** A plan step as the snapshot shows it: its id, kind and a one-line description. */
export interface StepInfo {
  id: string;
  kind: string;
  description: string;
}

/** The steps of a plan, by id. */
export function stepInfos(plan: InfraPlan): Map<string, StepInfo> {
  return new Map(plan.steps.map((s) => [s.id, { id: s.id, kind: s.kind, description: `${s.kind} ${s.name}` }]));
}

/** What is known of a step not in the plan (a journal entry of an earlier revision): its kind is the id's prefix. */
export function stepInfoOf(infos: Map<string, StepInfo>, id: string): StepInfo {
  return infos.get(id) ?? { id, kind: id.split('/')[0] ?? id, description: id };
}

/** The view state of a step the journal records as `state`. */
export function journalStepState(state: StepState): StepViewState {
  return state === 'absent' ? 'pending' : state;
}

/** The view state a driver progress event puts its step in, if it names one. */
export function progressStepState(e: ProgressEvent): StepViewState | undefined {
  if (!e.step) return undefined;
  const deleting = e.phase === 'destroy';
  switch (e.status) {
    case 'started':
      return deleting ? 'deleting' : 'creating';
    case 'done':
      return deleting ? 'deleted' : 'created';
    case 'skipped':
      return / adopted$/.test(e.message) ? 'adopted' : 'unchanged';
    case 'failed':
      return 'failed';
    default:
      return undefined;
  }
}
