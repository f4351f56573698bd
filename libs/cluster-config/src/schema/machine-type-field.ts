import { z } from 'zod';
import { MACHINE_TYPES } from '../catalog/machine-types';
import { checkedString, type Validator } from './fields';

/** A portable machine type name (see `MACHINE_TYPE_TABLE`). */
export function machineTypeField(description: string) {
  return z.enum(MACHINE_TYPES).meta({ description });
}

/**
 * Per-platform overrides of the machine type table: `{ small: m7i.large }`. Keys are the
 * portable names; values are checked by the platform's own naming rule.
 */
export function machineTypeOverrides(validate: Validator<string>, what: string, example: string) {
  const value = checkedString(validate, { description: `${what} to use for this machine type, e.g. ${example}` });
  return z
    .strictObject({ small: value.optional(), medium: value.optional(), large: value.optional() })
    .meta({ description: `Overrides of the built-in machine type table: the ${what} for small, medium or large machines.` });
}
