import { closeSync, fsyncSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { OsImageFile } from '@strata/bootstrap';
import { slotDir, type SlotName } from './slot-table';

/**
 * Writes an image's files into a slot directory, replacing whatever it held, each file
 * fsynced. The slot must not be bootable while this runs (see `disableSlot`): a machine
 * killed half-way leaves a partial slot that the boot loader never chooses. `afterFile` is
 * told how many files are written after each one.
 */
export function writeSlotFiles(root: string, slot: SlotName, files: OsImageFile[], afterFile?: (written: number) => void): void {
  const dir = slotDir(root, slot);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const [index, file] of files.entries()) {
    const path = join(dir, file.path);
    mkdirSync(dirname(path), { recursive: true });
    const fd = openSync(path, 'w', file.mode);
    try {
      writeSync(fd, file.contents);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    afterFile?.(index + 1);
  }
}
