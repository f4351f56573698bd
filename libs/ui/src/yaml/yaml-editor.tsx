'use client';

import { Textarea } from '@mantine/core';

/** Props of `YamlEditor`. */
export interface YamlEditorProps {
  value: string;
  onChange?: (value: string) => void;
  readOnly?: boolean;
  /** Rows shown before the box scrolls. */
  minRows?: number;
  label?: string;
  error?: string | undefined;
}

/**
 * A plain monospace YAML editor. Tab inserts two spaces instead of leaving the box, since
 * YAML is indented with spaces.
 */
export function YamlEditor({ value, onChange, readOnly = false, minRows = 24, label = 'YAML', error }: YamlEditorProps) {
  return (
    <Textarea
      label={label}
      aria-label={label}
      value={value}
      readOnly={readOnly}
      error={error}
      spellCheck={false}
      autosize
      minRows={minRows}
      maxRows={48}
      styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13, lineHeight: 1.45 } }}
      onChange={(event) => onChange?.(event.currentTarget.value)}
      onKeyDown={(event) => {
        if (readOnly || event.key !== 'Tab' || event.shiftKey) return;
        event.preventDefault();
        const el = event.currentTarget;
        const { selectionStart, selectionEnd } = el;
        const next = `${el.value.slice(0, selectionStart)}  ${el.value.slice(selectionEnd)}`;
        onChange?.(next);
        requestAnimationFrame(() => el.setSelectionRange(selectionStart + 2, selectionStart + 2));
      }}
    />
  );
}
