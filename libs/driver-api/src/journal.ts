import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { withContext } from '@strata/errors';

const JournalRecordSchema = z.strictObject({
  step: z.string(),
  event: z.enum(['creating', 'created', 'deleting', 'deleted']),
  outputs: z.record(z.string(), z.string()).optional(),
  at: z.string(),
});
export type JournalRecord = z.infer<typeof JournalRecordSchema>;

/** Where a step stands according to the journal. */
export type StepState = 'absent' | 'creating' | 'created' | 'deleting' | 'deleted';

/**
 * The durable record of what a driver did: one JSON line per event, fsynced before the
 * call returns, so after a crash (even `kill -9`) the installer knows which steps were
 * complete, which were in flight, and which resources it may have to adopt.
 * A torn last line (the crash hit mid-write) is ignored.
 */
export class Journal {
  private readonly states = new Map<string, { state: StepState; outputs?: Record<string, string> }>();

  private constructor(readonly path: string) {}

  static open(path: string): Journal {
    const journal = new Journal(path);
    if (existsSync(path)) {
      const lines = readFileSync(path, 'utf8').split('\n');
      lines.forEach((line, i) => {
        if (line.trim() === '') return;
        let record: JournalRecord;
        try {
          record = JournalRecordSchema.parse(JSON.parse(line));
        } catch (error) {
          if (i >= lines.length - 2) return; // torn final write
          throw withContext(error, `reading journal ${path} line ${i + 1}`);
        }
        journal.apply(record);
      });
    }
    return journal;
  }

  private apply(record: JournalRecord): void {
    const previous = this.states.get(record.step);
    this.states.set(record.step, { state: record.event, outputs: record.outputs ?? previous?.outputs });
  }

  state(step: string): StepState {
    return this.states.get(step)?.state ?? 'absent';
  }

  outputs(step: string): Record<string, string> | undefined {
    return this.states.get(step)?.outputs;
  }

  /** Steps in the given state. */
  steps(state: StepState): string[] {
    return [...this.states.entries()].filter(([, v]) => v.state === state).map(([k]) => k);
  }

  /** Every step the journal knows of, with its state. */
  entries(): { step: string; state: StepState; outputs?: Record<string, string> }[] {
    return [...this.states.entries()].map(([step, v]) => ({ step, ...v }));
  }

  record(step: string, event: JournalRecord['event'], outputs?: Record<string, string>): void {
    const record: JournalRecord = { step, event, at: new Date().toISOString(), ...(outputs ? { outputs } : {}) };
    mkdirSync(dirname(this.path), { recursive: true });
    const fd = openSync(this.path, 'a', 0o600);
    try {
      writeSync(fd, `${JSON.stringify(record)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    this.apply(record);
  }
}
