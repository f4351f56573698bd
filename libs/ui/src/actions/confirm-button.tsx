'use client';

import { useState, type ReactNode } from 'react';
import { Button, Group, Modal, Stack, Text, type ButtonProps } from '@mantine/core';

/** Props of `ConfirmButton`. */
export interface ConfirmButtonProps extends Omit<ButtonProps, 'onClick' | 'children'> {
  /** The button's text. */
  label: string;
  /** Modal title. */
  title: string;
  /** What will happen, in a sentence or two. */
  message: ReactNode;
  /** Text of the confirming button; the label by default. */
  confirmLabel?: string;
  /** The action; the modal stays open and shows the error when it rejects. */
  onConfirm: () => Promise<void>;
}

/** A button that asks before doing something destructive or disruptive. */
export function ConfirmButton({ label, title, message, confirmLabel, onConfirm, color = 'red', ...buttonProps }: ConfirmButtonProps) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  return (
    <>
      <Button color={color} variant="light" size="xs" {...buttonProps} onClick={() => setOpen(true)}>
        {label}
      </Button>
      <Modal opened={open} onClose={() => !busy && setOpen(false)} title={title} centered>
        <Stack>
          <Text size="sm">{message}</Text>
          {error ? (
            <Text c="red" size="sm" role="alert">
              {error}
            </Text>
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOpen(false)} disabled={busy}>
              Cancel
            </Button>
            <Button
              color={color}
              loading={busy}
              onClick={() => {
                // The handler owns its errors, so the click never leaves a promise floating.
                setBusy(true);
                setError(undefined);
                void (async () => {
                  try {
                    await onConfirm();
                    setOpen(false);
                  } catch (err) {
                    setError(err instanceof Error ? err.message : String(err));
                  } finally {
                    setBusy(false);
                  }
                })();
              }}
            >
              {confirmLabel ?? label}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
