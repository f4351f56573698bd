import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { getCACertificates, setDefaultCACertificates } from 'node:tls';

/** Files of the ARM test server's persistent test CA and its loopback serving certificate. */
export interface ArmTestCa {
  /** PEM of the CA: what `NODE_EXTRA_CA_CERTS` should name. */
  caFile: string;
  /** PEM private key of the serving certificate. */
  keyFile: string;
  /** PEM serving certificate for 127.0.0.1 and localhost, signed by the CA. */
  certFile: string;
}

/** The cache folder the CA lives in: `${XDG_CACHE_HOME:-~/.cache}/strata/azure-arm-ca`. */
export function armTestCaDir(): string {
  const cache = process.env['XDG_CACHE_HOME'] || join(homedir(), '.cache');
  return join(cache, 'strata', 'azure-arm-ca');
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

/**
 * Creates, once, a test CA and a loopback serving certificate under {@link armTestCaDir},
 * and returns their paths. It persists because the Azure SDK (through Node's TLS) trusts
 * an extra CA only from `NODE_EXTRA_CA_CERTS`, read when a process starts: the test
 * runner's configuration names the file before any server exists. Idempotent and safe
 * against concurrent callers (the material is made in a temporary folder and renamed into
 * place; the loser of a race uses the winner's files). Valid for ten years, test use only.
 */
export function ensureArmTestCa(): ArmTestCa {
  const dir = armTestCaDir();
  const files: ArmTestCa = { caFile: join(dir, 'ca.crt'), keyFile: join(dir, 'server.key'), certFile: join(dir, 'server.crt') };
  if (existsSync(files.caFile) && existsSync(files.keyFile) && existsSync(files.certFile)) return files;
  mkdirSync(join(dir, '..'), { recursive: true });
  const work = mkdtempSync(join(dir, '..', 'azure-arm-ca-'));
  try {
    const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
    openssl(
      [
        'req',
        '-x509',
        ...ec,
        '-keyout',
        'ca.key',
        '-out',
        'ca.crt',
        '-subj',
        '/CN=strata-azure-arm-test-ca',
        '-days',
        '3650',
        '-addext',
        'basicConstraints=critical,CA:TRUE',
        '-addext',
        'keyUsage=critical,keyCertSign,cRLSign',
      ],
      work,
    );
    writeFileSync(
      join(work, 'server.ext'),
      'subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature\nbasicConstraints=CA:FALSE\n',
    );
    openssl(['req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost'], work);
    openssl(
      [
        'x509',
        '-req',
        '-in',
        'server.csr',
        '-CA',
        'ca.crt',
        '-CAkey',
        'ca.key',
        '-CAcreateserial',
        '-days',
        '3650',
        '-extfile',
        'server.ext',
        '-out',
        'server.crt',
      ],
      work,
    );
    try {
      renameSync(work, dir);
    } catch (error) {
      // Another process made it first: use its files.
      if (!existsSync(files.caFile)) throw error;
    }
  } finally {
    if (existsSync(work)) rmSync(work, { recursive: true, force: true });
  }
  return files;
}

/** Reads the CA and serving material from disk. */
export function readArmTestCa(ca: ArmTestCa): { caPem: string; key: string; cert: string } {
  return { caPem: readFileSync(ca.caFile, 'utf8'), key: readFileSync(ca.keyFile, 'utf8'), cert: readFileSync(ca.certFile, 'utf8') };
}

/**
 * The value `NODE_EXTRA_CA_CERTS` should take so a process trusts the ARM test CA as well
 * as whatever extra CAs it already trusts: the CA file itself, or, when the variable
 * already names another bundle (many machines point it at the system store), a combined
 * bundle written once beside the CA.
 */
export function armTestCaEnv(current: string | undefined = process.env['NODE_EXTRA_CA_CERTS']): string {
  const { caFile } = ensureArmTestCa();
  if (!current || resolve(current) === resolve(caFile)) return caFile;
  const existing = existsSync(current) ? readFileSync(current, 'utf8') : '';
  const ours = readFileSync(caFile, 'utf8');
  if (existing.includes(ours.trim())) return current;
  const combined = `${existing.trimEnd()}\n${ours}`;
  const file = join(armTestCaDir(), `bundle-${createHash('sha256').update(combined).digest('hex').slice(0, 16)}.pem`);
  if (!existsSync(file)) {
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, combined);
    renameSync(temporary, file);
  }
  return file;
}

/**
 * Makes this process's TLS clients trust the ARM test CA from now on, besides the CAs they
 * trust already (Node 24's `tls.setDefaultCACertificates`). For processes whose environment
 * cannot be set before they start; others should prefer {@link armTestCaEnv}.
 */
export function trustArmTestCaInProcess(): void {
  const ours = readFileSync(ensureArmTestCa().caFile, 'utf8');
  const current = getCACertificates('default');
  if (current.some((pem) => pem.trim() === ours.trim())) return;
  setDefaultCACertificates([...current, ours]);
}
