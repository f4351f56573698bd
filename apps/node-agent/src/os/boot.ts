import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { imageBinaryTable, parseReleaseFile, STRATA_OS, USR_PATHS, usrImageFiles } from '@strata/bootstrap';
import { silentLogger, type Logger } from '@strata/log';
import { pinnedVersions } from '@strata/toolchain';
import { writeFileAtomic } from '../status/run-files';
import { chooseBootSlot, describeSlot, factoryTable, readSlotTable, slotDir, writeSlotTable, type SlotName, type SlotTable } from './slot-table';
import { writeSlotFiles } from './usr-install';

/** `<root>/run/boot.json`: what the boot loader chose for the running boot. */
export const BootRecordSchema = z.strictObject({
  bootId: z.string(),
  slot: z.enum(['usr-a', 'usr-b']),
  version: z.string(),
  /** The slot had not booted successfully before: this boot is its one try, and the health gate decides. */
  trial: z.boolean(),
  bootedAt: z.string(),
});
export type BootRecord = z.infer<typeof BootRecordSchema>;

export function bootRecordPath(root: string): string {
  return join(root, 'run/boot.json');
}

/** The running boot of the machine at `root`; undefined when it was not booted from slots. */
export function readBootRecord(root: string): BootRecord | undefined {
  try {
    return BootRecordSchema.parse(JSON.parse(readFileSync(bootRecordPath(root), 'utf8')));
  } catch {
    return undefined;
  }
}

/** The version a slot's `/usr/lib/os-release` names, or undefined when the slot is not a complete image. */
export function slotVersion(root: string, slot: SlotName): string | undefined {
  const dir = slotDir(root, slot);
  if (!existsSync(join(dir, USR_PATHS.nodeAgent))) return undefined;
  try {
    return parseReleaseFile(readFileSync(join(dir, USR_PATHS.osRelease), 'utf8'))['VERSION_ID'];
  } catch {
    return undefined;
  }
}

function replaceSymlink(target: string, path: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  rmSync(tmp, { force: true });
  symlinkSync(target, tmp);
  renameSync(tmp, path);
}

/** Options of {@link bootMachine}. */
export interface BootOptions {
  /** The node-agent bundle of the factory image, written into `usr-a` on the machine's first boot. */
  factoryBundle: () => Promise<Buffer>;
  factoryVersion?: string;
  log?: Logger;
}

/**
 * One boot of a local machine, the part firmware and GRUB's `gptprio.next` play on Flatcar:
 * on the very first boot the factory image is written into `usr-a`; then the slot table
 * chooses the slot (an unproven slot uses up its try, written back atomically before
 * anything starts), `<root>/usr` is pointed at it and `<root>/etc/os-release` at its
 * os-release, `/run` starts empty with a new boot id, and the boot is recorded in
 * `/run/boot.json`. A slot the table points at but that is not a complete image is
 * disabled and the choice is made again.
 */
export async function bootMachine(root: string, options: BootOptions): Promise<BootRecord> {
  const log = options.log ?? silentLogger;
  let table: SlotTable | undefined = readSlotTable(root);
  if (!table) {
    const version = options.factoryVersion ?? STRATA_OS.version;
    log.info({ slot: 'usr-a', version }, 'first boot: writing the factory /usr image');
    writeSlotFiles(root, 'usr-a', usrImageFiles({ version, nodeAgentBundle: await options.factoryBundle(), imageTable: imageBinaryTable(pinnedVersions()) }));
    table = factoryTable(version);
    writeSlotTable(root, table);
  }
  for (;;) {
    const choice = chooseBootSlot(table);
    const version = slotVersion(root, choice.slot);
    if (version === undefined) {
      log.error({ slot: choice.slot, attributes: describeSlot(table.slots[choice.slot]) }, 'the chosen /usr slot is not a complete image; disabling it');
      table = { version: 1, slots: { ...table.slots, [choice.slot]: { priority: 0, tries: 0, successful: 0, version: null } } as SlotTable['slots'] };
      writeSlotTable(root, table);
      continue;
    }
    writeSlotTable(root, choice.table);
    replaceSymlink(choice.slot, join(root, 'usr'));
    mkdirSync(join(root, 'etc'), { recursive: true });
    replaceSymlink(`../usr/${USR_PATHS.osRelease}`, join(root, 'etc/os-release'));
    // A new boot: nothing of the last one survives in /run.
    const run = join(root, 'run');
    mkdirSync(run, { recursive: true });
    for (const entry of readdirSync(run)) rmSync(join(run, entry), { recursive: true, force: true });
    const record: BootRecord = { bootId: randomUUID(), slot: choice.slot, version, trial: choice.trial, bootedAt: new Date().toISOString() };
    writeFileSync(join(run, 'boot_id'), `${record.bootId}\n`);
    writeFileAtomic(bootRecordPath(root), `${JSON.stringify(record, null, 2)}\n`);
    log.info({ ...record, attributes: describeSlot(choice.table.slots[choice.slot]) }, 'booting /usr slot');
    return record;
  }
}

/** The agent program of the booted slot (`<root>/usr/lib/strata/node-agent.mjs`). */
export function bootedAgentBundle(root: string): string {
  return join(root, 'usr', USR_PATHS.nodeAgent);
}
