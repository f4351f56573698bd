import type { z } from 'zod';
import { fieldProblems } from '../http/problems';
import { CustomerBody, SubscriptionBody } from '../http/schemas';
import type { FormErrors } from './layout';

/** A submitted form: every field as text. */
export type FormFields = Record<string, string>;

function text(form: FormFields, name: string): string | undefined {
  const value = form[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function integer(form: FormFields, name: string): number | undefined {
  const value = text(form, name);
  return value === undefined ? undefined : Number(value);
}

function errorsOf(error: z.ZodError, fieldNames: Record<string, string> = {}): FormErrors {
  const errors: FormErrors = {};
  for (const problem of fieldProblems(error)) {
    const name = fieldNames[problem.path.split(/[.[]/)[0] ?? ''] ?? problem.path.split(/[.[]/)[0] ?? '';
    errors[name] ??= problem.message;
  }
  return errors;
}

/** The new-customer form, checked with the same schema as the JSON API. */
export function parseCustomerForm(form: FormFields): { ok: true; value: z.infer<typeof CustomerBody> } | { ok: false; errors: FormErrors } {
  const result = CustomerBody.safeParse({ name: form['name'] ?? '', ...(text(form, 'email') ? { email: text(form, 'email') } : {}) });
  return result.success ? { ok: true, value: result.data } : { ok: false, errors: errorsOf(result.error) };
}

/** The new-subscription form, checked with the same schema as the JSON API. */
export function parseSubscriptionForm(
  customerId: string,
  form: FormFields,
): { ok: true; value: z.infer<typeof SubscriptionBody> } | { ok: false; errors: FormErrors } {
  const startsOn = text(form, 'startsOn');
  const features = (form['features'] ?? '')
    .split(',')
    .map((f) => f.trim())
    .filter((f) => f !== '');
  const candidate = {
    customerId,
    plan: form['plan']?.trim() ?? '',
    nodes: integer(form, 'nodes'),
    features,
    ...(startsOn ? { startsAt: `${startsOn}T00:00:00Z` } : {}),
    ...(integer(form, 'termDays') !== undefined ? { termDays: integer(form, 'termDays') } : {}),
    ...(integer(form, 'graceDays') !== undefined ? { graceDays: integer(form, 'graceDays') } : {}),
  };
  const result = SubscriptionBody.safeParse(candidate);
  if (result.success) return { ok: true, value: result.data };
  const errors = errorsOf(result.error, { startsAt: 'startsOn' });
  if (candidate.nodes === undefined) errors['nodes'] = 'is required';
  return { ok: false, errors };
}
