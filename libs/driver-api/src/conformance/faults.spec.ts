import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { StrataError } from '@strata/errors';
import { defineHandler, type Driver, type DriverContext } from '../contract';
import { localOwnership } from '../ownership';
import type { PlanStep } from '../schemas';
import { withInjectedFaults } from './faults';

function driver(created: string[]): Driver {
  const handler = defineHandler({
    spec: z.object({}),
    outputs: z.strictObject({ id: z.string() }),
    find: () => Promise.resolve(undefined),
    create: (_ctx, step) => {
      created.push(step.id);
      return Promise.resolve({ id: step.id });
    },
    delete: () => Promise.resolve(),
  });
  return {
    platform: 'local',
    contractVersion: 'v1beta1',
    ownership: localOwnership,
    validate: () => Promise.resolve([]),
    plan: () => ({ cluster: 'c', platform: 'local', steps: [] }),
    handlers: { machine: handler, network: handler },
    listMachines: () => Promise.resolve([]),
    sweep: () => Promise.resolve([]),
    deleteOwned: () => Promise.resolve(),
  };
}

const ctx = {} as DriverContext;
const step = (id: string, kind: string): PlanStep => ({ id, kind, name: `strata-${id.replace('/', '-')}`, dependsOn: [], spec: {}, tags: {} });

describe('withInjectedFaults', () => {
  it.each([
    ['throttle', true, /Throttling/],
    ['fatal', false, /InvalidParameterValue/],
  ] as const)(
    'fails the next create of the kind with a %s ProviderError naming the resource, once, before the provider is called',
    async (kind, retryable, text) => {
      const created: string[] = [];
      const { driver: faulty, injectFault } = withInjectedFaults(driver(created));
      const fault = await injectFault(kind, 'machine');
      expect(await fault.fired()).toBe(false);

      await expect(faulty.handlers['network']!.create(ctx, step('network/a', 'network'), {}, {})).resolves.toEqual({ id: 'network/a' });
      expect(await fault.fired()).toBe(false);

      const error = await faulty.handlers['machine']!.create(ctx, step('machine/m0', 'machine'), {}, {}).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StrataError);
      expect((error as StrataError).kind).toBe('provider');
      expect((error as StrataError).retryable).toBe(retryable);
      expect((error as Error).message).toMatch(text);
      expect((error as Error).message).toContain('strata-machine-m0');
      expect(await fault.fired()).toBe(true);
      expect(created).toEqual(['network/a']);

      await expect(faulty.handlers['machine']!.create(ctx, step('machine/m0', 'machine'), {}, {})).resolves.toEqual({ id: 'machine/m0' });
      expect(created).toEqual(['network/a', 'machine/m0']);
    },
  );

  it('refuses a fault for a step kind the driver has no handler for', async () => {
    await expect(withInjectedFaults(driver([])).injectFault('fatal', 'subnet')).rejects.toThrow(/no handler for step kind "subnet"/);
  });
});
