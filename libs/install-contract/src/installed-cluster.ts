import { z } from 'zod';

/** The version of the registry entry format; bumped when a reader could misread a newer file. */
export const INSTALLED_CLUSTER_FORMAT_VERSION = 1;

/**
 * One file of the installed-clusters registry, `<clusterId>.json`: written by
 * `strata install`, read by the console to show the cluster without an import step. It names
 * the kubeconfig's path; the console encrypts what it reads. Files written before the
 * version field existed carry none and are read as version 1.
 */
export const InstalledClusterFileSchema = z.object({
  version: z
    .literal(INSTALLED_CLUSTER_FORMAT_VERSION, { error: `must be ${INSTALLED_CLUSTER_FORMAT_VERSION}, the registry format this build reads` })
    .default(INSTALLED_CLUSTER_FORMAT_VERSION),
  clusterId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'must be a cluster id'),
  name: z.string().min(1),
  dir: z.string().min(1),
  kubeconfig: z.string().min(1, 'must be the absolute path of the admin kubeconfig'),
  apiUrl: z.string().optional(),
  installedAt: z.string().optional(),
});
export type InstalledClusterFile = z.infer<typeof InstalledClusterFileSchema>;

/** The text of a registry file, as the installer writes it. */
export function serializeInstalledCluster(entry: InstalledClusterFile): string {
  return `${JSON.stringify(InstalledClusterFileSchema.parse(entry), null, 2)}\n`;
}

/** Parses a registry file; problems name their field, e.g. `kubeconfig: must be …`. */
export function parseInstalledCluster(text: string): InstalledClusterFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new Error(`not readable JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = InstalledClusterFileSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(parsed.error.issues.map((issue) => `${issue.path.join('.') || '(file)'}: ${issue.message}`).join('; '));
  }
  return parsed.data;
}
