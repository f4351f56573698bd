import { z } from 'zod';
import { decodeDataUrl } from './encoding/data-url';
import { checkCrossEntries } from './cross-entry-checks';
import {
  absolutePathProblem,
  accountNameProblem,
  dropinNameProblem,
  hasInstallSection,
  idProblem,
  modeProblem,
  nodePathProblem,
  remoteSourceProblem,
  sshKeyProblem,
  unitNameProblem,
} from './rules';
import { IGNITION_SPEC_VERSION } from './spec-version';

// The subset of the Ignition 3.3.0 config spec this library emits and reads back
// (https://coreos.github.io/ignition/configuration-v3_3/). Objects are strict: a field
// outside the subset is reported rather than silently dropped. Keys are declared in the
// order the builder writes them, because zod's output follows the schema's key order and
// parse-then-render must give back the same bytes.

/** Turns a rule from ./rules into a zod refinement. */
function ruled<T>(rule: (value: T) => string | undefined) {
  return (value: T, ctx: z.RefinementCtx) => {
    const problem = rule(value);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
  };
}

/** A `contents.source`: an embedded `data:` URL, or a remote URL Ignition fetches at boot. */
function sourceProblem(source: string): string | undefined {
  if (!/^data:/i.test(source)) return remoteSourceProblem(source);
  try {
    decodeDataUrl(source);
    return undefined;
  } catch (error) {
    return `must be a valid data: URL (${(error as Error).message})`;
  }
}

/** Owner of a node: a numeric id or a name, exactly one of them (Ignition rejects both). */
export const nodeOwnerSchema = z
  .strictObject({
    id: z.number().superRefine(ruled(idProblem)).optional(),
    name: z.string().superRefine(ruled(accountNameProblem)).optional(),
  })
  .superRefine((owner, ctx) => {
    if ((owner.id === undefined) === (owner.name === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'must set exactly one of id and name' });
    }
  });

const nodePath = z.string().superRefine(ruled(nodePathProblem));
const mode = z.number().superRefine(ruled(modeProblem));

/** `storage.files[]`: a regular file with embedded or fetched contents. */
export const ignitionFileSchema = z.strictObject({
  path: nodePath,
  overwrite: z.boolean().optional(),
  contents: z
    .strictObject({
      source: z.string().superRefine(ruled(sourceProblem)).optional(),
      compression: z.literal('gzip').optional(),
    })
    .optional(),
  mode: mode.optional(),
  user: nodeOwnerSchema.optional(),
  group: nodeOwnerSchema.optional(),
});

/** `storage.directories[]`. */
export const ignitionDirectorySchema = z.strictObject({
  path: nodePath,
  overwrite: z.boolean().optional(),
  mode: mode.optional(),
  user: nodeOwnerSchema.optional(),
  group: nodeOwnerSchema.optional(),
});

/** `storage.links[]`: a symbolic link, or a hard link when `hard` is true. */
export const ignitionLinkSchema = z
  .strictObject({
    path: nodePath,
    overwrite: z.boolean().optional(),
    target: z.string().min(1, 'must not be empty'),
    hard: z.boolean().optional(),
    user: nodeOwnerSchema.optional(),
    group: nodeOwnerSchema.optional(),
  })
  .superRefine((link, ctx) => {
    // A hard link names another node in the same root, so its target is a node path.
    const problem = link.hard === true ? absolutePathProblem(link.target) : undefined;
    if (problem !== undefined) ctx.addIssue({ code: 'custom', path: ['target'], message: `of a hard link ${problem}` });
  });

/** `systemd.units[].dropins[]`: written to `/etc/systemd/system/<unit>.d/<name>`. */
export const ignitionDropinSchema = z.strictObject({
  name: z.string().superRefine(ruled(dropinNameProblem)),
  contents: z.string().optional(),
});

/** `systemd.units[]`: written to `/etc/systemd/system/<name>`. */
export const ignitionUnitSchema = z
  .strictObject({
    name: z.string().superRefine(ruled(unitNameProblem)),
    enabled: z.boolean().optional(),
    mask: z.boolean().optional(),
    contents: z.string().optional(),
    dropins: z.array(ignitionDropinSchema).optional(),
  })
  .superRefine((unit, ctx) => {
    if (unit.enabled === true && unit.mask === true) {
      ctx.addIssue({ code: 'custom', path: ['mask'], message: 'a unit cannot be both enabled and masked' });
    }
    if (unit.enabled === true && unit.contents !== undefined && !hasInstallSection(unit.contents)) {
      ctx.addIssue({
        code: 'custom',
        path: ['enabled'],
        message: 'is true but the contents have no [Install] section, so enabling would do nothing',
      });
    }
    if (unit.contents === undefined && unit.enabled === undefined && unit.mask === undefined && !unit.dropins?.length) {
      ctx.addIssue({ code: 'custom', message: 'sets none of contents, dropins, enabled or mask' });
    }
  });

/** `passwd.users[]`. */
export const ignitionUserSchema = z.strictObject({
  name: z.string().superRefine(ruled(accountNameProblem)),
  uid: z.number().superRefine(ruled(idProblem)).optional(),
  primaryGroup: z.string().superRefine(ruled(accountNameProblem)).optional(),
  groups: z.array(z.string().superRefine(ruled(accountNameProblem))).optional(),
  homeDir: z.string().superRefine(ruled(absolutePathProblem)).optional(),
  shell: z.string().superRefine(ruled(absolutePathProblem)).optional(),
  system: z.boolean().optional(),
  sshAuthorizedKeys: z.array(z.string().superRefine(ruled(sshKeyProblem))).optional(),
});

/** A whole config of the supported subset, including the rules that span entries. */
export const ignitionConfigSchema = z
  .strictObject({
    ignition: z.strictObject({
      version: z.literal(IGNITION_SPEC_VERSION, { error: `must be "${IGNITION_SPEC_VERSION}"` }),
    }),
    storage: z
      .strictObject({
        files: z.array(ignitionFileSchema).optional(),
        directories: z.array(ignitionDirectorySchema).optional(),
        links: z.array(ignitionLinkSchema).optional(),
      })
      .optional(),
    systemd: z.strictObject({ units: z.array(ignitionUnitSchema).optional() }).optional(),
    passwd: z.strictObject({ users: z.array(ignitionUserSchema).optional() }).optional(),
  })
  .superRefine((config, ctx) => {
    for (const problem of checkCrossEntries(config)) {
      ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message });
    }
  });

/** An Ignition config (spec {@link IGNITION_SPEC_VERSION}) in the subset this library supports. */
export type IgnitionConfig = z.infer<typeof ignitionConfigSchema>;
/** `storage.files[]` entry. */
export type IgnitionFile = z.infer<typeof ignitionFileSchema>;
/** `storage.directories[]` entry. */
export type IgnitionDirectory = z.infer<typeof ignitionDirectorySchema>;
/** `storage.links[]` entry. */
export type IgnitionLink = z.infer<typeof ignitionLinkSchema>;
/** `systemd.units[]` entry. */
export type IgnitionUnit = z.infer<typeof ignitionUnitSchema>;
/** `systemd.units[].dropins[]` entry. */
export type IgnitionDropin = z.infer<typeof ignitionDropinSchema>;
/** `passwd.users[]` entry. */
export type IgnitionUser = z.infer<typeof ignitionUserSchema>;
/** `user` / `group` of a file, directory or link. */
export type IgnitionNodeOwner = z.infer<typeof nodeOwnerSchema>;
