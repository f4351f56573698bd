import type { FieldProblem } from '@strata/errors';
import type { ZodType } from 'zod';
import type { DirectoryInput, DropinInput, FileInput, LinkInput, OwnerInput, UnitInput, UserInput } from './builder-input';
import {
  ignitionDirectorySchema,
  ignitionFileSchema,
  ignitionLinkSchema,
  ignitionUnitSchema,
  ignitionUserSchema,
  type IgnitionConfig,
  type IgnitionDirectory,
  type IgnitionFile,
  type IgnitionLink,
  type IgnitionNodeOwner,
  type IgnitionUnit,
  type IgnitionUser,
} from './config-schema';
import { checkCrossEntries } from './cross-entry-checks';
import { encodeDataUrl } from './encoding/data-url';
import { formatPath, ignitionInputError, type PathSegment } from './problems';
import { IGNITION_SPEC_VERSION } from './spec-version';

/** Mode of files without an explicit one: rw-r--r--. */
export const DEFAULT_FILE_MODE = 0o644;
/** Mode of directories without an explicit one: rwxr-xr-x. */
export const DEFAULT_DIRECTORY_MODE = 0o755;

/**
 * Builds an Ignition config (spec {@link IGNITION_SPEC_VERSION}) from files,
 * directories, links, systemd units and users.
 *
 * Every call validates its entry at once and throws an `InputError` naming the field
 * (`storage.files[3].path: must be absolute (got "etc/x")`, indexes count calls of the
 * same kind). Rules spanning entries (duplicate paths, unit or user names; nodes below
 * a link) are checked by {@link build}. Duplicates are rejected, never merged.
 *
 * Output is deterministic: entries are sorted (nodes by path, units, drop-ins and users
 * by name, groups and keys by value), keys come in a fixed order and nothing depends on
 * the clock, so the same entries in any order render to the same bytes.
 */
export class IgnitionBuilder {
  private readonly files: IgnitionFile[] = [];
  private readonly directories: IgnitionDirectory[] = [];
  private readonly links: IgnitionLink[] = [];
  private readonly units: IgnitionUnit[] = [];
  private readonly users: IgnitionUser[] = [];

  /**
   * Adds a regular file: `contents` are embedded as a `data:` URL, a `source` URL is
   * written as it is and fetched by Ignition on the machine.
   */
  file(input: FileInput): this {
    const at = ['storage', 'files', this.files.length];
    const entry: IgnitionFile = {
      path: input.path,
      ...(input.overwrite !== undefined && { overwrite: input.overwrite }),
      contents: { source: fileSource(input, at) },
      mode: input.mode ?? DEFAULT_FILE_MODE,
      ...owners(input),
    };
    this.files.push(checked(ignitionFileSchema, entry, at));
    return this;
  }

  /** Adds a directory (parents are created by Ignition as needed). */
  directory(input: DirectoryInput): this {
    const entry: IgnitionDirectory = {
      path: input.path,
      ...(input.overwrite !== undefined && { overwrite: input.overwrite }),
      mode: input.mode ?? DEFAULT_DIRECTORY_MODE,
      ...owners(input),
    };
    this.directories.push(checked(ignitionDirectorySchema, entry, ['storage', 'directories', this.directories.length]));
    return this;
  }

  /** Adds a symbolic link, or a hard link with `hard: true`. */
  link(input: LinkInput): this {
    const entry: IgnitionLink = {
      path: input.path,
      ...(input.overwrite !== undefined && { overwrite: input.overwrite }),
      target: input.target,
      ...(input.hard !== undefined && { hard: input.hard }),
      ...owners(input),
    };
    this.links.push(checked(ignitionLinkSchema, entry, ['storage', 'links', this.links.length]));
    return this;
  }

  /** Adds a systemd unit, its drop-ins, and whether it is enabled or masked. */
  unit(input: UnitInput): this {
    const entry: IgnitionUnit = {
      name: input.name,
      ...(input.enabled !== undefined && { enabled: input.enabled }),
      ...(input.mask !== undefined && { mask: input.mask }),
      ...(input.contents !== undefined && { contents: input.contents }),
      ...(input.dropins !== undefined && input.dropins.length > 0 && { dropins: input.dropins.map(dropin) }),
    };
    this.units.push(checked(ignitionUnitSchema, entry, ['systemd', 'units', this.units.length]));
    return this;
  }

