import { Listr, PRESET_TIMER } from 'listr2';
import type { Phase } from '@strata/install-engine';
import type { Console } from './output';

/**
 * Runs phases as a live task list with per-phase timings on a terminal, as plain log lines
 * otherwise, and silently (events go to the log only) for `--output json`.
 */
export async function runPhases(phases: Phase[], out: Console): Promise<void> {
  const json = out.options.output === 'json';
  const tasks = new Listr(
    phases.map((phase) => ({
      title: phase.title,
      task: async (_ctx: unknown, task: { output: string; title: string }) => {
        const summary = await phase.run((message) => {
          task.output = message;
        });
        if (summary) task.title = `${phase.title}: ${summary}`;
      },
    })),
    {
      concurrent: false,
      exitOnError: true,
      silentRendererCondition: json,
      rendererOptions: { timer: PRESET_TIMER, collapseSubtasks: false },
      fallbackRendererOptions: { timer: PRESET_TIMER },
    },
  );
  await tasks.run();
}
