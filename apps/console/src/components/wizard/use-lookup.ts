'use client';

import { useEffect, useState } from 'react';
import type { LookupItem } from '@strata/install-contract';
import { apiSend } from '../api';
import { useViewer } from '../viewer-context';
import { valueAt } from './use-cluster-document';

/** The choices of one lookup, read through the console from the provider with the chosen credential. */
export function useLookup(
  platform: string,
  lookup: string,
  credentialId: string | undefined,
  section: unknown,
  enabled: boolean,
): [LookupItem[], string | undefined] {
  const viewer = useViewer();
  const [items, setItems] = useState<LookupItem[]>([]);
  const [error, setError] = useState<string | undefined>();
  // Zones depend on the region: ask again when the section's region changes.
  const key = JSON.stringify({ region: valueAt(section, ['region']), location: valueAt(section, ['location']) });
  useEffect(() => {
    if (!enabled) return;
    let stale = false;
    const sectionValue = section !== null && typeof section === 'object' ? (section as Record<string, unknown>) : {};
    apiSend<{ items: LookupItem[] }>('POST', `/api/installer/providers/${encodeURIComponent(platform)}/lookups/${encodeURIComponent(lookup)}`, viewer.csrf, {
      ...(credentialId ? { credentialId } : {}),
      platform: sectionValue,
    })
      .then((answer) => {
        if (stale) return;
        setItems(answer.items);
        setError(undefined);
      })
      .catch((err: unknown) => !stale && setError(err instanceof Error ? err.message : String(err)));
    return () => {
      stale = true;
    };
    // `section` is read through `key`: a keystroke elsewhere in the section asks nothing again.
  }, [platform, lookup, credentialId, key, enabled, viewer.csrf]);
  return [items, error];
}
