'use client';

import { useCallback, useMemo, useRef, useState } from 'react';
import { validateCluster, type Cluster, type ClusterProblem } from '@strata/cluster-config';
import { editDocument, readDocument, type DocumentEdit } from './cluster-document';

/** The Cluster document the wizard edits, with what the browser knows of it at every change. */
export interface ClusterDocumentState {
  /** The document text (what the CLI would take, what a draft saves). */
  text: string;
  /** The document as written (no defaults), or undefined while the YAML does not parse. */
  value: Record<string, unknown> | undefined;
  /** The defaulted cluster when the document is valid. */
  cluster: Cluster | undefined;
  /** Every problem: YAML syntax, or `validateCluster`'s, each with its path (`spec.workers[1].replicas`). */
  problems: ClusterProblem[];
  /** Applies edits to the text (see `editDocument`); ignored while the YAML does not parse. */
  edit(edits: DocumentEdit[]): void;
  /** Replaces the whole text (an import, the YAML editor). */
  setText(text: string): void;
}

/** What a text means to the wizard: its value, the defaulted cluster and every problem. */
export function analyse(text: string): Pick<ClusterDocumentState, 'value' | 'cluster' | 'problems'> {
  const { value, problems } = readDocument(text);
  if (problems.length > 0) return { value: undefined, cluster: undefined, problems };
  const validation = validateCluster(value);
  const asRecord = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  return validation.ok
    ? { value: asRecord, cluster: validation.cluster, problems: [] }
    : { value: asRecord, cluster: undefined, problems: validation.problems };
}

/**
 * Holds the document text and validates it with `validateCluster` of `@strata/cluster-config`
 * (the same rules as `strata validate`) on every change, in the browser.
 */
export function useClusterDocument(initial: string, onChange?: (text: string) => void): ClusterDocumentState {
  const [text, setTextState] = useState(initial);
  // The latest text, so edits made in one event handler build on each other.
  const current = useRef(initial);
  const analysed = useMemo(() => analyse(text), [text]);
  const setText = useCallback(
    (next: string) => {
      current.current = next;
      setTextState(next);
      onChange?.(next);
    },
    [onChange],
  );
  const edit = useCallback(
    (edits: DocumentEdit[]) => {
      let next: string;
      try {
        next = editDocument(current.current, edits);
      } catch {
        return;
      }
      if (next === current.current) return;
      setText(next);
    },
    [setText],
  );
  return { text, ...analysed, edit, setText };
}

/** The value at `path` of a parsed document, or undefined. */
export function valueAt(value: unknown, path: readonly (string | number)[]): unknown {
  let node: unknown = value;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
}

/** The platform key of `spec.platform` (`local`, `aws`, …), if exactly one is set. */
export function platformKey(value: unknown): string | undefined {
  const platform = valueAt(value, ['spec', 'platform']);
  if (platform === null || typeof platform !== 'object') return undefined;
  const keys = Object.keys(platform);
  return keys.length === 1 ? keys[0] : undefined;
}
