import { z } from 'zod';

export const IdParams = z.strictObject({ id: z.string().min(1).max(200) });
export const PlatformParams = z.strictObject({ platform: z.string().min(1).max(50) });
export const LookupParams = z.strictObject({ platform: z.string().min(1).max(50), lookup: z.string().min(1).max(100) });
