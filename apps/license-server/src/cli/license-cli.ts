import { exitCodeOf, formatError } from '@strata/errors';
import { Command, InvalidArgumentError } from 'commander';
import { inspect, issue, keygen } from './commands';

function wholeNumber(min: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`must be a whole number of at least ${min}`);
    return n;
  };
}

function date(value: string): Date {
  const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(d.getTime())) throw new InvalidArgumentError('must be a date such as 2027-01-31');
  return d;
}

function list(value: string, previous: string[] = []): string[] {
  return [
    ...previous,
    ...value
      .split(',')
      .map((v) => v.trim())
      .filter((v) => v !== ''),
  ];
}

const program = new Command()
  .name('npm run license --')
  .description('Strata license issuer tooling: signing keys, offline license issue and inspection')
  .showHelpAfterError();

program
  .command('keygen')
  .description('create an Ed25519 signing key pair and its JWKS')
  .requiredOption('--out <dir>', 'directory for private.jwk.json (secret, mode 0600), public.jwk.json and jwks.json')
  .option('--kid <id>', 'key id (default: date plus key thumbprint)')
  .action((opts: { out: string; kid?: string }) => {
    const result = keygen(opts);
    console.log(`Created signing key ${result.kid}:\n${result.files.map((f) => `  ${f}`).join('\n')}`);
    console.log('Keep private.jwk.json secret. Ship jwks.json with products, or name it in STRATA_LICENSE_TRUSTED_KEYS.');
  });

program
  .command('issue')
  .description('sign a license with a key from keygen and write the license file')
  .requiredOption('--key <file>', 'private JWK written by keygen')
  .requiredOption('--customer <name>', 'customer name')
  .requiredOption('--nodes <n>', 'nodes allowed in total, control plane included', wholeNumber(1))
  .requiredOption('--days <d>', 'term in days from the start', wholeNumber(1))
  .requiredOption('--out <file>', 'license file to write')
  .option('--features <list>', 'comma-separated features (repeatable)', list)
  .option('--plan <plan>', 'plan name', 'standard')
  .option('--grace-days <d>', 'days the license keeps working after expiry', wholeNumber(0), 14)
  .option('--customer-id <id>', 'customer id (default: derived from the name)')
  .option('--starts <date>', 'first valid day (default: now)', date)
  .option('--force', 'replace an existing output file')
  .action(
    async (opts: {
      key: string;
      customer: string;
      nodes: number;
      days: number;
      out: string;
      features?: string[];
      plan: string;
      graceDays: number;
      customerId?: string;
      starts?: Date;
      force?: boolean;
    }) => {
      const { claims, file } = await issue(opts);
      console.log(
        `Issued ${claims.licenseId} for ${claims.customer.name}: ${claims.nodes} nodes, plan ${claims.plan}, ${claims.notBefore.slice(0, 10)} to ${claims.expiresAt.slice(0, 10)} (+${claims.graceDays} grace days) -> ${file}`,
      );
    },
  );

program
  .command('inspect')
  .description('verify a license file offline and print its claims; exits non-zero when it is not valid')
  .argument('<file>', 'license file')
  .option('--trusted-keys <jwks>', 'extra JWKS file to trust (repeatable)', (v: string, prev: string[] = []) => [...prev, v])
  .option('--json', 'print the claims as JSON')
  .action((file: string, opts: { trustedKeys?: string[]; json?: boolean }) => {
    const result = inspect(file, opts.trustedKeys ? { trustedKeys: opts.trustedKeys } : {});
    if (!result.ok) {
      console.error(result.text);
      process.exitCode = 2;
      return;
    }
    console.log(opts.json ? JSON.stringify({ kid: result.kid, claims: result.claims }, null, 2) : result.text);
  });

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(`license: ${formatError(error)}`);
  process.exit(exitCodeOf(error));
});
