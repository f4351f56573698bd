'use client';

import { createContext, useContext, type ReactNode } from 'react';
import type { Viewer } from '../lib/viewer';

const ViewerContext = createContext<Viewer | null>(null);

/** Makes the signed-in viewer (name, role, permissions, CSRF token) known to client components. */
export function ViewerProvider({ viewer, children }: { viewer: Viewer; children: ReactNode }) {
  return <ViewerContext.Provider value={viewer}>{children}</ViewerContext.Provider>;
}

/** The signed-in viewer; only inside the signed-in part of the console. */
export function useViewer(): Viewer {
  const viewer = useContext(ViewerContext);
  if (!viewer) throw new Error('useViewer is used outside the signed-in layout');
  return viewer;
}
