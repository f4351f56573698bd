'use client';

import type { ReactNode } from 'react';
import { Table } from '@mantine/core';

/** A two-column list of labelled values (object details). */
export function KeyValues({ items, label }: { items: readonly [string, ReactNode][]; label?: string }) {
  return (
    <Table aria-label={label} withRowBorders={false} verticalSpacing={4} style={{ width: 'auto' }}>
      <Table.Tbody>
        {items.map(([key, value]) => (
          <Table.Tr key={key}>
            <Table.Th style={{ whiteSpace: 'nowrap', paddingRight: 24, fontWeight: 500, color: 'var(--mantine-color-dimmed)' }}>{key}</Table.Th>
            <Table.Td>{value}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
