import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parseCluster, type Cluster } from '@strata/cluster-config';
import { InputError } from '@strata/errors';

/** Reads and validates a Cluster document (YAML, or JSON by extension); throws InputError with every problem. */
export async function readClusterFile(file: string | undefined): Promise<Cluster> {
  if (!file) throw new InputError('no Cluster document given: pass -f FILE (see examples/local.yaml)');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(code === 'ENOENT' ? `${file}: no such file` : `${file}: cannot read (${code ?? String(error)})`);
  }
  return parseCluster(text, { source: file, format: extname(file) === '.json' ? 'json' : 'yaml' });
}
