import { contextFromRef, contextRef, type DriverContextRef } from '@strata/driver-api';
import type { ConformanceChild } from '@strata/driver-api/conformance';
import { localDriver } from '../local-driver';

/** What a local driver context is made of, as plain data another process can rebuild it from. */
export type LocalContextRef = DriverContextRef;

/** The context the installer would give the local driver for a cluster whose assets are rendered in `ref.assetsDir`. */
export const localContext = contextFromRef;

/** `ctx` as the string {@link conformanceChild} restores it from. */
export const localContextRef = contextRef;

/** The local driver in the conformance suite's crash case, which runs an apply in a child process. */
export const conformanceChild: ConformanceChild = {
  driver: localDriver,
  restoreContext: (ref) => Promise.resolve(localContext(JSON.parse(ref) as LocalContextRef)),
};
