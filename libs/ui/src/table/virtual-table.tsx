'use client';

import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Box, Text, UnstyledButton } from '@mantine/core';
import {
  columnFilteringFeature,
  createFilteredRowModel,
  createSortedRowModel,
  filterFn_includesString,
  globalFilteringFeature,
  rowSortingFeature,
  sortFn_alphanumeric,
  tableFeatures,
  useTable,
  type ColumnDef,
  type RowData,
  type SortingState,
} from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';

/** One column of a `VirtualTable`. */
export interface VirtualColumn<T extends RowData> {
  id: string;
  header: string;
  /** The value the column sorts and filters by. */
  value: (row: T) => string | number | undefined;
  /** How the cell looks; the plain value when omitted. */
  cell?: (row: T) => ReactNode;
  /** A CSS grid track, e.g. `120px` or `minmax(160px, 2fr)`; `minmax(100px, 1fr)` by default. */
  width?: string;
  /** Whether clicking the header sorts; true by default. */
  sortable?: boolean;
}

/** Props of `VirtualTable`. */
export interface VirtualTableProps<T extends RowData> {
  /** Accessible name of the table; also its `data-testid`-free handle in tests. */
  label: string;
  rows: readonly T[];
  columns: readonly VirtualColumn<T>[];
  getRowId: (row: T) => string;
  /** Free-text filter over every column's value. */
  filter?: string;
  /** Most height the table takes, in pixels; fewer rows take less. */
  height?: number;
  /** Fixed row height in pixels; fixed heights keep 10,000 rows cheap to lay out. */
  rowHeight?: number;
  initialSort?: SortingState;
  emptyText?: string;
  /** Told how many rows pass the filter, whenever that changes. */
  onRowCountChange?: (count: number) => void;
}

const features = tableFeatures({
  rowSortingFeature,
  sortedRowModel: createSortedRowModel(),
  sortFns: { alphanumeric: sortFn_alphanumeric },
  columnFilteringFeature,
  globalFilteringFeature,
  filteredRowModel: createFilteredRowModel(),
  filterFns: { includesString: filterFn_includesString },
});

type Features = typeof features;

/**
 * A sortable, filterable table that renders only the rows in view (TanStack Table for the
 * row model, TanStack Virtual for the window), so lists of ten thousand pods scroll
 * smoothly. Rows are real `<tr>`s with `role="row"`, so assistive technology and tests
 * see an ordinary table.
 */
export function VirtualTable<T extends RowData>({
  label,
  rows,
  columns,
  getRowId,
  filter = '',
  height = 560,
  rowHeight = 40,
  initialSort = [],
  emptyText = 'Nothing to show.',
  onRowCountChange,
}: VirtualTableProps<T>) {
  const [sorting, setSorting] = useState<SortingState>(initialSort);
  const columnDefs = useMemo<ColumnDef<Features, T>[]>(
    () =>
      columns.map((col) => ({
        id: col.id,
        header: col.header,
        accessorFn: (row: T) => col.value(row) ?? '',
        cell: (ctx) => (col.cell ? col.cell(ctx.row.original) : String(col.value(ctx.row.original) ?? '')),
        enableSorting: col.sortable ?? true,
        sortFn: 'alphanumeric',
        enableGlobalFilter: true,
      })),
    [columns],
  );
  const data = useMemo(() => rows as T[], [rows]);
  const table = useTable({
    features,
    columns: columnDefs,
    data,
    getRowId: (row: T) => getRowId(row),
    state: { sorting, globalFilter: filter },
    onSortingChange: setSorting,
    globalFilterFn: 'includesString',
    getColumnCanGlobalFilter: () => true,
  });
  const tableRows = table.getRowModel().rows;
  // Closures kept by React between renders (effects, the virtualizer's options) must not
  // capture the row model: the previous render's closures would keep the previous model of
  // ten thousand rows alive next to the current one. They read the count or a ref instead.
  const rowCount = tableRows.length;
  const rowsRef = useRef(tableRows);
  rowsRef.current = tableRows;
  useEffect(() => onRowCountChange?.(rowCount), [rowCount, onRowCountChange]);
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rowCount,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    getItemKey: (index) => rowsRef.current[index]?.id ?? index,
    overscan: 10,
  });
  const template = columns.map((c) => c.width ?? 'minmax(100px, 1fr)').join(' ');
  // Header plus rows plus the empty-state line, capped: short lists do not leave a tall blank box.
  const boxHeight = Math.min(height, 44 + Math.max(tableRows.length, 1) * rowHeight + (tableRows.length === 0 ? 8 : 2));

  return (
    <Box ref={scrollRef} style={{ height: boxHeight, overflow: 'auto', border: '1px solid var(--mantine-color-default-border)', borderRadius: 4 }}>
      <table aria-label={label} aria-rowcount={tableRows.length + 1} style={{ display: 'grid', width: '100%', borderCollapse: 'collapse' }}>
        <thead style={{ display: 'grid', position: 'sticky', top: 0, zIndex: 1, background: 'var(--mantine-color-body)' }}>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id} style={{ display: 'grid', gridTemplateColumns: template, borderBottom: '1px solid var(--mantine-color-default-border)' }}>
              {group.headers.map((header) => {
                const sorted = header.column.getIsSorted();
                const toggle = header.column.getToggleSortingHandler();
                return (
                  <th
                    key={header.id}
                    aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none'}
                    style={{ padding: '8px 10px', textAlign: 'left', fontSize: 13, fontWeight: 600 }}
                  >
                    {header.column.getCanSort() && toggle ? (
                      <UnstyledButton onClick={toggle} fz={13} fw={600}>
                        {String(header.column.columnDef.header ?? header.id)}
                        {sorted === 'asc' ? ' ▲' : sorted === 'desc' ? ' ▼' : ''}
                      </UnstyledButton>
                    ) : (
                      String(header.column.columnDef.header ?? header.id)
                    )}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody style={{ display: 'grid', height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = tableRows[item.index];
            if (!row) return null;
            return (
              <tr
                key={row.id}
                data-row-id={row.id}
                aria-rowindex={item.index + 2}
                style={{
                  display: 'grid',
                  gridTemplateColumns: template,
                  position: 'absolute',
                  transform: `translateY(${item.start}px)`,
                  width: '100%',
                  height: rowHeight,
                  alignItems: 'center',
                  borderBottom: '1px solid var(--mantine-color-default-border)',
                }}
              >
                {row.getAllCells().map((cell) => (
                  <td key={cell.id} style={{ padding: '0 10px', fontSize: 14, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
                    <table.FlexRender cell={cell} />
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
      {tableRows.length === 0 ? (
        <Text c="dimmed" p="md" size="sm">
          {emptyText}
        </Text>
      ) : null}
    </Box>
  );
}
