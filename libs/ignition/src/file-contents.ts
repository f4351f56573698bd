import type { IgnitionConfig } from './config-schema';
import { decodeDataUrl } from './encoding/data-url';
import { ignitionInputError } from './problems';

/**
 * The bytes of the file at `path` in a config, decoded from its `data:` URL;
 * `undefined` when the config has no such file, empty when the file has no contents
 * (Ignition then creates an empty file). Throws an `InputError` for contents it cannot
 * decode here: gzip-compressed contents or a source that is not a `data:` URL.
 */
export function fileContents(config: IgnitionConfig, path: string): Uint8Array | undefined {
  const files = config.storage?.files ?? [];
  const index = files.findIndex((file) => file.path === path);
  if (index < 0) return undefined;
  const contents = files[index]?.contents;
  if (contents?.source === undefined) return new Uint8Array(0);
  if (contents.compression !== undefined) {
    throw ignitionInputError([{ path: `storage.files[${index}].contents.compression`, message: `"${contents.compression}" contents cannot be decoded here` }]);
  }
  try {
    return decodeDataUrl(contents.source);
  } catch (error) {
    throw ignitionInputError([{ path: `storage.files[${index}].contents.source`, message: (error as Error).message }]);
  }
}
