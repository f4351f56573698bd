import type { Row } from '@strata/sql';

/** Column readers for rows from either dialect (numbers may come back as strings or bigints). */
export const num = (v: unknown): number => Number(v);
export const str = (v: unknown): string => String(v);
export const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
export const json = <T>(r: Row, column: string): T => JSON.parse(String(r[column])) as T;
export const iso = (ms: number): string => new Date(ms).toISOString();
