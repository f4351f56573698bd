import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

/** The identity the server stands for: one tenant, one service principal. */
export interface Identity {
  tenantId: string;
  clientId: string;
  clientSecret: string;
}

const TOKEN_LIFETIME_SECONDS = 3599;
const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

/**
 * Mints and checks the bearer tokens the server accepts: JWTs signed with a key only this
 * server instance knows (HS256), audience ARM, for the one service principal. Tokens of
 * another server instance, expired ones and tampered ones are refused.
 */
export class TokenIssuer {
  private readonly key = randomBytes(32);

  constructor(private readonly identity: Identity) {}

  mint(scope = 'https://management.azure.com/.default'): { token: string; expiresOnTimestamp: number; expiresIn: number } {
    const now = Math.floor(Date.now() / 1000);
    const audience = scope.replace(/\/\.default$/, '').replace(/\/$/, '');
    const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
    const payload = b64url(
      JSON.stringify({
        aud: audience,
        iss: `https://sts.windows.net/${this.identity.tenantId}/`,
        iat: now,
        nbf: now,
        exp: now + TOKEN_LIFETIME_SECONDS,
        appid: this.identity.clientId,
        tid: this.identity.tenantId,
        oid: randomUUID(),
      }),
    );
    const signature = this.sign(`${header}.${payload}`);
    return { token: `${header}.${payload}.${signature}`, expiresOnTimestamp: (now + TOKEN_LIFETIME_SECONDS) * 1000, expiresIn: TOKEN_LIFETIME_SECONDS };
  }

  /** Why a presented token is refused, or undefined when it is good. */
  check(token: string): string | undefined {
    const parts = token.split('.');
    if (parts.length !== 3) return 'The access token is not a JWT.';
    const [header, payload, signature] = parts as [string, string, string];
    const expected = Buffer.from(this.sign(`${header}.${payload}`));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'The access token signature is invalid.';
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp: number; tid: string };
    if (claims.exp * 1000 < Date.now()) return 'The access token expiry UTC time is earlier than current UTC time.';
    if (claims.tid !== this.identity.tenantId) return `The access token is from the wrong issuer. It must match the tenant associated with this subscription.`;
    return undefined;
  }

  private sign(data: string): string {
    return createHmac('sha256', this.key).update(data).digest('base64url');
  }
}
