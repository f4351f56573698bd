/**
 * Field builders shared by the Cluster schema. Format checks are written as functions that
 * return the problem message (what is wrong and how to fix it), so the messages read the
 * same wherever a rule applies. They are added as non-aborting refinements: zod then keeps
 * validating the rest of the document and the cross-field checks still run, which is what
 * lets a single pass report every problem.
 */
import { z } from 'zod';
import { cidrProblem, parseIPv4 } from '../net/cidr';
import { show } from '../formats/show';

/** Returns why a value is invalid, or `undefined` when it is fine. */
export type Validator<T> = (value: T) => string | undefined;

/** JSON Schema keywords copied into the generated schema for editors. */
export type JsonSchemaHints = Record<string, unknown> & { description: string };

/** A string checked by `validate`, documented for editors by `hints`. */
export function checkedString(validate: Validator<string>, hints: JsonSchemaHints) {
  return z
    .string()
    .superRefine((value, ctx) => {
      const message = validate(value);
      if (message !== undefined) ctx.addIssue({ code: 'custom', message, input: value });
    })
    .meta(hints);
}

/** A whole number from `min` to `max`; `explain` follows "must be ..." in the message. */
export function integerIn(min: number, max: number, hints: JsonSchemaHints, explain = `a whole number from ${min} to ${max}`) {
  return z
    .number()
    .superRefine((value, ctx) => {
      if (!Number.isInteger(value) || value < min || value > max) {
        ctx.addIssue({ code: 'custom', message: `must be ${explain}; got ${show(value)}`, input: value });
      }
    })
    .meta({ type: 'integer', minimum: min, maximum: max, ...hints });
}

/** A non-empty string without surrounding whitespace, e.g. a name or a file path. */
export function nonEmptyString(hints: JsonSchemaHints) {
  return checkedString(
    (value) => {
      if (value.trim().length === 0) return 'must not be empty';
      if (value.trim() !== value) return `must not start or end with whitespace; got ${show(value)}`;
      return undefined;
    },
    { minLength: 1, ...hints },
  );
}

/** An IPv4 CIDR with its network address (host bits zero). */
export function cidrString(hints: JsonSchemaHints, extra?: Validator<string>) {
  return checkedString((value) => cidrProblem(value) ?? extra?.(value), hints);
}

/** A dotted-quad IPv4 address. */
export function ipv4String(hints: JsonSchemaHints) {
  return checkedString((value) => (parseIPv4(value) === undefined ? `must be an IPv4 address such as 203.0.113.10; got ${show(value)}` : undefined), hints);
}

/** An absolute http(s) URL, used for API endpoint overrides (emulators, private clouds, proxies). */
export function endpointUrl(example: string, description: string) {
  return checkedString(
    (value) => {
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        return `must be an absolute http(s) URL such as ${example}; got ${show(value)}`;
      }
      if (url.protocol !== 'https:' && url.protocol !== 'http:') {
        return `must use http or https; got ${show(value)}`;
      }
      if (url.search || url.hash) return `must not carry a query or fragment; got ${show(value)}`;
      return undefined;
    },
    { format: 'uri', description },
  );
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A UUID in its 8-4-4-4-12 hexadecimal form, as Azure writes subscription and tenant ids. */
export function uuidString(description: string) {
  return checkedString((value) => (UUID.test(value) ? undefined : `must be a UUID such as 00000000-0000-0000-0000-000000000000; got ${show(value)}`), {
    pattern: UUID.source,
    description,
  });
}

/** A map of string keys to string values whose entries `validate` checks one by one. */
export function stringMap(validate: (key: string, value: string) => { key?: string; value?: string }, hints: JsonSchemaHints) {
  return withCheck(z.record(z.string(), z.string()).meta(hints), (map, report) => {
    for (const [key, value] of Object.entries(asRecord(map) ?? {})) {
      // Values of the wrong type already have their own problem; keys are checked regardless.
      const problems = validate(key, typeof value === 'string' ? value : '');
      if (problems.key !== undefined) report([key], problems.key);
      if (problems.value !== undefined && typeof value === 'string') report([key], problems.value);
    }
  });
}

/** A check on an object that runs even when some of its fields are invalid; it must read the value defensively. */
export type DefensiveCheck = (value: unknown, report: (path: (string | number)[], message: string) => void) => void;

/** Attaches a defensive cross-field check to an object schema. */
export function withCheck<S extends z.ZodType>(schema: S, check: DefensiveCheck): S {
  return schema.superRefine(
    (value, ctx) => check(value, (path, message) => ctx.addIssue({ code: 'custom', path, message })),
    // Run even when fields already failed, so all problems come back together.
    { when: () => true },
  ) as S;
}

/** Narrows an unknown value to a plain object, or `undefined`. */
export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
