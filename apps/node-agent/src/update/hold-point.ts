import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Named points of the update path where the machine can be made to stop, so that fault
 * specs kill it at a known instant instead of racing it. `STRATA_UPDATE_HOLD_AT=<point>`
 * in the environment of the process running the update engine selects one point:
 *
 * - `download`: half-way through the payload download;
 * - `unpack`: half of the image's files written into the passive slot;
 * - `postinstall`: while the new image's postinstall runs;
 * - `slot-table`: the table arming the new slot written, not yet renamed into place;
 * - `armed`: that table in place, the install not yet reported (3/1);
 * - `mark-successful`: the same for the table marking a trial slot successful;
 * - `marked-successful`: that table in place, the update not yet reported complete.
 */
export const HOLD_POINTS = ['download', 'unpack', 'postinstall', 'slot-table', 'armed', 'mark-successful', 'marked-successful'] as const;
export type HoldPoint = (typeof HOLD_POINTS)[number];

export const HOLD_ENV = 'STRATA_UPDATE_HOLD_AT';

/** `<root>/run/update-hold`: the point the machine stopped at. */
export function holdMarkerPath(root: string): string {
  return join(root, 'run/update-hold');
}

/**
 * When `point` is the one selected, records it in the hold marker and blocks this process
 * for good (it is there to be killed); otherwise returns at once.
 */
export function holdAt(root: string, point: HoldPoint, env: NodeJS.ProcessEnv = process.env): void {
  if (env[HOLD_ENV] !== point) return;
  const marker = holdMarkerPath(root);
  mkdirSync(dirname(marker), { recursive: true });
  writeFileSync(marker, `${point}\n`);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
}
