import { describe, expect, it } from 'vitest';
import { applyInstallEvent, InstallEventSchema, type InstallEvent, type InstallSnapshot } from './installer-api';

const start: InstallSnapshot = {
  id: 'i-1',
  cluster: 'demo',
  platform: 'local',
  until: 'ready',
  state: 'pending',
  createdAt: '2026-01-01T00:00:00.000Z',
  createdBy: 'alice',
  updatedAt: '2026-01-01T00:00:00.000Z',
  phases: [],
  steps: [],
  machines: [],
  lastSeq: 0,
};

const at = (seq: number) => ({ seq, at: `2026-01-01T00:00:0${seq}.000Z` });

describe('applyInstallEvent', () => {
  it('folds states, phases and steps, keeps the result of success and ignores what it has seen', () => {
    const events: InstallEvent[] = [
      { ...at(1), type: 'state', state: 'running' },
      { ...at(2), type: 'phase', phase: { id: 'assets', title: 'Render assets', state: 'running' } },
      { ...at(3), type: 'phase', phase: { id: 'assets', title: 'Render assets', state: 'succeeded', durationMs: 5 } },
      { ...at(4), type: 'step', step: { id: 'machine/demo-cp-0', kind: 'machine', description: 'machine demo-cp-0', state: 'created' } },
      { ...at(5), type: 'state', state: 'succeeded', result: { apiUrl: 'https://127.1.2.1:6443', clusterId: 'c-1' } },
    ];
    const folded = events.map((e) => InstallEventSchema.parse(e)).reduce(applyInstallEvent, start);
    expect(folded).toMatchObject({ state: 'succeeded', lastSeq: 5, updatedAt: at(5).at, result: { clusterId: 'c-1' } });
    expect(folded.phases).toEqual([{ id: 'assets', title: 'Render assets', state: 'succeeded', durationMs: 5 }]);
    expect(folded.steps).toHaveLength(1);
    expect(applyInstallEvent(folded, events[0] as InstallEvent)).toBe(folded);
  });

  it('clears the error of an interrupted install once it runs again', () => {
    const interrupted = applyInstallEvent(start, { ...at(1), type: 'state', state: 'interrupted', error: { message: 'the service stopped', problems: [] } });
    expect(interrupted.error?.message).toBe('the service stopped');
    const resumed = applyInstallEvent(interrupted, { ...at(2), type: 'state', state: 'pending' });
    expect(resumed.error).toBeUndefined();
    expect(resumed.state).toBe('pending');
  });
});
