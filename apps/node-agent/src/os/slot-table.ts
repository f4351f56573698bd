import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { InputError } from '@strata/errors';

/** The two `/usr` slots of a machine, as Flatcar's USR-A and USR-B partitions. */
export const SLOTS = ['usr-a', 'usr-b'] as const;
export type SlotName = (typeof SLOTS)[number];

/**
 * The GPT attributes Flatcar's boot loader reads for each USR partition (`cgpt add -P -T -S`):
 * a priority (0 = never boot, higher wins), the tries left for a slot not yet proven good,
 * and whether it has booted successfully. `version` records what was written into the slot.
 */
export const SlotSchema = z.strictObject({
  priority: z.number().int().min(0).max(15),
  tries: z.number().int().min(0).max(15),
  successful: z.union([z.literal(0), z.literal(1)]),
  version: z.string().nullable(),
});
export type Slot = z.infer<typeof SlotSchema>;

export const SlotTableSchema = z.strictObject({
  version: z.literal(1),
  slots: z.strictObject({ 'usr-a': SlotSchema, 'usr-b': SlotSchema }),
});
export type SlotTable = z.infer<typeof SlotTableSchema>;

/** `<root>/boot/partition-table.json`: the machine's slot table, outside both slots. */
export function slotTablePath(root: string): string {
  return join(root, 'boot/partition-table.json');
}

/** The slot directory (`<root>/usr-a`). */
export function slotDir(root: string, slot: SlotName): string {
  return join(root, slot);
}

export function otherSlot(slot: SlotName): SlotName {
  return slot === 'usr-a' ? 'usr-b' : 'usr-a';
}

/** Reads the slot table; undefined when the machine has none yet (its first boot). */
export function readSlotTable(root: string): SlotTable | undefined {
  const path = slotTablePath(root);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const parsed = SlotTableSchema.safeParse(JSON.parse(text));
  if (!parsed.success) {
    throw new InputError(
      `${path} is not a slot table`,
      parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    );
  }
  return parsed.data;
}

/**
 * Writes the slot table so that a machine killed at any instant finds either the old table
 * or the new one: a temporary file, fsync, rename over the table, fsync of the directory.
 * `beforeRename` runs once the temporary file is complete.
 */
export function writeSlotTable(root: string, table: SlotTable, beforeRename?: () => void): void {
  const path = slotTablePath(root);
  const contents = `${JSON.stringify(SlotTableSchema.parse(table), null, 2)}\n`;
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', 0o644);
  try {
    writeSync(fd, contents);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  beforeRename?.();
  renameSync(tmp, path);
  const dir = openSync(dirname(path), 'r');
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
}

/** The result of the boot loader's choice. */
export interface BootChoice {
  slot: SlotName;
  /** The table to write back before booting (tries decremented for an unproven slot). */
  table: SlotTable;
  /** True when the slot has not booted successfully yet: this boot is one of its tries. */
  trial: boolean;
}

/**
 * GRUB's `gptprio.next`: of the slots with priority > 0 that are either successful or have
 * tries left, the one with the highest priority (USR-A first on a tie); booting an unproven
 * slot uses up one of its tries. A slot that has used its last try without being marked
 * successful is never chosen again, so the next boot falls back to the other slot.
 * @throws InputError when no slot is bootable.
 */
export function chooseBootSlot(table: SlotTable): BootChoice {
  let best: SlotName | undefined;
  for (const name of SLOTS) {
    const s = table.slots[name];
    if (s.priority === 0 || (s.successful === 0 && s.tries === 0)) continue;
    if (best === undefined || s.priority > table.slots[best].priority) best = name;
  }
  if (best === undefined) {
    throw new InputError('no bootable /usr slot: every slot has priority 0 or no tries left without a successful boot', [
      { path: 'slots', message: SLOTS.map((n) => `${n}: ${describeSlot(table.slots[n])}`).join('; ') },
    ]);
  }
  const chosen = table.slots[best];
  const trial = chosen.successful === 0;
  const next: SlotTable = { version: 1, slots: { ...table.slots, [best]: trial ? { ...chosen, tries: chosen.tries - 1 } : chosen } };
  return { slot: best, table: next, trial };
}

/** `priority 2, tries 1, successful 0, version 4231.0.0`. */
export function describeSlot(s: Slot): string {
  return `priority ${s.priority}, tries ${s.tries}, successful ${s.successful}, version ${s.version ?? 'none'}`;
}

/**
 * The table after a new image was written into `slot`: it gets the highest priority and
 * one try, not successful yet (`cgpt add -P <above the other> -T 1 -S 0`, as Flatcar's
 * postinstall does); the other slot keeps its attributes but a lower priority.
 */
export function armSlot(table: SlotTable, slot: SlotName, version: string): SlotTable {
  const other = otherSlot(slot);
  const otherSlotNow = table.slots[other];
  const otherPriority = Math.min(Math.max(otherSlotNow.priority, 1), 14);
  return {
    version: 1,
    slots: {
      ...table.slots,
      [slot]: { priority: otherPriority + 1, tries: 1, successful: 0, version },
      [other]: { ...otherSlotNow, priority: otherPriority },
    } as SlotTable['slots'],
  };
}

/** The table while `slot` is being overwritten: not bootable until it is armed again. */
export function disableSlot(table: SlotTable, slot: SlotName): SlotTable {
  return { version: 1, slots: { ...table.slots, [slot]: { priority: 0, tries: 0, successful: 0, version: null } } as SlotTable['slots'] };
}

/** The table once the booted trial slot passed its health gate (`cgpt add -S 1 -T 0`). */
export function markSuccessful(table: SlotTable, slot: SlotName): SlotTable {
  return { version: 1, slots: { ...table.slots, [slot]: { ...table.slots[slot], successful: 1, tries: 0 } } as SlotTable['slots'] };
}

/** A first table: the factory image in `usr-a`, proven good; `usr-b` empty. */
export function factoryTable(version: string): SlotTable {
  return {
    version: 1,
    slots: { 'usr-a': { priority: 1, tries: 0, successful: 1, version }, 'usr-b': { priority: 0, tries: 0, successful: 0, version: null } },
  };
}
