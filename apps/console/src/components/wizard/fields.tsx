'use client';

import { Autocomplete, NumberInput, Select, TagsInput, TextInput } from '@mantine/core';
import { problemAt } from './wizard-steps';
import type { StepProps } from './step-props';
import { valueAt } from './use-cluster-document';
import type { DocumentPath } from './cluster-document';

/** The document path `spec.workers[1].replicas` as problems name it. */
export function pathText(path: DocumentPath): string {
  return path.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${key}` : key), '');
}

interface FieldProps extends Pick<StepProps, 'doc' | 'problems' | 'readOnly'> {
  path: DocumentPath;
  label: string;
  description?: string;
  placeholder?: string;
  required?: boolean;
}

/** What every bound field shows: its label and help, whether it is read only, the path it edits (`data-path`) and the problem at that path. */
function bound({ problems, readOnly, path, label, description }: FieldProps) {
  return { label, description, readOnly, 'data-path': pathText(path), error: problemAt(problems, pathText(path)) };
}

/** A text field bound to one string of the document; emptied, the field leaves the document (its default applies). */
export function DocText(props: FieldProps) {
  const { doc, path, placeholder, required } = props;
  const value = valueAt(doc.value, path);
  return (
    <TextInput
      {...bound(props)}
      placeholder={placeholder}
      required={required}
      value={typeof value === 'string' || typeof value === 'number' ? String(value) : ''}
      onChange={(e) => {
        const next = e.currentTarget.value;
        doc.edit([{ path, value: next === '' ? undefined : next }]);
      }}
    />
  );
}

/** A number field bound to one integer of the document. */
export function DocNumber(props: FieldProps & { min?: number; max?: number }) {
  const { doc, path, min, max } = props;
  const value = valueAt(doc.value, path);
  return (
    <NumberInput
      {...bound(props)}
      allowDecimal={false}
      min={min}
      max={max}
      value={typeof value === 'number' ? value : typeof value === 'string' ? value : ''}
      onChange={(next) => doc.edit([{ path, value: next === '' ? undefined : typeof next === 'number' ? next : Number(next) }])}
    />
  );
}

/** A choice bound to one string of the document. */
export function DocSelect(props: FieldProps & { data: { value: string; label: string }[] }) {
  const { doc, path, data, placeholder } = props;
  const value = valueAt(doc.value, path);
  const current = typeof value === 'string' ? value : null;
  // A value the list does not have (typed in the YAML) stays selectable, so it shows.
  const options = current && !data.some((d) => d.value === current) ? [...data, { value: current, label: current }] : data;
  return (
    <Select
      {...bound(props)}
      placeholder={placeholder}
      data={options}
      value={current}
      searchable
      onChange={(next) => doc.edit([{ path, value: next ?? undefined }])}
    />
  );
}

/** A list of strings bound to one array of the document (zones, say). */
export function DocTags(props: FieldProps & { data?: string[] }) {
  const { doc, problems, path, data } = props;
  const value = valueAt(doc.value, path);
  const list = Array.isArray(value) ? value.map(String) : [];
  const itemProblems = problems.filter((p) => p.path.startsWith(`${pathText(path)}[`)).map((p) => `${p.path.slice(pathText(path).length)}: ${p.message}`);
  const own = problemAt(problems, pathText(path));
  return (
    <TagsInput
      {...bound(props)}
      data={data ?? []}
      value={list}
      error={[own, ...itemProblems].filter(Boolean).join('; ') || undefined}
      onChange={(next) => doc.edit([{ path, value: next.length > 0 ? next : undefined }])}
    />
  );
}

/** A text field bound to one string of the document, with suggestions (the provider's DNS zones, say). */
export function DocSuggest(props: FieldProps & { data: string[] }) {
  const { doc, path, placeholder, required, data } = props;
  const value = valueAt(doc.value, path);
  return (
    <Autocomplete
      {...bound(props)}
      placeholder={placeholder}
      required={required}
      data={data}
      value={typeof value === 'string' ? value : ''}
      onChange={(next) => doc.edit([{ path, value: next === '' ? undefined : next }])}
    />
  );
}
