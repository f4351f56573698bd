import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import { MAX_DOCUMENT_BYTES, parseCluster, type Cluster } from '@strata/cluster-config';
import { InputError } from '@strata/errors';

function kindOf(stats: { isDirectory(): boolean; isFIFO(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean }): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a pipe (FIFO)';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

function tooLarge(file: string): InputError {
  return new InputError(`${file}: larger than ${MAX_DOCUMENT_BYTES} bytes (1 MiB); a Cluster document is a few kilobytes`, [
    { path: '-f', message: `${file} is over the 1 MiB limit` },
  ]);
}

/** Standard input, read up to the size limit. */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_DOCUMENT_BYTES) throw tooLarge('-');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * A regular file's text, at most the size limit. The file is opened without blocking and its
 * type checked first, so a FIFO without a writer or an endless device such as /dev/zero is
 * refused at once instead of hanging the CLI.
 */
async function readBounded(file: string): Promise<string> {
  let handle;
  try {
    handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(code === 'ENOENT' ? `${file}: no such file` : `${file}: cannot read (${code ?? String(error)})`);
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw new InputError(`${file}: is ${kindOf(stats)}; pass a Cluster document file, or - for standard input`);
    if (stats.size > MAX_DOCUMENT_BYTES) throw tooLarge(file);
    const buffer = Buffer.alloc(MAX_DOCUMENT_BYTES + 1);
    let length = 0;
    // Read one byte past the limit, so a file that grew since fstat is still caught.
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > MAX_DOCUMENT_BYTES) throw tooLarge(file);
    return buffer.subarray(0, length).toString('utf8');
  } finally {
    await handle.close();
  }
}

/** Reads and validates a Cluster document (YAML, or JSON by extension; `-` is standard input); throws InputError with every problem. */
export async function readClusterFile(file: string | undefined): Promise<Cluster> {
  if (!file) throw new InputError('no Cluster document given: pass -f FILE (see examples/local.yaml)');
  const text = file === '-' ? await readStdin() : await readBounded(file);
  return parseCluster(text, { source: file === '-' ? '(standard input)' : file, format: extname(file) === '.json' ? 'json' : 'yaml' });
}
