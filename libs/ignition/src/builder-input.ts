/** Owner of a file, directory or link: a numeric id or a user/group name. */
export type OwnerInput = number | string;

/** What every {@link FileInput} has, whether its contents are embedded or fetched. */
interface FileInputBase {
  /** Absolute, normalized path in the machine's root, e.g. `/etc/kubernetes/kubelet.conf`. */
  path: string;
  /** Permission bits, e.g. `0o600`; defaults to `0o644`. */
  mode?: number;
  /** Replace whatever exists at the path (Ignition's default is to fail instead). */
  overwrite?: boolean;
  user?: OwnerInput;
  group?: OwnerInput;
}

/**
 * Input of {@link IgnitionBuilder.file}: embedded `contents`, or a remote `source` that
 * Ignition downloads when the machine first boots (exactly one of them).
 */
export type FileInput = FileInputBase &
  (
    | {
        /** File contents: strings are written as UTF-8, byte arrays as they are. */
        contents: string | Uint8Array;
        source?: never;
      }
    | {
        /** URL Ignition fetches the contents from: `https://`, `http://`, `s3://`, `gs://` or `tftp://`. */
        source: string;
        contents?: never;
      }
  );

/** Input of {@link IgnitionBuilder.directory}. */
export interface DirectoryInput {
  path: string;
  /** Permission bits; defaults to `0o755`. */
  mode?: number;
  overwrite?: boolean;
  user?: OwnerInput;
  group?: OwnerInput;
}

/** Input of {@link IgnitionBuilder.link}. */
export interface LinkInput {
  path: string;
  /** What the link points to; for a hard link an absolute path in the same root. */
  target: string;
  /** A hard link instead of a symbolic one. */
  hard?: boolean;
  overwrite?: boolean;
  user?: OwnerInput;
  group?: OwnerInput;
}

/** A systemd drop-in, written to `/etc/systemd/system/<unit>.d/<name>`. */
export interface DropinInput {
  /** File name ending in `.conf`. */
  name: string;
  contents: string;
}

/** Input of {@link IgnitionBuilder.unit}. */
export interface UnitInput {
  /** Unit name with its type suffix, e.g. `kubelet.service`. */
  name: string;
  /** Unit file contents; leave out to only enable, mask or add drop-ins to a shipped unit. */
  contents?: string;
  /** Enable the unit (needs an `[Install]` section when contents are given). */
  enabled?: boolean;
  /** Mask the unit (link it to /dev/null). */
  mask?: boolean;
  dropins?: DropinInput[];
}

/** Input of {@link IgnitionBuilder.user}. */
export interface UserInput {
  name: string;
  /** Public keys, one `authorized_keys` line each. */
  sshAuthorizedKeys?: string[];
  /** Supplementary groups; they must exist in the machine's image. */
  groups?: string[];
  uid?: number;
  primaryGroup?: string;
  homeDir?: string;
  shell?: string;
  /** Create a system account. */
  system?: boolean;
}
