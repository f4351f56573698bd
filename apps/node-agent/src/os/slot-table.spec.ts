import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { armSlot, chooseBootSlot, disableSlot, factoryTable, markSuccessful, readSlotTable, writeSlotTable, type SlotTable } from './slot-table';

function table(a: [number, number, 0 | 1], b: [number, number, 0 | 1]): SlotTable {
  return {
    version: 1,
    slots: {
      'usr-a': { priority: a[0], tries: a[1], successful: a[2], version: 'A' },
      'usr-b': { priority: b[0], tries: b[1], successful: b[2], version: 'B' },
    },
  };
}

describe('chooseBootSlot (gptprio.next)', () => {
  it.each([
    ['the factory table boots usr-a', table([1, 0, 1], [0, 0, 0]), 'usr-a', false],
    ['an armed slot wins on priority and uses its try', table([1, 0, 1], [2, 1, 0]), 'usr-b', true],
    ['an armed slot without tries left falls back', table([1, 0, 1], [2, 0, 0]), 'usr-a', false],
    ['a proven slot of higher priority boots without a try', table([1, 0, 1], [2, 0, 1]), 'usr-b', false],
    ['priority 0 never boots, even when successful', table([0, 0, 1], [1, 0, 1]), 'usr-b', false],
    ['a tie goes to usr-a', table([2, 0, 1], [2, 0, 1]), 'usr-a', false],
  ] as const)('%s', (_what, t, slot, trial) => {
    const choice = chooseBootSlot(t);
    expect(choice.slot).toBe(slot);
    expect(choice.trial).toBe(trial);
  });

  it('decrements the tries of a trial slot only', () => {
    const choice = chooseBootSlot(table([1, 0, 1], [2, 1, 0]));
    expect(choice.table.slots['usr-b']).toMatchObject({ priority: 2, tries: 0, successful: 0 });
    expect(choice.table.slots['usr-a']).toMatchObject({ priority: 1, tries: 0, successful: 1 });
    // The boot after an unconfirmed trial goes back to the old slot.
    expect(chooseBootSlot(choice.table).slot).toBe('usr-a');
  });

  it('refuses a table without a bootable slot, naming every slot', () => {
    expect(() => chooseBootSlot(table([0, 0, 1], [3, 0, 0]))).toThrow(/no bootable \/usr slot/);
  });
});

describe('slot table transitions', () => {
  it('arms a written slot above the other with one try, and a good boot marks it successful', () => {
    const armed = armSlot(factoryTable('1.0.0'), 'usr-b', '2.0.0');
    expect(armed.slots['usr-b']).toEqual({ priority: 2, tries: 1, successful: 0, version: '2.0.0' });
    expect(armed.slots['usr-a']).toEqual({ priority: 1, tries: 0, successful: 1, version: '1.0.0' });
    const booted = chooseBootSlot(armed);
    const good = markSuccessful(booted.table, 'usr-b');
    expect(good.slots['usr-b']).toEqual({ priority: 2, tries: 0, successful: 1, version: '2.0.0' });
    // The next update goes into usr-a and is armed above usr-b.
    const again = armSlot(disableSlot(good, 'usr-a'), 'usr-a', '3.0.0');
    expect(chooseBootSlot(again).slot).toBe('usr-a');
    expect(again.slots['usr-b'].priority).toBeLessThan(again.slots['usr-a'].priority);
  });

  it('a slot being overwritten is not bootable', () => {
    const t = disableSlot(table([1, 0, 1], [2, 0, 1]), 'usr-b');
    expect(chooseBootSlot(t).slot).toBe('usr-a');
  });
});

describe('slot table file', () => {
  const root = mkdtempSync(join(tmpdir(), 'slot-table-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('is absent on a first boot, then round-trips and leaves no temporary file', () => {
    expect(readSlotTable(root)).toBeUndefined();
    const t = armSlot(factoryTable('1.0.0'), 'usr-b', '2.0.0');
    writeSlotTable(root, t);
    expect(readSlotTable(root)).toEqual(t);
    expect(readdirSync(join(root, 'boot'))).toEqual(['partition-table.json']);
  });
});