  /** Adds a user account with its SSH keys and groups. */
  user(input: UserInput): this {
    const entry: IgnitionUser = {
      name: input.name,
      ...(input.uid !== undefined && { uid: input.uid }),
      ...(input.primaryGroup !== undefined && { primaryGroup: input.primaryGroup }),
      ...(input.groups !== undefined && input.groups.length > 0 && { groups: [...input.groups] }),
      ...(input.homeDir !== undefined && { homeDir: input.homeDir }),
      ...(input.shell !== undefined && { shell: input.shell }),
      ...(input.system !== undefined && { system: input.system }),
      ...(input.sshAuthorizedKeys !== undefined && input.sshAuthorizedKeys.length > 0 && { sshAuthorizedKeys: [...input.sshAuthorizedKeys] }),
    };
    this.users.push(checked(ignitionUserSchema, entry, ['passwd', 'users', this.users.length]));
    return this;
  }

  /**
   * Returns the config: a fresh object each call, sorted, with empty sections left out.
   * Throws an `InputError` listing every rule that spans entries and is broken.
   */
  build(): IgnitionConfig {
    // Check in insertion order so the indexes in messages match the calls.
    const problems = checkCrossEntries({
      storage: { files: this.files, directories: this.directories, links: this.links },
      systemd: { units: this.units },
      passwd: { users: this.users },
    });
    if (problems.length > 0) {
      throw ignitionInputError(problems.map((p) => ({ path: formatPath(p.path), message: p.message })));
    }

    const files = sortedBy(this.files, (f) => f.path);
    const directories = sortedBy(this.directories, (d) => d.path);
    const links = sortedBy(this.links, (l) => l.path);
    const units = sortedBy(this.units, (u) => u.name).map((u) => (u.dropins === undefined ? u : { ...u, dropins: sortedBy(u.dropins, (d) => d.name) }));
    const users = sortedBy(this.users, (u) => u.name).map((u) => ({
      ...u,
      ...(u.groups !== undefined && { groups: sortedBy(u.groups, (g) => g) }),
      ...(u.sshAuthorizedKeys !== undefined && { sshAuthorizedKeys: sortedBy(u.sshAuthorizedKeys, (k) => k) }),
    }));

    const hasStorage = files.length + directories.length + links.length > 0;
    const config: IgnitionConfig = {
      ignition: { version: IGNITION_SPEC_VERSION },
      ...(hasStorage && {
        storage: {
          ...(files.length > 0 && { files }),
          ...(directories.length > 0 && { directories }),
          ...(links.length > 0 && { links }),
        },
      }),
      ...(units.length > 0 && { systemd: { units } }),
      ...(users.length > 0 && { passwd: { users } }),
    };
    return structuredClone(config);
  }

  /** The config as compact JSON, ready to be user data or a file for Ignition. */
  render(): string {
    return JSON.stringify(this.build());
  }
}

/** The `contents.source` of a file: its embedded contents as a `data:` URL, or its remote source. */
function fileSource(input: FileInput, at: PathSegment[]): string {
  const contents = input.contents as unknown;
  const source = input.source as unknown;
  if (source !== undefined) {
    if (contents !== undefined) throw ignitionInputError([{ path: formatPath([...at, 'contents']), message: 'must not be set together with source' }]);
    if (typeof source !== 'string') throw ignitionInputError([{ path: formatPath([...at, 'contents', 'source']), message: 'must be a string' }]);
    return source;
  }
  if (typeof contents !== 'string' && !(contents instanceof Uint8Array)) {
    throw ignitionInputError([{ path: formatPath([...at, 'contents']), message: 'must be a string or a Uint8Array' }]);
  }
  return encodeDataUrl(contents);
}

function owner(value: OwnerInput): IgnitionNodeOwner {
  return typeof value === 'number' ? { id: value } : { name: value };
}

function owners(input: { user?: OwnerInput; group?: OwnerInput }): Pick<IgnitionFile, 'user' | 'group'> {
  return {
    ...(input.user !== undefined && { user: owner(input.user) }),
    ...(input.group !== undefined && { group: owner(input.group) }),
  };
}

function dropin(input: DropinInput): { name: string; contents: string } {
  return { name: input.name, contents: input.contents };
}

/** Validates one entry with its schema, reporting problems under the entry's path. */
function checked<T>(schema: ZodType<T>, entry: T, at: PathSegment[]): T {
  const result = schema.safeParse(entry);
  if (result.success) return result.data;
  const problems: FieldProblem[] = result.error.issues.map((issue) => ({
    path: formatPath([...at, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))]),
    message: issue.message,
  }));
  throw ignitionInputError(problems);
}

/** Sorts by UTF-16 code units, which unlike localeCompare is the same everywhere. */
function sortedBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  return [...items].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
}
