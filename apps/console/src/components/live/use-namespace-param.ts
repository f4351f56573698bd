'use client';

import { useCallback } from 'react';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';

/** The `?namespace=` of the page, kept in the URL so a reload or a shared link keeps it. */
export function useNamespaceParam(): [string | undefined, (namespace: string | undefined) => void] {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const namespace = params.get('namespace') || undefined;
  const set = useCallback(
    (next: string | undefined) => {
      const q = new URLSearchParams(params.toString());
      if (next) q.set('namespace', next);
      else q.delete('namespace');
      const s = q.toString();
      router.replace(s ? `${pathname}?${s}` : pathname);
    },
    [params, router, pathname],
  );
  return [namespace, set];
}
