/**
 * The console's Content-Security-Policy. Pages get a fresh nonce per request (set by
 * `src/proxy.ts`): only scripts carrying it run, and `'strict-dynamic'` lets those load
 * the chunks they import, so an injected `<script>` or inline handler never runs. Styles
 * keep `'unsafe-inline'`: Mantine sets style attributes, which a nonce cannot cover, and a
 * style cannot run code.
 */
export function contentSecurityPolicy(nonce: string, options: { development?: boolean } = {}): string {
  const scripts = ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'"];
  // React's development build evaluates code to rebuild server stacks; production never does.
  if (options.development) scripts.push("'unsafe-eval'");
  return [
    "default-src 'self'",
    `script-src ${scripts.join(' ')}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** A nonce of 128 random bits, base64: unguessable and new for every page. */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

/** The request header the proxy hands the nonce to the page render in. */
export const NONCE_HEADER = 'x-nonce';
