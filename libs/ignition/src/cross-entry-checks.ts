import { formatPath, type PathSegment } from './problems';

/** The parts of a config the rules spanning several entries look at. */
export interface CrossEntryInput {
  passwd?: { users?: { name: string; groups?: string[]; sshAuthorizedKeys?: string[] }[] } | undefined;
  storage?:
    | {
        files?: { path: string }[];
        directories?: { path: string }[];
        links?: { path: string }[];
      }
    | undefined;
  systemd?: { units?: { name: string; dropins?: { name: string }[] }[] } | undefined;
}

/** A problem found by {@link checkCrossEntries}, with its path as segments. */
export interface CrossEntryProblem {
  path: PathSegment[];
  message: string;
}

const NODE_KINDS = ['files', 'directories', 'links'] as const;

/**
 * Rules that span entries, matching the errors `ignition-validate` reports:
 * one node per path across files, directories and links ("duplicate entry defined");
 * no node below a path the same config makes a link ("file path includes link in
 * config"); unique unit names, drop-in names per unit, user names, and groups and
 * keys per user. Duplicates are rejected rather than merged, so no entry is lost
 * without the caller noticing.
 */
export function checkCrossEntries(config: CrossEntryInput): CrossEntryProblem[] {
  const problems: CrossEntryProblem[] = [];

  const nodes = new Map<string, PathSegment[]>();
  const links = new Map<string, PathSegment[]>();
  for (const kind of NODE_KINDS) {
    config.storage?.[kind]?.forEach((node, index) => {
      const at: PathSegment[] = ['storage', kind, index, 'path'];
      const first = nodes.get(node.path);
      if (first === undefined) nodes.set(node.path, at);
      else problems.push({ path: at, message: `duplicates ${formatPath(first)} ("${node.path}")` });
      if (kind === 'links' && !links.has(node.path)) links.set(node.path, at);
    });
  }
  for (const kind of NODE_KINDS) {
    config.storage?.[kind]?.forEach((node, index) => {
      const link = linkAbove(node.path, links);
      if (link !== undefined) {
        problems.push({
          path: ['storage', kind, index, 'path'],
          message: `lies below the link ${formatPath(link.at)} ("${link.path}"); Ignition does not write through links`,
        });
      }
    });
  }

  const units = new Map<string, number>();
  config.systemd?.units?.forEach((unit, index) => {
    const first = units.get(unit.name);
    if (first === undefined) units.set(unit.name, index);
    else problems.push({ path: ['systemd', 'units', index, 'name'], message: `duplicates systemd.units[${first}].name ("${unit.name}")` });
    problems.push(
      ...duplicates(
        unit.dropins?.map((d) => d.name),
        ['systemd', 'units', index, 'dropins'],
        'name',
      ),
    );
  });

  const users = new Map<string, number>();
  config.passwd?.users?.forEach((user, index) => {
    const first = users.get(user.name);
    if (first === undefined) users.set(user.name, index);
    else problems.push({ path: ['passwd', 'users', index, 'name'], message: `duplicates passwd.users[${first}].name ("${user.name}")` });
    problems.push(...duplicates(user.groups, ['passwd', 'users', index, 'groups']));
    problems.push(...duplicates(user.sshAuthorizedKeys, ['passwd', 'users', index, 'sshAuthorizedKeys']));
  });

  return problems;
}

function linkAbove(path: string, links: Map<string, PathSegment[]>): { path: string; at: PathSegment[] } | undefined {
  for (let slash = path.indexOf('/', 1); slash > 0; slash = path.indexOf('/', slash + 1)) {
    const ancestor = path.slice(0, slash);
    const at = links.get(ancestor);
    if (at !== undefined) return { path: ancestor, at };
  }
  return undefined;
}

function duplicates(values: string[] | undefined, list: PathSegment[], field?: string): CrossEntryProblem[] {
  const seen = new Map<string, number>();
  const problems: CrossEntryProblem[] = [];
  values?.forEach((value, index) => {
    const first = seen.get(value);
    if (first === undefined) {
      seen.set(value, index);
      return;
    }
    const at = field === undefined ? [...list, index] : [...list, index, field];
    const firstAt = field === undefined ? [...list, first] : [...list, first, field];
    problems.push({ path: at, message: `duplicates ${formatPath(firstAt)}` });
  });
  return problems;
}
